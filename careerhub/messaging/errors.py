"""The error codes of messaging (stable; the messages are for people and may change)."""

from careerhub.core.errors import ErrorCode


class MessagingErrorCode(ErrorCode):
    NOT_RETRYABLE = "not_retryable"
    NO_ADDRESS = "no_address"
    INVALID_PHONE = "invalid_phone"
    INVALID_CHANNEL = "invalid_channel"
    CONSENT_REQUIRED = "consent_required"
