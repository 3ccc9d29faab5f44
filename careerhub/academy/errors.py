"""The error codes of academy: what a caller (a view, the API, a test) may rely on.

Messages are for people and may change; codes are stable. Each is its own string value.
"""

from careerhub.core.errors import ErrorCode


class AcademyErrorCode(ErrorCode):
    ALREADY_ANONYMISED = "already_anonymised"
    ALREADY_DECIDED = "already_decided"
    CAPACITY_BELOW_ENROLLED = "capacity_below_enrolled"
    COHORT_NUMBER_LOCKED = "cohort_number_locked"
    COHORT_NUMBER_TAKEN = "cohort_number_taken"
    COURSE_NAME_TAKEN = "course_name_taken"
    COURSE_OPERATOR_LOCKED = "course_operator_locked"
    COURSE_OUTSIDE_COHORT = "course_outside_cohort"
    DATES_ORDER = "dates_order"
    DUPLICATE_SKILL = "duplicate_skill"
    FUTURE_DATE = "future_date"
    HAS_LOGIN = "has_login"
    INVALID_KIND = "invalid_kind"
    INVALID_LEVEL = "invalid_level"
    INVALID_PHONE = "invalid_phone"
    INVALID_PURPOSE = "invalid_purpose"
    INVALID_STATUS = "invalid_status"
    MEMBER_NOT_IN_COURSE = "member_not_in_course"
    NO_SKILLS = "no_skills"
    NOT_IN_COURSE = "not_in_course"
    OVER_COHORT_CAPACITY = "over_cohort_capacity"
    REASON_REQUIRED = "reason_required"
    REQUEST_PENDING = "request_pending"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    STATUS_UNCHANGED = "status_unchanged"
    TOO_MANY_ROLES = "too_many_roles"
    UNKNOWN_SKILL = "unknown_skill"
    WINDOW_AFTER_TRAINING = "window_after_training"
    WINDOW_INCOMPLETE = "window_incomplete"
