"""Fillable PDFs: fields named by question id, filled with pdftk and with pypdf, read back.

The read-back uses only pypdf and the contract in compliance.formfields (what `check` uses).
"""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from compliance.answers import formfields
from compliance.documents import render_checklist

from .pdfutil import qpdf_check, reader

D2022 = dt.date(2022, 6, 1)  # Garantieerklärung era: boolean, text, number questions
D2026 = dt.date(2026, 3, 1)  # certification era: choice, date, boolean questions


@pytest.fixture(scope="module")
def forms(ruleset, lotus, tmp_path_factory):
    out = tmp_path_factory.mktemp("forms")
    paths = {}
    for day in (D2022, D2026):
        path = out / f"form-{day}.pdf"
        path.write_bytes(render_checklist(ruleset, lotus, day, lang="de", format="pdf", fillable=True))
        paths[day] = path
    return paths


def questions(ruleset, lotus, day):
    from compliance.ruleset.select import select

    # the questions asked of this profile on that day (the phase of a rule with a due date)
    return {q.id: q for a in select(ruleset, day, lotus) if a.rule.asks(lotus.role) for q in a.questions}


def top_fields(path):
    """Top-level AcroForm fields: name -> field dictionary (the reader of `check` walks these)."""
    r = reader(path)
    acro = r.trailer["/Root"]["/AcroForm"]
    return {str(f.get_object()["/T"]): f.get_object() for f in acro["/Fields"]}


def read_values(path, qs):
    """Values as `check` would see them: pypdf's field values through formfields.parse_value."""
    fields = reader(path).get_fields()
    out = {}
    for qid, q in qs.items():
        raw = fields[formfields.value_field(qid)].get("/V")
        if isinstance(raw, list):  # pdftk writes a choice's /V as an array of one
            raw = raw[0] if raw else None
        out[qid] = formfields.parse_value(q, raw)
    return out


def test_one_field_per_question_with_the_contract_types(forms, ruleset, lotus):
    for day, path in forms.items():
        qpdf_check(path)
        qs = questions(ruleset, lotus, day)
        fields = top_fields(path)
        expected = set()
        for qid in qs:
            expected |= {qid, formfields.comment_field(qid), formfields.evidence_field(qid)}
        assert expected <= set(fields), expected - set(fields)
        assert set(fields) - expected == {"signatory__place", "signatory__date"}
        for qid, q in qs.items():
            f = fields[qid]
            if q.type == "boolean":
                assert f["/FT"] == "/Btn" and f["/Ff"] & (1 << 15)  # radio group
                states = set()
                for kid in f["/Kids"]:
                    kid = kid.get_object()
                    assert "/T" not in kid  # no Q1.Q1 duplicates
                    states |= set(kid["/AP"]["/N"].keys())
                assert states == {"/yes", "/no"}
                assert f["/V"] == "/Off"  # unanswered until chosen
            elif q.type == "choice":
                assert f["/FT"] == "/Ch"
                assert [str(o[0]) for o in f["/Opt"]] == ["", *[c.key for c in q.choices]]
            else:
                assert f["/FT"] == "/Tx", (qid, q.type)
        assert reader(path).metadata[formfields.PROFILE_KEY] == "lotus-networks"


def test_unfilled_form_reads_back_as_unanswered(forms, ruleset, lotus):
    for day, path in forms.items():
        values = read_values(path, questions(ruleset, lotus, day))
        assert set(values.values()) == {None}


def _fdf(values: dict[str, tuple[str, str]]) -> bytes:
    """An FDF file: name -> ("name"|"string", value)."""
    parts = []
    for name, (kind, value) in values.items():
        v = f"/{value}" if kind == "name" else "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"
        parts.append(f"<< /T ({name}) /V {v} >>")
    body = " ".join(parts)
    return (
        "%FDF-1.2\n1 0 obj\n<< /FDF << /Fields [ " + body + " ] >> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    ).encode()


def test_pdftk_fill_form_round_trips(forms, ruleset, lotus, tmp_path):
    qs = questions(ruleset, lotus, D2026)
    fdf = tmp_path / "data.fdf"
    fdf.write_bytes(_fdf({
        "EU-TBX-01-Q1": ("name", "yes"),
        "TKG-165-04-Q1": ("string", "nesas-ccs-gi"),
        "TKG-165-04-Q2": ("string", "2027-06-30"),
        "GOV-HW-01-P1": ("string", "removal-planned"),
        "TKG-165-04-Q1__comment": ("string", "Zertifikat für „LX5G AMF“ liegt bei – Größe 2 MB"),
        "TKG-165-04-Q1__evidence": ("string", "certs/nesas.pdf\ncerts/cc.pdf"),
    }))
    out = tmp_path / "filled.pdf"
    proc = subprocess.run(["pdftk", str(forms[D2026]), "fill_form", str(fdf), "output", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    qpdf_check(out)
    values = read_values(out, qs)
    assert values["EU-TBX-01-Q1"] is True
    assert values["GOV-HW-01-P1"] == "removal-planned"  # before 2026-12-31 the removal plan is asked
    assert values["TKG-165-04-Q1"] == "nesas-ccs-gi"
    assert values["TKG-165-04-Q2"] == dt.date(2027, 6, 30)
    unanswered = {k for k, v in values.items() if v is None}
    assert unanswered == set(qs) - {"EU-TBX-01-Q1", "GOV-HW-01-P1", "TKG-165-04-Q1", "TKG-165-04-Q2"}
    assert "GOV-HW-01-Q1" not in qs  # the end state is asked only from the due date on
    fields = reader(out).get_fields()
    assert formfields.clean(fields["TKG-165-04-Q1__comment"]["/V"]) == "Zertifikat für „LX5G AMF“ liegt bei – Größe 2 MB"
    assert formfields.parse_evidence(fields["TKG-165-04-Q1__evidence"]["/V"]) == ["certs/nesas.pdf", "certs/cc.pdf"]
    # pdftk itself sees the radio group under the plain question id with yes/no states
    dump = subprocess.run(["pdftk", str(forms[D2026]), "dump_data_fields_utf8"], capture_output=True, text=True).stdout
    block = next(b for b in dump.split("---") if "FieldName: EU-TBX-01-Q1\n" in b)
    assert "FieldStateOption: yes" in block and "FieldStateOption: no" in block


def test_pypdf_fill_round_trips(forms, ruleset, lotus, tmp_path):
    from pypdf import PdfWriter

    qs = questions(ruleset, lotus, D2022)
    writer = PdfWriter(clone_from=str(forms[D2022]))
    values = {
        "BSIG-9B-GE-01-Q1": "/yes",
        "AV-GE-01-Q2": "/no",
        "BSIG-9B-GE-02-Q2": "Quellcode-Prüfung durch Dritte, jährliche Audits, SBOM",
        "AV-GE-04-Q2": "24",
    }
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = tmp_path / "pypdf.pdf"
    with open(out, "wb") as fh:
        writer.write(fh)
    got = read_values(out, qs)
    assert got["BSIG-9B-GE-01-Q1"] is True
    assert got["AV-GE-01-Q2"] is False
    assert got["BSIG-9B-GE-02-Q2"] == "Quellcode-Prüfung durch Dritte, jährliche Audits, SBOM"
    assert got["AV-GE-04-Q2"] == 24
    assert got["BSIG-9B-GE-02-Q1"] is None  # untouched radio group stays unanswered
