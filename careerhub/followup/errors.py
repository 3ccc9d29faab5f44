"""The error codes of check-ins: what a caller (a view, a test) may rely on."""

from careerhub.core.errors import ErrorCode


class FollowupErrorCode(ErrorCode):
    ALREADY_ANSWERED = "already_answered"
    END_DATE = "end_date"
    REQUIRED = "required"
    UNKNOWN_CHOICE = "unknown_choice"
