"""Helpers of the office tests: filling an answers workbook as a vendor would, and running
LibreOffice headless (each run with its own throw-away profile; soffice exits 0 even when it
wrote nothing, so the output file is checked)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

SOFFICE = shutil.which("soffice")
#: Why a LibreOffice test cannot run here (``None``: it can).
NO_LIBREOFFICE = None if SOFFICE else "soffice not installed (scripts/setup.sh installs libreoffice-calc-nogui and -writer-nogui)"


def libreoffice(src: Path | list[Path], fmt: str, outdir: Path, *, timeout: float = 180) -> Path | list[Path]:
    """``soffice --headless --convert-to FMT`` of ``src`` (one file, or several in one run) into
    ``outdir``; the file(s) written."""
    sources = src if isinstance(src, list) else [src]
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        proc = subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
             "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)],
            capture_output=True, text=True, timeout=timeout, env={**os.environ, "HOME": str(profile)})
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    outs = [outdir / f"{s.stem}.{fmt.split(':')[0]}" for s in sources]
    missing = [o.name for o in outs if not o.is_file()]
    if proc.returncode != 0 or missing:
        raise AssertionError(f"soffice wrote no {', '.join(missing)} (exit {proc.returncode}): {proc.stdout} {proc.stderr}")
    return outs if isinstance(src, list) else outs[0]


def header(sheet) -> dict[str, int]:
    """Header text -> 1-based column of the questions sheet."""
    return {c.value: c.column for c in sheet[1] if c.value}


def fill(workbook: Path, answers: dict[str, dict[str, Any]], ruleset, lang: str = "de", out: Path | None = None) -> Path:
    """Fill ``workbook`` with ``answers`` (the YAML shape) the way a vendor does: drop-down labels
    for yes/no and choices, real dates and numbers, text as typed. Answers to ids without a row
    get a row of their own at the end (as a vendor who adds a line)."""
    from openpyxl import load_workbook

    from compliance.answers import workbook as contract
    from compliance.i18n import catalogue

    words = catalogue(lang)["documents"]
    book = load_workbook(workbook)
    sheet = book[words["wb_sheet_questions"]]
    cols = {key: header(sheet)[label] for key, label in contract.header_labels(lang).items()}
    rows = {sheet.cell(row=r, column=cols["id"]).value: r for r in range(2, sheet.max_row + 1)}
    questions = {q.id: q for rule in ruleset.rules for q in rule.questions}
    next_row = sheet.max_row + 1
    for qid, answer in answers.items():
        row = rows.get(qid)
        if row is None:
            row, next_row = next_row, next_row + 1
            sheet.cell(row=row, column=cols["id"], value=qid)
        put = lambda key, value: sheet.cell(row=row, column=cols[key], value=value)  # noqa: E731
        value = answer.get("value")
        q = questions.get(qid)
        if isinstance(value, bool):
            value = words["yes"] if value else words["no"]
        elif q is not None and q.type == "choice":
            value = next((c.label.get(lang) for c in q.choices if c.key == value), value)
        if value is not None:
            put("value", value)
        if answer.get("comment"):
            put("comment", answer["comment"])
        if answer.get("evidence"):
            put("evidence", "; ".join(answer["evidence"]))
        waiver = answer.get("waiver")
        if waiver:
            put("waiver_reason", waiver["reason"])
            put("waiver_approver", waiver["approver"])
            put("waiver_expires", waiver["expires"] if isinstance(waiver["expires"], dt.date)
                else dt.date.fromisoformat(str(waiver["expires"])))
    target = out or workbook
    book.save(target)
    return target
