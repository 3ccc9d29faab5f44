"""The monthly access review: accesses and distinct subjects per account and day, flagged.

An account-day is flagged when the account saw more distinct people that day than
``settings.ACCESS_REVIEW_DAILY_SUBJECTS`` (default 100), or more than three times its own median
day of the month (and at least ``ACCESS_REVIEW_MEDIAN_FLOOR``, default 10, so a quiet account's
five look-ups are not an alarm); a record made outside 07:00–22:00 (Korean time) is flagged too.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.core.models import AccessRecord

MEDIAN_FACTOR = 3
WORKING_HOURS = (7, 22)  # from 07:00 to before 22:00, Korean time


def daily_limit() -> int:
    return int(getattr(settings, "ACCESS_REVIEW_DAILY_SUBJECTS", 100))


def median_floor() -> int:
    return int(getattr(settings, "ACCESS_REVIEW_MEDIAN_FLOOR", 10))


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month's start and the next month's start, as aware datetimes in the site's zone."""
    start = month.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=zone),
        dt.datetime.combine(end, dt.time(), tzinfo=zone),
    )


def records_in(month: dt.date, *, user_id: int | None = None):
    start, end = month_bounds(month)
    records = AccessRecord.objects.filter(at__gte=start, at__lt=end)
    if user_id is not None:
        records = records.filter(actor_user_id=user_id)
    return records.order_by("at", "pk")


def is_off_hours(at: dt.datetime) -> bool:
    hour = timezone.localtime(at).hour
    return not (WORKING_HOURS[0] <= hour < WORKING_HOURS[1])


def _subject_keys(record: AccessRecord) -> set[str]:
    keys = {f"{kind}:{pk}" for kind, ids in (record.subjects or {}).items() for pk in ids}
    hidden = record.subject_count - len(keys)
    if hidden > 0:  # a list too long to store its ids counts as that many people
        keys |= {f"record{record.pk}:{i}" for i in range(hidden)}
    return keys


@dataclass
class AccountDay:
    day: dt.date
    records: int
    subjects: int
    flags: list[str] = field(default_factory=list)


@dataclass
class AccountMonth:
    user_id: int | None
    email: str
    name: str
    roles: list[str]
    records: int = 0
    off_hours: int = 0
    days: list[AccountDay] = field(default_factory=list)
    median: float = 0

    @property
    def subjects_max(self) -> int:
        return max((d.subjects for d in self.days), default=0)

    @property
    def flagged_days(self) -> list[AccountDay]:
        return [d for d in self.days if d.flags]

    @property
    def flagged(self) -> bool:
        return bool(self.off_hours or self.flagged_days)


def day_flags(subjects: int, median: float) -> list[str]:
    flags = []
    if subjects > daily_limit():
        flags.append(_("over %(n)s people a day") % {"n": daily_limit()})
    if median and subjects > MEDIAN_FACTOR * median and subjects >= median_floor():
        flags.append(_("over three times this account's median day"))
    return flags


def month_review(month: dt.date) -> list[AccountMonth]:
    """One row per account that accessed personal data in the month, flagged ones first."""
    accounts: dict[int | None, AccountMonth] = {}
    per_day: dict[int | None, dict[dt.date, tuple[int, set[str]]]] = defaultdict(dict)
    for record in records_in(month).iterator():
        key = record.actor_user_id
        account = accounts.setdefault(
            key,
            AccountMonth(key, record.actor_email, record.actor_name, list(record.actor_roles)),
        )
        account.records += 1
        account.off_hours += is_off_hours(record.at)
        day = timezone.localtime(record.at).date()
        count, seen = per_day[key].get(day, (0, set()))
        per_day[key][day] = (count + 1, seen | _subject_keys(record))
    for key, account in accounts.items():
        days = sorted(per_day[key].items())
        account.median = statistics.median(len(seen) for _day, (_n, seen) in days)
        account.days = [
            AccountDay(day, n, len(seen), day_flags(len(seen), account.median))
            for day, (n, seen) in days
        ]
    return sorted(accounts.values(), key=lambda a: (not a.flagged, -a.records, a.email))
