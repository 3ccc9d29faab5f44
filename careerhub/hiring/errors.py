"""The error codes of hiring: what a caller (a view, the API, a test) may rely on.

Messages are for people and may change; codes are stable. Each is its own string value.
"""

from careerhub.core.errors import ErrorCode


class HiringErrorCode(ErrorCode):
    DUPLICATE_SKILL = "duplicate_skill"
    UNKNOWN_SKILL = "unknown_skill"
