"""The error codes of reports: what a caller (a view, the API, a test) may rely on.

Messages are for people and may change; codes are stable. Each is its own string value.
"""

from careerhub.core.errors import ErrorCode


class ReportsErrorCode(ErrorCode):
    INVALID = "invalid"
    TOO_SHORT = "too_short"
