"""The error codes of companies: what a caller (a view, the API, a test) may rely on.

Messages are for people and may change; codes are stable. Each is its own string value.
"""

from careerhub.core.errors import ErrorCode


class CompaniesErrorCode(ErrorCode):
    DUPLICATE_BUSINESS_NUMBER = "duplicate_business_number"
    INVALID_BUSINESS_NUMBER = "invalid_business_number"
    INVALID_PHONE = "invalid_phone"
    BEFORE_LAST_CHANGE = "before_last_change"
    FUTURE_DATE = "future_date"
    INVALID_STAGE = "invalid_stage"
    STAGE_TRANSITION_NOT_ALLOWED = "stage_transition_not_allowed"
