"""Rich's boxed table for plain text, drawn without importing Rich's console (start-up).

`compliance rules list` spent about 60 ms of its start-up importing Rich's console and letting it
lay out a table (benchmarks/bench_startup.py). When the output is not a terminal (a pipe, a file,
a test) the table is plain text, and this module draws it itself, to the byte as Rich draws
``Table()`` with its defaults: heavy-head box, one space of padding, columns as wide as their
content, wrapable columns shrunk (widest first) until the table fits, words wrapped greedily.

It declines -- :func:`draw` returns ``None`` and the caller hands the table to Rich -- whenever
Rich would do something this module does not: a terminal (colours, the terminal's width), an
output encoding other than UTF-8 (Rich switches to ASCII boxes), tabs, a word longer than its
column (Rich cuts it with an ellipsis), or no-wrap columns wider than the page. (Our consoles
never replace ``:emoji:`` codes: :func:`.common.console`.) Cell widths are measured with ``rich.cells.cell_len`` (a
small module without the console), so wide characters count as Rich counts them.
tests/test_boxtable.py compares both on generated tables and on the real rule tables.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")
#: Our console's width for output that is not a terminal (cli.common.console).
DEFAULT_WIDTH = 120


def page_width(stream: TextIO | None = None, environ: Mapping[str, str] = os.environ) -> int | None:
    """The width our Rich console would lay a table out in on ``stream`` (default: stdout), or
    ``None`` when Rich would treat the output as a terminal or pick boxes other than UTF-8 ones."""
    stream = sys.stdout if stream is None else stream
    tty_compatible = environ.get("TTY_COMPATIBLE", "")  # Rich's order: TTY_COMPATIBLE, FORCE_COLOR, isatty
    if tty_compatible == "1":
        return None
    if tty_compatible != "0":
        force_color = environ.get("FORCE_COLOR")
        if force_color:
            return None
        try:
            if force_color is None and stream.isatty():
                return None
        except (AttributeError, ValueError):
            return None
    if not (getattr(stream, "encoding", None) or "").lower().startswith("utf"):
        return None
    columns = environ.get("COLUMNS")
    if columns is None:
        return DEFAULT_WIDTH
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def plain_ok(text: str) -> bool:
    """Whether Rich would print ``text`` unchanged (no tab to expand)."""
    return "\t" not in text


def draw(headers: Sequence[str], rows: Sequence[Sequence[str]], no_wrap: Sequence[bool], width: int) -> str | None:
    """The table as Rich's ``Table()`` prints it on a page ``width`` cells wide (lines joined,
    trailing newline), or ``None`` when Rich must draw it (see the module docstring)."""
    from rich.cells import cell_len

    cells = [list(headers), *(list(r) for r in rows)]
    if any(not plain_ok(c) for row in cells for c in row):
        return None
    inner = width - 2 - (len(headers) - 1)  # borders: two edges and one rule between columns
    if inner < 1:
        return None
    full = []  # each column's widest line, and its longest word, with the padding
    longest_word = []
    for i in range(len(headers)):
        column = [row[i] for row in cells]
        full.append(max(cell_len(line) for c in column for line in c.split("\n")) + 2)
        longest_word.append(max((cell_len(w) for c in column for w in c.split()), default=0) + 2)
    widths = [min(inner, w) for w in full]
    if sum(widths) > inner:
        widths = _collapse(widths, [not nw for nw in no_wrap], inner)
        if sum(widths) > inner:
            return None  # Rich would shrink every column evenly and cut words
    for i, w in enumerate(widths):
        if w < 3 or (w < full[i] and (no_wrap[i] or longest_word[i] > w)):
            return None  # a column too narrow for one of its lines or words: Rich cuts them
    try:
        out = [_rule("┏", "━", "┳", "┓", widths)]
        out += _row(cells[0], widths, "┃", cell_len, bottom=True)
        out.append(_rule("┡", "━", "╇", "┩", widths))
        for row in cells[1:]:
            out += _row(row, widths, "│", cell_len)
        out.append(_rule("└", "─", "┴", "┘", widths))
    except _Decline:
        return None
    return "\n".join(out) + "\n"


class _Decline(Exception):
    """A line Rich would cut with an ellipsis."""


def _rule(left: str, line: str, cross: str, right: str, widths: Sequence[int]) -> str:
    return left + cross.join(line * w for w in widths) + right


def _row(row: Sequence[str], widths: Sequence[int], bar: str, cell_len, bottom: bool = False) -> list[str]:  # noqa: ANN001
    """The lines of one row; cells aligned at the top (the header's at the bottom, as Rich does)."""
    columns = [_wrap(text, w - 2, cell_len) for text, w in zip(row, widths)]
    height = max(len(c) for c in columns)
    if bottom:
        columns = [[""] * (height - len(c)) + c for c in columns]
    lines = []
    for n in range(height):
        parts = []
        for column, w in zip(columns, widths):
            text = column[n] if n < len(column) else ""
            parts.append(" " + text + " " * (w - 2 - cell_len(text)) + " ")
        lines.append(bar + bar.join(parts) + bar)
    return lines


def _wrap(text: str, width: int, cell_len) -> list[str]:  # noqa: ANN001
    """Lines of ``text`` at most ``width`` cells, broken as Rich's ``divide_line`` breaks them
    (words keep their trailing blanks; a line's blanks beyond the width are dropped)."""
    lines = []
    for line in text.split("\n"):
        breaks, offset = [], 0
        for match in _WORD.finditer(line):
            start, word = match.start(), match.group(0)
            if width - offset >= cell_len(word.rstrip()):
                offset += cell_len(word)
            elif offset and start:
                breaks.append(start)
                offset = cell_len(word)
        for a, b in zip([0, *breaks], [*breaks, len(line)]):
            piece = line[a:b]
            excess = len(piece) - width  # Rich's rstrip_end counts characters, not cells
            if excess > 0:
                blanks = _TRAILING_SPACE.search(piece)
                piece = piece[: len(piece) - min(len(blanks.group(0)) if blanks else 0, excess)]
            if cell_len(piece) > width:
                raise _Decline
            lines.append(piece)
    return lines


def _collapse(widths: list[int], wrapable: list[bool], limit: int) -> list[int]:
    """Shrink the widest wrapable columns until the widths fit ``limit`` (Rich's rule,
    ``Table._collapse_widths`` with ``ratio_reduce``)."""
    excess = sum(widths) - limit
    while any(wrapable) and sum(widths) and excess > 0:
        widest = max(w for w, ok in zip(widths, wrapable) if ok)
        second = max((w if ok and w != widest else 0) for w, ok in zip(widths, wrapable))
        ratios = [1 if ok and w == widest else 0 for w, ok in zip(widths, wrapable)]
        step = widest - second
        if not step:
            break
        remaining, share, reduced = excess, sum(ratios), []
        for ratio, w in zip(ratios, widths):
            if ratio:
                cut = min(min(excess, step), round(remaining / share))
                reduced.append(w - cut)
                remaining -= cut
                share -= 1
            else:
                reduced.append(w)
        widths = reduced
        excess = sum(widths) - limit
    return widths
