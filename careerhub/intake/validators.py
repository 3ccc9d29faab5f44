"""Input rules of the application form: no resident registration number, ever.

The rule itself is core's (``careerhub.core.validators``), shared by every free-text field of
every app; the names stay importable here because early migrations refer to them.
"""

from careerhub.core.validators import looks_like_resident_number, validate_no_resident_number

__all__ = ["looks_like_resident_number", "validate_no_resident_number"]
