"""The answers workbook: written by `answers-template --format xlsx`, filled as a vendor would
(openpyxl, and separately re-saved by LibreOffice headless), read back by `check`, `pack` and
`batch` with the same result as the same answers in YAML; every problem located at its cell."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from .conftest import DATA, EXAMPLES, LOTUS, assert_one_line_error, run_cli
from .office import NO_LIBREOFFICE, fill, header, libreoffice

AS_OF = "2026-03-01"
LOTUS_DIR = EXAMPLES / "lotus-networks"
LOTUS_ANSWERS = LOTUS_DIR / "answers.yaml"
CHECK_RULES = DATA / "check-ruleset"
CHECK_PROFILE = DATA / "check" / "profile.yaml"


def template(tmp_path: Path, *args: str, profile: Path = LOTUS, lang: str = "de", name: str = "answers.xlsx") -> Path:
    out = tmp_path / name
    res = run_cli("answers-template", profile, "--as-of", AS_OF, "--format", "xlsx", "--lang", lang, "-o", out, *args)
    assert res.code == 0, res.stderr
    last = res.stderr.strip().splitlines()[-1]
    assert last.endswith(name) and last.startswith("wrote ")  # stderr, as every command
    return out


def check_json(profile: Path, answers: Path, *args: str) -> tuple[int, dict, str]:
    res = run_cli("check", profile, answers, "--as-of", AS_OF, "--format", "json", *args)
    assert res.code in (0, 1), res.stderr
    return res.code, json.loads(res.stdout), res.stderr


def outcome(data: dict) -> tuple:
    """What must be the same whatever format the answers came in."""
    rules = [(r["id"], r["status"], [(f["code"], f["question"], f["severity"]) for f in r["findings"]])
             for r in data["rules"]]
    general = sorted((f["code"], f["question"]) for f in data["findings"])
    return data["verdict"], rules, general


@pytest.fixture(scope="module")
def lotus_answers() -> dict:
    return yaml.safe_load(LOTUS_ANSWERS.read_text(encoding="utf-8"))["answers"]


@pytest.fixture(scope="module")
def filled(tmp_path_factory, ruleset, lotus_answers) -> Path:
    """The lotus example's answers, entered in the German workbook (ids without a row: added lines)."""
    tmp = tmp_path_factory.mktemp("filled")
    return fill(template(tmp), lotus_answers, ruleset, "de", out=tmp / "filled.xlsx")


# ---------------------------------------------------------------------------- the template


def test_workbook_a_vendor_can_fill(tmp_path):
    from openpyxl import load_workbook

    path = template(tmp_path)
    book = load_workbook(path)
    assert book.sheetnames == ["Anleitung", "Fragen", "Listen"]
    assert book["Listen"].sheet_state == "hidden"
    props = {p.name: p.value for p in book.custom_doc_props}
    assert props["compliance.profile"] == "lotus-networks" and props["compliance.as_of"] == AS_OF
    assert props["compliance.ruleset"] == "de-telecom-security" and len(props["compliance.ruleset_digest"]) == 64
    assert props["compliance.format"] == "compliance-answers-workbook/1" and props["compliance.lang"] == "de"

    ins = book["Anleitung"]
    text = "\n".join(str(c.value) for row in ins.iter_rows() for c in row if c.value is not None)
    for expected in ("Lotus Networks GmbH", "lotus-networks", "1. März 2026", "de-telecom-security",
                     "Maßgebliche Sprache", "So antworten Sie", "Beizufügende Nachweise", "=COUNTA('Fragen'!J2:J"):
        assert expected in text, expected

    ws = book["Fragen"]
    cols = header(ws)
    assert list(cols)[:10] == ["Frage-ID", "Regel", "Stufe", "Titel der Pflicht", "Frage", "Antworttyp", "Erfüllt bei",
                               "Betroffene Komponenten", "Beizufügende Nachweise", "Antwort"]
    assert ws.column_dimensions["A"].hidden and ws.freeze_panes == "C2"
    assert ws.protection.sheet and not ws.protection.password and book.security.lockStructure
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"  # A4
    assert ws.print_title_rows == "$1:$1" and "&P" in ws.oddFooter.right.text
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value}
    assert "TKG-165-04-Q1" in rows and "GOV-HW-01-P2" in rows
    value = cols["Antwort"]
    law_rows = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value is None]
    assert ws.cell(row=law_rows[0], column=2).value.startswith("1. Telekommunikationsgesetz 2021")

    # The answer cells are open, the rest locked; MUSS rows cannot take a waiver.
    muss = rows["TKG-165-04-Q1"]
    assert ws.cell(row=muss, column=cols["Stufe"]).value == "MUSS"
    assert not ws.cell(row=muss, column=value).protection.locked
    assert ws.cell(row=muss, column=cols["Frage"]).protection.locked
    assert ws.cell(row=muss, column=cols["Ausnahme: Begründung"]).protection.locked
    soll = rows["EU-TBX-01-Q1"]
    assert not ws.cell(row=soll, column=cols["Ausnahme: Begründung"]).protection.locked
    assert ws.cell(row=soll, column=cols["Kommentar" if "Kommentar" in cols else "Anmerkung"]).number_format == "@"

    # Data validation per question type: lists of labels (yes/no, choices), dates; no range checks.
    def validation(cell: str):
        found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
        assert len(found) == 1, (cell, found)
        return found[0]

    letter = ws.cell(row=1, column=value).column_letter
    yes_no = validation(f"{letter}{rows['KAT-20-02-Q1']}")
    choice = validation(f"{letter}{rows['TKG-165-04-Q1']}")
    date = validation(f"{letter}{rows['TKG-165-04-Q2']}")
    assert yes_no.type == "list" and choice.type == "list" and date.type == "date"
    lists = book["Listen"]
    for dv, expected in ((yes_no, ["Ja", "Nein"]), (choice, ["NESAS CCS-GI", "Common Criteria"])):
        ref = book.defined_names[dv.formula1].attr_text
        column = ref.split("!$")[1].split("$")[0]
        labels = [c.value for c in lists[column] if c.value]
        assert labels[: len(expected)] == expected, labels
    assert ws.cell(row=rows["TKG-165-04-Q2"], column=value).number_format == "yyyy-mm-dd"


def test_english_workbook_and_reproducible_bytes(tmp_path):
    from openpyxl import load_workbook

    first = template(tmp_path, lang="en", name="a.xlsx")
    second = template(tmp_path, lang="en", name="b.xlsx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2026-03-01T00:00:00Z" in z.read("docProps/core.xml")
    book = load_workbook(first)
    assert book.sheetnames == ["Instructions", "Questions", "Lists"]
    assert "Answer" in header(book["Questions"]) and "Waiver: expires" in header(book["Questions"])


def test_number_text_and_evidence_cells(tmp_path):
    """All question types (the check rule set): number cells check "is a number" only, not the
    complying range; a minimum text length only warns; evidence questions have no value cell."""
    from openpyxl import load_workbook

    path = template(tmp_path, "--rules", str(CHECK_RULES), profile=CHECK_PROFILE, lang="en")
    book = load_workbook(path)
    ws = book["Questions"]
    cols = header(ws)
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    letter = ws.cell(row=1, column=cols["Answer"]).column_letter

    def validation(qid: str):
        return next(dv for dv in ws.data_validations.dataValidation if f"{letter}{rows[qid]}" in dv.sqref)

    number = validation("CHK-MUSS-02-Q1")
    assert number.type == "decimal" and float(number.formula1) < -1e300  # 1..24 complies, any number fits
    text = validation("CHK-MUSS-01-Q2")
    assert text.type == "textLength" and text.formula1 == "20" and text.errorStyle == "warning"
    assert ws.cell(row=rows["CHK-MUSS-02-Q1"], column=cols["Complies if"]).value == "≥ 1 and ≤ 24"
    evidence = rows["CHK-SOLL-01-Q2"]
    assert ws.cell(row=evidence, column=cols["Answer"]).protection.locked
    assert not ws.cell(row=evidence, column=cols["Evidence file names"]).protection.locked


# ---------------------------------------------------------------------------- reading back


def test_filled_workbook_checks_like_yaml(filled):
    code_yaml, from_yaml, _ = check_json(LOTUS, LOTUS_ANSWERS, "-e", LOTUS_DIR / "evidence")
    code_xlsx, from_xlsx, _ = check_json(LOTUS, filled, "-e", LOTUS_DIR / "evidence")
    assert code_xlsx == code_yaml == 1
    assert outcome(from_xlsx) == outcome(from_yaml)
    assert from_xlsx["answers_file"].endswith("filled.xlsx")
    # Findings name the cell: the wrong type ("Ende 2026" for a date) at its answer cell.
    wrong = [f for r in from_xlsx["rules"] for f in r["findings"] if f["code"] == "wrong_type"]
    assert len(wrong) == 1 and wrong[0]["question"] == "GOV-HW-01-P2"
    assert wrong[0]["location"].endswith("filled.xlsx:Fragen!J18"), wrong[0]
    refused = [f for r in from_xlsx["rules"] for f in r["findings"] if f["code"] == "evidence_parent"]
    assert refused[0]["location"].endswith("Fragen!L8")  # the evidence file names cell
    assert all(f["location"] is None for r in from_yaml["rules"] for f in r["findings"])


def test_table_names_the_cell(filled):
    res = run_cli("check", LOTUS, filled, "--as-of", AS_OF, "--lang", "de", "-e", LOTUS_DIR / "evidence")
    assert res.code == 1
    assert "(Fragen!J18)" in res.stdout  # the cell; the file is named above the table
    assert "filled.xlsx:Fragen" not in res.stdout


@pytest.mark.skipif(NO_LIBREOFFICE is not None, reason=NO_LIBREOFFICE or "")
def test_libreoffice_resave_checks_like_yaml(tmp_path, filled):
    """LibreOffice opens the filled workbook and saves it again: booleans come back as TRUE()
    formulas with cached values, dates as dates; the check is the same as from YAML."""
    from openpyxl import load_workbook

    book = load_workbook(filled)
    ws = book["Fragen"]
    cols = header(ws)
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=rows["KAT-20-01-Q1"], column=cols["Antwort"], value=True)  # a real boolean, not the label
    source = tmp_path / "vendor.xlsx"
    book.save(source)
    resaved = libreoffice(source, "xlsx", tmp_path / "lo")

    _, from_yaml, _ = check_json(LOTUS, LOTUS_ANSWERS, "-e", LOTUS_DIR / "evidence")
    _, from_lo, _ = check_json(LOTUS, resaved, "-e", LOTUS_DIR / "evidence")
    assert outcome(from_lo) == outcome(from_yaml)

    # What LibreOffice keeps: properties, validations, the hidden id column, protection, print set-up.
    again = load_workbook(resaved)
    props = {p.name: p.value for p in again.custom_doc_props}
    assert props["compliance.profile"] == "lotus-networks" and props["compliance.format"].endswith("/1")
    sheet = again["Fragen"]
    assert sheet.column_dimensions["A"].hidden and sheet.protection.sheet
    assert {dv.type for dv in sheet.data_validations.dataValidation} >= {"list", "date"}
    assert again["Listen"].sheet_state == "hidden" and sheet.print_title_rows
    assert sheet.cell(row=rows["KAT-20-01-Q1"], column=cols["Antwort"]).value == "=TRUE()"


def test_wrong_type_cells_give_located_findings(tmp_path):
    """Values of the wrong type reach the checker as entered and are reported at their cells."""
    from openpyxl import load_workbook

    path = template(tmp_path, "--rules", str(CHECK_RULES), profile=CHECK_PROFILE)
    book = load_workbook(path)
    ws = book["Fragen"]
    cols = header(ws)
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    cells = {
        "CHK-MUSS-01-Q1": "vielleicht",  # yes/no
        "CHK-MUSS-02-Q1": "zwölf",  # number
        "CHK-MUSS-02-Q2": "nächste Woche",  # not a date
        "CHK-MUSS-02-Q3": dt.date(2026, 1, 1),  # a date where a number belongs
        "CHK-CERT-01-Q1": "Sonstiges",  # not one of the choices
    }
    for qid, value in cells.items():
        ws.cell(row=rows[qid], column=cols["Antwort"], value=value)
    ws.cell(row=rows["CHK-MUSS-01-Q2"], column=cols["Antwort"], value=12345)  # text: a number is text
    ws.cell(row=rows["CHK-CERT-01-Q2"], column=cols["Antwort"], value="30.06.2026")  # a German date
    book.save(path)
    res = run_cli("check", CHECK_PROFILE, path, "--rules", CHECK_RULES, "--as-of", AS_OF, "--format", "json")
    assert res.code == 1, res.stderr
    data = json.loads(res.stdout)
    found = {f["question"]: f for r in data["rules"] for f in r["findings"]}
    letter = ws.cell(row=1, column=cols["Antwort"]).column_letter
    for qid in cells:
        assert found[qid]["code"] == "wrong_type", found[qid]
        assert found[qid]["location"].endswith(f"{path.name}:Fragen!{letter}{rows[qid]}"), found[qid]
    assert "'zwölf'" in found["CHK-MUSS-02-Q1"]["message"] and "'nächste Woche'" in found["CHK-MUSS-02-Q2"]["message"]
    assert found["CHK-MUSS-01-Q2"]["code"] == "text_short"  # "12345" read as text, too short
    answers = {a["question"]: a for r in data["rules"] for a in r["answers"]}
    assert answers["CHK-CERT-01-Q2"]["value"] == "2026-06-30" and answers["CHK-CERT-01-Q2"]["outcome"] == "ok"


def _edit(path: Path, **cells) -> Path:
    """Set cells of the questions sheet (``K5=...``)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for coordinate, value in cells.items():
        book["Fragen"][coordinate] = value
    book.save(path)
    return path


def test_cell_problems_exit_2_each_located(tmp_path):
    from openpyxl import load_workbook

    path = template(tmp_path)
    book = load_workbook(path)
    ws = book["Fragen"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    r1, r2, r3 = rows["EU-TBX-01-Q1"], rows["EU-TBX-01-Q2"], rows["KAT-20-02-Q1"]
    ws[f"J{r3}"] = "=1=1"  # a formula
    ws[f"K{r3}"] = '=HYPERLINK("http://example.org","x")'
    ws[f"M{r1}"] = "Budget"  # a waiver without approver
    ws[f"O{r1}"] = dt.date(2026, 12, 31)
    ws[f"M{r2}"], ws[f"N{r2}"], ws[f"O{r2}"] = "Budget", "CISO", "bald"  # expiry not a date
    ws.cell(row=ws.max_row + 1, column=1, value="EU-TBX-01-Q1")  # the same question twice
    book.save(path)
    res = run_cli("check", LOTUS, path, "--as-of", AS_OF)
    assert_one_line_error(res)
    lines = res.stderr.strip().splitlines()
    assert any(f"answers.xlsx:Fragen!J{r3}: the cell holds a formula ('=1=1')" in l for l in lines), lines
    assert any(f"answers.xlsx:Fragen!K{r3}: the cell holds a formula" in l for l in lines)
    assert any(f"answers.xlsx:Fragen!N{r1}: a waiver needs a reason, an approver and an expiry date; this one has no approver"
               in l for l in lines), lines
    assert any(f"answers.xlsx:Fragen!O{r2}: the waiver's expiry must be a date" in l for l in lines)
    assert any(f"answers.xlsx:Fragen!A{ws.max_row}: the question EU-TBX-01-Q1 appears twice (also in row {r1})" in l
               for l in lines)
    assert len(lines) == 5 and "Traceback" not in res.stderr


def test_renamed_columns_and_sheets_are_named(tmp_path):
    path = _edit(template(tmp_path), J1="Meine Antwort")
    res = run_cli("check", LOTUS, path, "--as-of", AS_OF)
    assert_one_line_error(res, "answers.xlsx:Fragen!1:1: the header row lacks the column(s) 'Antwort' ('Answer')")
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["Fragen"].title = "Tabelle1"
    book.save(path)
    res = run_cli("check", LOTUS, path, "--as-of", AS_OF)
    assert_one_line_error(res, "answers.xlsx: no sheet 'Fragen' or 'Questions'")


def test_workbook_for_another_vendor_or_rule_set(tmp_path):
    from openpyxl import load_workbook

    nord = EXAMPLES / "nordantenna" / "profile.yaml"
    path = template(tmp_path, profile=nord)
    res = run_cli("check", LOTUS, path, "--as-of", AS_OF)
    assert_one_line_error(res, "answers.xlsx", "the answers are for 'nordantenna', but the profile is 'lotus-networks'")

    def props(**values):
        book = load_workbook(path)
        for p in book.custom_doc_props:
            if p.name in values:
                p.value = values[p.name]
        book.save(path)

    props(**{"compliance.profile": "lotus-networks", "compliance.ruleset": "other-rules", "compliance.ruleset_version": "9"})
    res = run_cli("check", LOTUS, path, "--as-of", AS_OF)
    assert_one_line_error(res, "answers.xlsx: the workbook was made for the rule set other-rules 9, not de-telecom-security")
    props(**{"compliance.ruleset": "de-telecom-security", "compliance.ruleset_version": "2020.1"})
    res = run_cli("check", LOTUS, path, "--as-of", AS_OF)
    assert res.code == 1 and "answers.xlsx: the workbook was made from de-telecom-security 2020.1" in res.stderr


@pytest.mark.parametrize("case", ["xlsm", "ods", "vba", "external-link", "dtd", "bomb", "not-a-zip"])
def test_hostile_or_foreign_workbooks_are_refused(tmp_path, case):
    source = template(tmp_path, name="source.xlsx")
    target = tmp_path / "answers.xlsx"

    def rebuild(add: dict[str, bytes] = {}, replace: dict[str, bytes] = {}) -> None:
        with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = replace.get(info.filename, zin.read(info))
                zout.writestr(info.filename, data)
            for name, data in add.items():
                zout.writestr(name, data)

    expected = {
        "xlsm": ".xlsm is a macro-enabled workbook, which is refused; save the answers workbook as .xlsx",
        "ods": ".ods is an OpenDocument spreadsheet, which is refused",
        "vba": "the workbook contains macros (a VBA project) (xl/vbaProject.bin), which is refused",
        "external-link": "the workbook contains links to other workbooks (xl/externalLinks/externalLink1.xml)",
        "dtd": "the workbook's part xl/workbook.xml declares a DTD or entities, which is refused",
        "bomb": "the workbook is compressed suspiciously well (xl/media/pad.bin); refused as a zip bomb",
        "not-a-zip": "not an Office Open XML workbook (not a zip package",
    }[case]
    if case in ("xlsm", "ods"):
        target = tmp_path / f"answers.{case}"
        shutil.copy(source, target)
    elif case == "vba":
        rebuild(add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really"})
    elif case == "external-link":
        rebuild(add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"})
    elif case == "dtd":
        with zipfile.ZipFile(source) as z:
            book = z.read("xl/workbook.xml")
        lol = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        rebuild(replace={"xl/workbook.xml": b"<!--" + b" " * 5000 + b"-->" + lol + book})
    elif case == "bomb":
        rebuild(add={"xl/media/pad.bin": bytes(30 * 2**20)})
    else:
        target.write_bytes(b"PK\x03\x04 this is not a workbook")
    res = run_cli("check", LOTUS, target, "--as-of", AS_OF)
    assert_one_line_error(res, target.name, expected)


def test_hostile_text_stays_literal(tmp_path, ruleset):
    """Text that looks like a formula is written and read back as text: vendor names in the
    template, a comment a vendor types."""
    from openpyxl import load_workbook

    profile = tmp_path / "profile.yaml"
    data = yaml.safe_load(LOTUS.read_text(encoding="utf-8"))
    data["legal_name"] = '=HYPERLINK("http://evil.example/x","Lotus")\x07 & <b>GmbH</b>'
    data["components"][0]["name"] = "=cmd|' /C calc'!A0"
    profile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    path = template(tmp_path, profile=profile)
    book = load_workbook(path)
    formulas = [(ws.title, c.coordinate, c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == [("Anleitung", formulas[0][1], formulas[0][2])] and formulas[0][2].startswith("=COUNTA(")
    names = [c.value for row in book["Anleitung"].iter_rows() for c in row if isinstance(c.value, str)]
    assert '=HYPERLINK("http://evil.example/x","Lotus")\ufffd & <b>GmbH</b>' in names
    ws = book["Fragen"]
    cols = header(ws)
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    assert "=cmd|' /C calc'!A0 (lx-amf)" in ws.cell(row=rows["TKG-165-04-Q1"], column=cols["Betroffene Komponenten"]).value
    # A comment typed as "=1+1" in a text-formatted cell is stored as text and read as text.
    cell = ws.cell(row=rows["KAT-20-02-Q1"], column=cols["Anmerkung"], value="=1+1")
    cell.data_type = "s"
    ws.cell(row=rows["KAT-20-02-Q1"], column=cols["Antwort"], value="Nein")
    book.save(path)
    from compliance.answers import read_answers

    got = read_answers(path, ruleset)
    assert got.answers.answers["KAT-20-02-Q1"].comment == "=1+1"
    assert got.answers.answers["KAT-20-02-Q1"].value is False


def test_pack_and_batch_accept_answers_xlsx(tmp_path, filled):
    from compliance.packs.verify import verify_pack

    out = tmp_path / "pack.pdf"
    res = run_cli("pack", LOTUS, filled, "-e", LOTUS_DIR / "evidence", "--as-of", AS_OF, "-o", out)
    assert res.code == 1, res.stderr  # written, not compliant (as from YAML)
    assert out.is_file() and "non_compliant" in res.stderr
    from compliance.ruleset import load_ruleset

    report = verify_pack(out, load_ruleset(None))
    assert report.ok, report.problems

    vendors = tmp_path / "vendors"
    folder = vendors / "lotus"
    shutil.copytree(LOTUS_DIR, folder)
    (folder / "answers.yaml").unlink()
    shutil.copy(filled, folder / "answers.xlsx")
    res = run_cli("batch", vendors, "-o", tmp_path / "packs", "--as-of", AS_OF, "--jobs", "1", "--format", "json")
    assert res.code == 1, res.stderr
    rows = json.loads(res.stdout)
    rows = rows["vendors"] if isinstance(rows, dict) else rows
    assert rows[0]["status"] == "non_compliant", rows


def test_read_answers_registry(tmp_path):
    from compliance.answers import ANSWER_SUFFIXES

    assert ".xlsx" in ANSWER_SUFFIXES
    res = run_cli("check", LOTUS, tmp_path / "answers.xls", "--as-of", AS_OF)
    assert_one_line_error(res, "answers.xls: .xls is an old binary Excel workbook, which is refused")


@pytest.mark.parametrize("kind, cell, expected", [
    ("boolean", "Ja", True), ("boolean", " nein ", False), ("boolean", "WAHR", True), ("boolean", True, True),
    ("boolean", 1, 1),
    ("date", dt.datetime(2027, 6, 30), dt.date(2027, 6, 30)), ("date", "30.06.2027", dt.date(2027, 6, 30)),
    ("date", "2027-06-30", dt.date(2027, 6, 30)), ("date", dt.datetime(2027, 6, 30, 12, 5), "2027-06-30 12:05:00"),
    ("date", 46568, 46568), ("date", "31.02.2027", "31.02.2027"),
    ("number", 42, 42), ("number", "1,5", 1.5), ("number", "12", 12), ("number", True, True),
    ("text", 12345, "12345"), ("text", 2.0, "2"), ("text", dt.datetime(2027, 1, 2), "2027-01-02"), ("text", "  ", None),
    ("choice", "Ja, mit Auflagen", "partly"), ("choice", "Yes, with conditions", "partly"), ("choice", "no", "no"),
    ("choice", "Vielleicht", "Vielleicht"),
])
def test_cells_read_by_question_type(kind, cell, expected):
    """Each question type reads the values Excel and LibreOffice store; what does not read as the
    type is passed on as entered (the checker then reports the wrong type)."""
    from compliance.models import Question
    from compliance.questions import question_type

    extra = {"boolean": {"expected": True}, "number": {"min": 0}, "choice": {"choices": [
        {"key": "partly", "label": {"de": "Ja, mit  Auflagen", "en": "Yes, with conditions"}, "complies": True},
        {"key": "no", "label": {"de": "Nein", "en": "No"}, "complies": False}]}}.get(kind, {})
    q = Question(id="Q-1", text={"de": "Frage", "en": "Question"}, type=kind, **extra)
    got = question_type(kind).parse_cell(q, cell)
    assert got == expected and type(got) is type(expected)


def test_rule_asking_only_for_evidence_has_a_row(tmp_path):
    """A rule with evidence items and no question gets one row keyed by the rule id: its value
    cell is locked, the files listed there count for the rule (as under the rule id in YAML)."""
    rules = tmp_path / "rules"
    shutil.copytree(CHECK_RULES, rules)
    with (rules / "bsig.yaml").open("a", encoding="utf-8") as fh:
        fh.write('''
  - id: CHK-EVID-01
    title: {de: Sicherheitsrichtlinie, en: Security policy}
    text: {de: Der Hersteller legt seine Richtlinie vor., en: The manufacturer submits its policy.}
    obliged: manufacturer
    obligation: MUSS
    status: in_force
    effective_from: 2021-01-01
    source: {law: BSIG, section: § 4, version: Test, url: "https://example.org/bsig"}
    evidence:
      - id: policy
        text: {de: Sicherheitsrichtlinie, en: Security policy}
''')
    path = template(tmp_path, "--rules", str(rules), profile=CHECK_PROFILE)
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book["Fragen"]
    cols = header(ws)
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "CHK-EVID-01")
    assert ws.cell(row=row, column=cols["Antworttyp"]).value == "Nachweis (Dateien)"
    assert ws.cell(row=row, column=cols["Antwort"]).protection.locked

    def status() -> str:
        res = run_cli("check", CHECK_PROFILE, path, "--rules", rules, "--as-of", AS_OF, "--format", "json",
                      "-e", DATA / "check" / "evidence")
        assert res.code in (0, 1), res.stderr
        return next(r for r in json.loads(res.stdout)["rules"] if r["id"] == "CHK-EVID-01")["status"]

    assert status() == "incomplete"
    ws.cell(row=row, column=cols["Nachweisdateien"], value="declaration.txt")
    book.save(path)
    assert status() == "compliant"
