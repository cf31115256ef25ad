"""Time at a glance: the dated things of a rule set and of a vendor, as data.

* :mod:`.picture` — :func:`build_timeline`: the rows of the timeline picture (one bar per rule,
  grouped by law; one row per certification), the legal events and the as-of day;
* :mod:`.due` — :func:`due_items`: what falls due for a vendor (certificates and waivers expiring,
  rule due dates, rules entering into force or reaching their last day), overdue first.

The SVG and the iCalendar file are written by :mod:`compliance.documents` (floor 4).
"""

from .due import DueItem, DueReport, due_for_target, due_items
from .picture import Bar, CertificateRow, LawGroup, Timeline, build_timeline

__all__ = [
    "Bar", "CertificateRow", "DueItem", "DueReport", "LawGroup", "Timeline", "build_timeline", "due_for_target", "due_items",
]
