"""Masked contact details for lists: ``010-****-5678`` and ``ho***@example.com``.

Who sees what (PIPA's "minimum necessary"; the policy every page follows):

- **Lists of people** (the trainee list / talent pool, rosters, applicant lists, consulting and
  deadline lists) exist to find a person, not to contact them: phone numbers and emails there
  are masked for everyone, the program office included (``kphone_masked``, ``email_masked``).
  Recruiters see no contact column at all (``academy.policies.is_talent_pool_only``).
- **A person's detail page** shows them in full only to whom
  ``academy.policies.can_view_trainee_contact`` allows: the program office, the trainee's own
  operator staff and consultant, and the trainee; the intake application page only to staff
  who may read the application. Opening it is recorded as an access to personal data.
- **Lists that exist precisely to contact people** show them in full: a company's contact
  persons on the company page (business contacts, seen only by those the company policy
  lets in) and the office's list of emails that could not be delivered (its job is to fix
  the address).
"""

from __future__ import annotations

from careerhub.core import korean

MASK = "****"


def mask_phone(value: object) -> str:
    """010-1234-5678 → 010-****-5678; the middle part hidden, any Korean format."""
    text = str(value or "").strip()
    if not text:
        return ""
    formatted = korean.format_phone(text)
    parts = formatted.split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    if len(parts) == 2:  # 1588-1234: a company line, nothing personal to hide but the middle
        return f"{parts[0]}-{parts[1][:1]}***"
    digits = korean.digits_only(text)
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_email(value: object) -> str:
    """hong@example.com → ho***@example.com; the length of the name is not given away."""
    text = str(value or "").strip()
    if not text:
        return ""
    local, at, domain = text.rpartition("@")
    if not at:
        return text[:2] + "***"
    return f"{local[:2] if len(local) > 2 else local[:1]}***@{domain}"
