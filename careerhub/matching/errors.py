"""The error codes of matching: what a caller (a view, the API, a test) may rely on.

Messages are for people and may change; codes are stable. Each is its own string value.
"""

from careerhub.core.errors import ErrorCode


class MatchingErrorCode(ErrorCode):
    BAD_COURSE = "bad_course"
    BAD_KIND = "bad_kind"
    BAD_PARAMETERS = "bad_parameters"
    BAD_PLACES = "bad_places"
    BAD_SCOPE = "bad_scope"
    BAD_TRAINEE = "bad_trainee"
    BEFORE_DEADLINE = "before_deadline"
    DEADLINE_PASSED = "deadline_passed"
    DEADLINE_PAST = "deadline_past"
    DUPLICATE = "duplicate"
    DUPLICATE_CHOICE = "duplicate_choice"
    EMPTY = "empty"
    INTERVIEW_EARLY = "interview_early"
    NO_ROLE = "no_role"
    NOT_ELIGIBLE = "not_eligible"
    NOT_FINISHED = "not_finished"
    NOT_IN_ROUND = "not_in_round"
    NOT_MATCHED = "not_matched"
    NOTHING_LEFT = "nothing_left"
    POSTING_NOT_OPEN = "posting_not_open"
    PUBLISHED = "published"
    RANKING_CLOSED = "ranking_closed"
    REASON_REQUIRED = "reason_required"
    REQUIRED = "required"
    ROUND_OPEN = "round_open"
    STALE = "stale"
    TOO_MANY_PINS = "too_many_pins"
    UNKNOWN_OPENING = "unknown_opening"
    INVALID_ANNOUNCEMENT = "invalid_announcement"
    AUDIENCE_CHANGED = "audience_changed"
    AUDIENCE_EMPTY = "audience_empty"
