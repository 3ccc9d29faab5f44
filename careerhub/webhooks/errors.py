"""The error codes of webhooks (stable; the messages are for people and may change)."""

from careerhub.core.errors import ErrorCode


class WebhooksErrorCode(ErrorCode):
    URL_NOT_HTTPS = "url_not_https"
    URL_NOT_ALLOWED = "url_not_allowed"
    URL_UNRESOLVED = "url_unresolved"
    NO_EVENTS = "no_events"
    UNKNOWN_EVENT = "unknown_event"
    SCOPE_OWNER = "scope_owner"
    INACTIVE = "endpoint_inactive"
    NOT_REDELIVERABLE = "not_redeliverable"
