"""Publication-date ranges and day partitions of a backfill (UTC days; ``until`` inclusive)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True)
class DateRange:
    """``since``/``until`` are publication dates, both inclusive; ``None`` leaves that side open."""

    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"--since {self.since} is after --until {self.until}")

    def contains_day(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def contains(self, moment: datetime | None) -> bool:
        """An undated article is kept: the range cannot exclude what it cannot place."""
        return moment is None or self.contains_day(day_of(moment))

    @property
    def start(self) -> datetime | None:
        """The first instant in range (a capture before it cannot hold an article published in range)."""
        return datetime.combine(self.since, time.min, UTC) if self.since else None


def day_of(moment: datetime) -> date:
    """The UTC day of an instant (naive instants are UTC, as everywhere in the pipeline)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).date()


def parse_day(text: str) -> date:
    """``2026-03-01`` (or a full ISO timestamp, whose UTC day is taken); a ValueError that says what was expected."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return day_of(datetime.fromisoformat(text))
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}") from None


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
