"""The error codes of the access review."""

from careerhub.core.errors import ErrorCode


class AuditErrorCode(ErrorCode):
    NOTE_REQUIRED = "note_required"
    FUTURE_MONTH = "future_month"
