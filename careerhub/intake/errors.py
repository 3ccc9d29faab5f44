"""The error codes of intake: what a caller (a view, the API, a test) may rely on.

Messages are for people and may change; codes are stable. Each is its own string value.
"""

from careerhub.core.errors import ErrorCode


class IntakeErrorCode(ErrorCode):
    ALREADY_CONFIRMED = "already_confirmed"
    BIRTH_DATE = "birth_date"
    CHOICE_GAP = "choice_gap"
    CONSENT_REQUIRED = "consent_required"
    DEADLINE_PASSED = "deadline_passed"
    DUPLICATE = "duplicate"
    ENROLMENT_REFUSED = "enrolment_refused"
    INVALID_OVERRIDE = "invalid_override"
    INVALID_PHONE = "invalid_phone"
    NO_OFFER = "no_offer"
    NO_WINDOW = "no_window"
    NOT_OPEN = "not_open"
    NO_COURSES = "no_courses"
    CLOSES_IN_PAST = "closes_in_past"
    CLOSES_AFTER_TRAINING = "closes_after_training"
    RECRUITMENT_OPEN = "recruitment_open"
    PUBLISHED = "published"
    REPEATED_CHOICE = "repeated_choice"
    RESIDENT_NUMBER = "resident_number"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    STAGE_IN_USE = "stage_in_use"
    STALE_RUN = "stale_run"
    UNKNOWN_STAGE = "unknown_stage"
    WINDOW_OPEN = "window_open"
    WITHDRAWN = "withdrawn"
    NO_CHOICE = "no_choice"
    REASON_REQUIRED = "reason_required"
    SCORES_ABOVE = "scores_above"
    TOO_MANY_CHOICES = "too_many_choices"
    UNKNOWN_COURSE = "unknown_course"
