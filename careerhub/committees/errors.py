"""The error codes of committees: what a caller (a view, the API, a test) may rely on.

Messages are for people and may change; codes are stable. Each is its own string value.
"""

from careerhub.core.errors import ErrorCode


class CommitteesErrorCode(ErrorCode):
    COMPANY_MISSING = "company_missing"
    INVALID = "invalid"
    MEETING_IN_FUTURE = "meeting_in_future"
    MEETING_NOT_HELD = "meeting_not_held"
    MINUTES_NOT_READY = "minutes_not_ready"
    NOT_A_MEMBER = "not_a_member"
    OPERATOR_MISSING = "operator_missing"
