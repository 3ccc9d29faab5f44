"""The error codes of hiring: what a caller (a view, the API, a test) may rely on.

Messages are for people and may change; codes are stable. Each is its own string value.
"""

from careerhub.core.errors import ErrorCode


class HiringErrorCode(ErrorCode):
    DEADLINE_ORDER = "deadline_order"
    DEADLINE_PAST = "deadline_past"
    DUPLICATE_SKILL = "duplicate_skill"
    EMPTY_RESPONSE = "empty_response"
    POSTING_TRANSITION_NOT_ALLOWED = "posting_transition_not_allowed"
    REVIEW_PENDING = "review_pending"
    ROLE_MISSING = "role_missing"
    ROUND_CLOSED = "round_closed"
    ROUND_NOT_OPEN = "round_not_open"
    SALARY_ORDER = "salary_order"
    WINDOW_ORDER = "window_order"
