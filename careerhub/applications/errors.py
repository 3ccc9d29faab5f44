"""The error codes of applications: what a caller (a view, the API, a test) may rely on.

Messages are for people and may change; codes are stable. Each is its own string value.
"""

from careerhub.core.errors import ErrorCode


class ApplicationsErrorCode(ErrorCode):
    BEHALF_CONSENT_REQUIRED = "behalf_consent_required"
    DROPPED = "dropped"
    DUPLICATE = "duplicate"
    ILLEGAL_TRANSITION = "illegal_transition"
    MISSING_DETAILS = "missing_details"
    NO_PROVISION_CONSENT = "no_provision_consent"
    POSTING_NOT_OPEN = "posting_not_open"
    SENT = "sent"
    STALE_VERSION = "stale_version"
