"""The error codes of consulting: what a caller (a view, the API, a test) may rely on.

Messages are for people and may change; codes are stable. Each is its own string value.
"""

from careerhub.core.errors import ErrorCode


class ConsultingErrorCode(ErrorCode):
    BOOKING_CUTOFF = "booking_cutoff"
    CANCEL_CUTOFF = "cancel_cutoff"
    CANCELLED = "cancelled"
    DROPPED = "dropped"
    INVALID = "invalid"
    INVALID_STATUS = "invalid_status"
    NOT_BOOKED = "not_booked"
    NOT_STARTED = "not_started"
    OPERATOR_CONSENT_WITHDRAWN = "operator_consent_withdrawn"
    PAST = "past"
    PLACE_REQUIRED = "place_required"
    REQUIRED = "required"
    SLOT_OVERLAP = "slot_overlap"
    SLOT_TAKEN = "slot_taken"
    SLOT_WITHDRAWN = "slot_withdrawn"
    STARTED = "started"
    STARTUP_TEAM = "startup_team"
    TOO_LONG = "too_long"
    TOO_MANY = "too_many"
    TRAINEE_OVERLAP = "trainee_overlap"
    WITHDRAWN = "withdrawn"
