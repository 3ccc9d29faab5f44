"""Korean formats: dates (2026. 3. 1.), phones (010-1234-5678), money (1,234,000원) and
business registration numbers (사업자등록번호, 123-45-67890) with their checksum."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

_NON_DIGITS = re.compile(r"\D")

# Weights of the 사업자등록번호 checksum (국세청 rule): the ninth digit also adds floor(d*5/10).
_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def digits_only(value: str) -> str:
    return _NON_DIGITS.sub("", value or "")


def business_number_is_valid(value: str) -> bool:
    """True when ``value`` (hyphens optional) has ten digits and a correct check digit."""
    raw = (value or "").strip()
    if not re.fullmatch(r"\d{3}-?\d{2}-?\d{5}", raw):
        return False
    digits = [int(c) for c in digits_only(raw)]
    total = sum(d * w for d, w in zip(digits[:9], _BRN_WEIGHTS, strict=True))
    total += (digits[8] * 5) // 10
    return (10 - total % 10) % 10 == digits[9]


def business_number_normalize(value: str) -> str:
    """The stored form: ten digits, no hyphens."""
    return digits_only(value)


def format_business_number(value: str) -> str:
    digits = digits_only(value)
    if len(digits) != 10:
        return value or ""
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def phone_normalize(value: str) -> str:
    return digits_only(value)


def phone_is_valid(value: str) -> bool:
    digits = digits_only(value)
    if re.fullmatch(r"01[016789]\d{7,8}", digits):
        return True
    if re.fullmatch(r"02\d{7,8}", digits):
        return True
    if re.fullmatch(r"0[3-6]\d\d{7,8}|070\d{8}", digits):
        return True
    return bool(re.fullmatch(r"1[5-9]\d{6}", digits))


def format_phone(value: str) -> str:
    """010-1234-5678, 02-123-4567, 062-123-4567, 1588-1234; anything else unchanged."""
    d = digits_only(value)
    if re.fullmatch(r"1[5-9]\d{6}", d):
        return f"{d[:4]}-{d[4:]}"
    if d.startswith("02") and len(d) in (9, 10):
        return f"02-{d[2:-4]}-{d[-4:]}"
    if d.startswith("0") and len(d) in (10, 11):
        return f"{d[:3]}-{d[3:-4]}-{d[-4:]}"
    return value or ""


def format_date(value: dt.date | dt.datetime | None) -> str:
    """2026. 3. 1. — the form Korean offices write dates in."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}. {value.month}. {value.day}."


def format_month(value: dt.date | dt.datetime | None) -> str:
    """2026. 3. — a month, as in a monthly report or a hiring month."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}. {value.month}."


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local)} {local.hour:02d}:{local.minute:02d}"


def format_money(value: int | Decimal | float | None) -> str:
    """1,234,000원 (rounded to the won)."""
    if value is None:
        return ""
    return f"{round(Decimal(value)):,}원"


def format_percent(value: float | Decimal | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:.{digits}f}%"


# --- particles (조사) ---------------------------------------------------------------------
# A Korean particle depends on the sound the word before it ends with: 을/를, 이/가, 은/는,
# 과/와 on whether the last syllable has a final consonant (받침), 으로/로 too except that a
# final ㄹ takes 로 (서울로, 광주로, 부산으로).

_PARTICLES: dict[str, tuple[str, str]] = {}
for _after_consonant, _after_vowel in (
    ("을", "를"),
    ("이", "가"),
    ("은", "는"),
    ("과", "와"),
    ("으로", "로"),
    ("이나", "나"),
    ("이라고", "라고"),
    ("이에요", "예요"),
):
    _PARTICLES[_after_consonant] = _PARTICLES[_after_vowel] = (_after_consonant, _after_vowel)

_RIEUL = 8  # index of ㄹ among the final consonants of a Hangul syllable
# How digits and Latin letters are read aloud: 일(1), 칠(7), 팔(8) end in ㄹ; 영, 삼, 육 in
# another consonant; ...l, m, n, ...ing as English words ending in a consonant sound.
_DIGIT_FINAL = {
    "0": 21,
    "1": _RIEUL,
    "2": 0,
    "3": 16,
    "4": 0,
    "5": 0,
    "6": 1,
    "7": _RIEUL,
    "8": _RIEUL,
    "9": 0,
}
_LATIN_FINAL = {"l": _RIEUL, "m": 16, "n": 4, "k": 1, "p": 17, "t": 0, "b": 0, "g": 0}
_CLOSERS = "'\"’”」』)]}>.·%"


def _final_consonant(word: str) -> int | None:
    """The index of the final consonant of ``word``'s last sound (0: none), None if unknown.
    Closing quotes and brackets are skipped; a bracketed aside is read past ("과정(심화)")."""
    text = str(word).rstrip()
    while text and text[-1] in _CLOSERS:
        if text[-1] == ")" and "(" in text:
            text = text[: text.rindex("(")].rstrip()
        else:
            text = text[:-1].rstrip()
    if not text:
        return None
    last = text[-1]
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28
    if last in _DIGIT_FINAL:
        return _DIGIT_FINAL[last]
    if last.isascii() and last.isalpha():
        return _LATIN_FINAL.get(last.lower(), 0)
    return None


def particle(word: object, particle_: str) -> str:
    """The form of ``particle_`` (any of its two forms: "을" or "를", "로" or "으로") that
    follows ``word``: particle("서울", "로") → "로", particle("부산", "로") → "으로"."""
    pair = _PARTICLES.get(particle_)
    if pair is None:
        return particle_
    after_consonant, after_vowel = pair
    final = _final_consonant(str(word))
    if final is None:
        return f"{after_consonant}({after_vowel})" if after_consonant != "으로" else "(으)로"
    if after_consonant == "으로":
        return after_vowel if final in (0, _RIEUL) else after_consonant
    return after_vowel if final == 0 else after_consonant


def with_particle(word: object, particle_: str) -> str:
    """``word`` followed by the right form of ``particle_``: 지원동기가, 종료로, 서류 합격으로."""
    return f"{word}{particle(word, particle_)}"


_UNFILLED = re.compile(r"(?<=\S)(\(으\)로|이\(가\)|을\(를\)|은\(는\)|과\(와\)|와\(과\)|이\(나\))")


def fill_particles(text: str) -> str:
    """Resolve the notation translators write when they cannot know the word (“%(x)s을(를)”)
    once the word is in: “지원동기을(를)” → “지원동기를”."""

    def choose(match: re.Match[str]) -> str:
        before = text[: match.start()]
        form = match.group(1)
        base = "로" if form == "(으)로" else form[0] if form[0] != "와" else "와"
        chosen = particle(before, base)
        return form if "(" in chosen else chosen

    return _UNFILLED.sub(choose, text)


# --- ranges -----------------------------------------------------------------------------------


def _as_month(value: dt.date | str | None) -> dt.date | None:
    """A date, or an ISO month or day as stored in a JSON snapshot ("2027-02", "2027-02-01")."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:7] + "-01")
    except ValueError:
        return None


def format_month_range(start: dt.date | str | None, end: dt.date | str | None) -> str:
    """2027. 2.–2027. 4. (one month: 2027. 2.)."""
    start, end = _as_month(start), _as_month(end)
    if start is None and end is None:
        return ""
    if start is None or end is None or (start.year, start.month) == (end.year, end.month):
        return format_month(start or end)
    return f"{format_month(start)}–{format_month(end)}"


def format_manwon(value: int | None) -> str:
    """3,600만 원 (a salary given in 만 원)."""
    if value is None:
        return ""
    return f"{int(value):,}만 원"


def format_manwon_range(low: int | None, high: int | None) -> str:
    """3,600만–4,200만 원; one end only: 3,600만 원 이상 / 4,200만 원 이하."""
    if low is None and high is None:
        return ""
    if high is None:
        return f"{int(low):,}만 원 이상"  # type: ignore[arg-type]
    if low is None:
        return f"{int(high):,}만 원 이하"
    if low == high:
        return format_manwon(low)
    return f"{int(low):,}만–{int(high):,}만 원"
