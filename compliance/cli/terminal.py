"""Text on its way to a terminal: the one place that makes vendor and rule text harmless there.

Profiles, answers, rule files and PDFs are untrusted; their text may carry terminal control
sequences (``ESC[31m`` colours, ``ESC]8;;url`` hyperlinks, a title change, a cursor move, a
carriage return that hides the start of a line, bidirectional overrides). Everything the CLI
prints that comes from input goes through :func:`safe`, which shows such characters escaped
(``\\x1b``) instead of sending them; line feeds and tabs are kept.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: Any) -> str:
    """``text`` (any value, as ``str``) with terminal control characters shown escaped."""
    return _CONTROL.sub(_visible, str(text))


def markup_safe(text: Any) -> str:
    """:func:`safe`, then escaped for Rich markup (for consoles that interpret ``[bold]``)."""
    from rich.markup import escape

    return escape(safe(text))
