"""The error codes of outcomes: what a caller (a view, the API, a test) may rely on.

Messages are for people and may change; codes are stable. Each is its own string value.
"""

from careerhub.core.errors import ErrorCode


class OutcomesErrorCode(ErrorCode):
    ALREADY_CONFIRMED = "already_confirmed"
    EVIDENCE_REQUIRED = "evidence_required"
    EVIDENCE_SIZE = "evidence_size"
    EVIDENCE_TYPE = "evidence_type"
    INVALID_INTENT = "invalid_intent"
    MEMBER_OPERATOR = "member_operator"
    REQUIRED = "required"
    SELF_MEMBER = "self_member"
    STALE_VERSION = "stale_version"
    UNCHANGED = "unchanged"
    USE_REGISTRATION = "use_registration"
