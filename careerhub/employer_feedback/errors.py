"""The error codes of employer feedback: stable strings a view, the API or a test may rely on."""

from careerhub.core.errors import ErrorCode


class FeedbackErrorCode(ErrorCode):
    NO_RATING = "no_rating"
    NOT_A_POSTING_SKILL = "not_a_posting_skill"
    RATING_OUT_OF_RANGE = "rating_out_of_range"
