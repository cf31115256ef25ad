"""`compliance due --format ics`: what falls due as an iCalendar file (RFC 5545), written with the
``icalendar`` library (imported only here, only when a calendar is written).

One all-day event per due item, with a stable UID (the same vendor, kind, item and date give the
same UID, so a re-import updates the event instead of duplicating it), a description naming the
vendor, the rule and its source, the source as URL, and a display alarm ``remind_days`` days ahead.
DTSTAMP is the as-of date (midnight UTC): same inputs, same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from ..i18n import text
from ..timeline import DueItem, DueReport

PRODID = "-//compliance//due//EN"
UID_DOMAIN = "compliance.due"


def due_uid(item: DueItem) -> str:
    """A stable UID: a hash of vendor, kind, item (certificate, question or rule id) and date."""
    key = "\0".join([item.vendor, str(item.kind), item.ref, item.date.isoformat()])
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@{UID_DOMAIN}"


def due_calendar(report: DueReport, lang: str = "de", remind_days: int = 30) -> str:
    """The report's items as iCalendar text (CRLF line ends, as RFC 5545 asks)."""
    import icalendar

    t = lambda key, **kw: text(lang, f"documents.{key}", **kw)  # noqa: E731 - a short local alias
    stamp = dt.datetime.combine(report.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"compliance due {report.as_of.isoformat()}")
    for item in report.items:
        kind = t(f"due_kind_{item.kind}")
        event = icalendar.Event()
        event.add("uid", due_uid(item))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("summary", f"{item.vendor}: {kind} – {item.ref}")
        description = t("due_description", vendor=f"{item.vendor_name} ({item.vendor})",
                        rule=item.rule or t("due_none"), source=item.source or t("due_none"))
        event.add("description", f"{item.title.get(lang, item.ref)}\n{description}")
        if item.source:
            event.add("url", item.source)
        event.add("categories", [str(item.kind)])
        event.add("transp", "TRANSPARENT")
        if remind_days > 0:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", dt.timedelta(days=-remind_days))
            alarm.add("description", t("due_reminder", kind=kind, days=remind_days, ref=item.ref))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
