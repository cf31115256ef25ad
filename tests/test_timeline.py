"""Time at a glance: `rules timeline` (SVG, HTML, PDF) and `due` (table, JSON, iCalendar), on the
bundled rule set and the bundled examples, with the files parsed back."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET

import pytest

from compliance.documents.timeline_svg import timeline_svg
from compliance.models import Profile
from compliance.ruleset import load_ruleset
from compliance.timeline import build_timeline, due_items
from compliance.timeline.picture import concerns

from .conftest import EXAMPLES, LOTUS, NORD, RULES, assert_not_imported, assert_one_line_error, run_cli

SVG = "{http://www.w3.org/2000/svg}"
AS_OF = dt.date(2026, 11, 26)


def _svg(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    return root


def _bars(root: ET.Element) -> dict[str, ET.Element]:
    """rule id -> its bar (the rect of class 'bar' in the rule's group); one bar per rule."""
    found: dict[str, ET.Element] = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "rule":
            rects = [r for r in group.iter(f"{SVG}rect") if "bar" in r.get("class", "").split()]
            assert len(rects) == 1, group.get("data-rule")
            assert group.get("data-rule") not in found
            found[group.get("data-rule")] = rects[0]
    return found


def test_vendor_timeline_shows_its_rules_certificates_and_the_switches(ruleset, lotus):
    tl = build_timeline(ruleset, AS_OF, lotus)
    root = _svg(timeline_svg(tl, "de"))
    # accessible: title and description first, referenced by aria-labelledby; no scripts, no handlers
    assert root.get("role") == "img" and root.get("aria-labelledby") == "tl-title tl-desc"
    assert root[0].tag == f"{SVG}title" and "Lotus Networks GmbH" in root[0].text
    assert root[1].tag == f"{SVG}desc" and str(len(tl.bars)) in root[1].text
    assert not list(root.iter(f"{SVG}script"))
    assert not [a for el in root.iter() for a in el.attrib if a.startswith("on")]
    bars = _bars(root)
    expected = [r.id for r in ruleset.rules if concerns(r, lotus)
                and r.effective_from <= tl.end and (r.effective_until is None or r.effective_until >= tl.start)]
    assert list(bars) == expected  # one bar per rule shown, in document order
    # the § 9b years, the NIS2 switch, the certification start
    ge = bars["BSIG-9B-GE-01"]
    assert (ge.get("data-from"), ge.get("data-until")) == ("2021-05-28", "2025-12-05")
    assert "repealed" in ge.get("class")
    nis2, cert = bars["BSIG-30-LK"], bars["TKG-165-04"]
    assert nis2.get("data-from") == "2025-12-06" and cert.get("data-from") == "2026-01-01"
    assert float(ge.get("x")) + float(ge.get("width")) == pytest.approx(float(nis2.get("x")), abs=0.01)  # no gap
    assert float(nis2.get("x")) < float(cert.get("x"))
    # x ordered by dates: starts and ends
    rules = {r.id: r for r in ruleset.rules}
    by_start = sorted(bars, key=lambda i: rules[i].effective_from)
    xs = [float(bars[i].get("x")) for i in by_start]
    assert xs == sorted(xs)
    for a, b in zip(by_start, by_start[1:]):
        if rules[a].effective_from < rules[b].effective_from and rules[a].effective_from >= tl.start:
            assert float(bars[a].get("x")) < float(bars[b].get("x")), (a, b)
    # drafts hatched, due dates as diamonds at their place, certificates with their expiry
    drafts = [i for i in bars if rules[i].status == "draft"]
    assert drafts and all(bars[i].get("fill") == "url(#tl-hatch)" for i in drafts)
    assert root.find(f".//{SVG}pattern[@id='tl-hatch']") is not None
    dues = {p.get("data-date") for p in root.iter(f"{SVG}polygon") if p.get("class") == "due"}
    assert dues == {r.due.isoformat() for r in map(rules.get, bars) if r.due}
    certs = [g for g in root.iter(f"{SVG}g") if g.get("class") == "certificate"]
    assert sorted(g.get("data-certificate") for g in certs) == sorted(
        c.id for comp in lotus.components for c in comp.certifications)
    expiry = {p.get("data-date") for p in root.iter(f"{SVG}polygon") if p.get("class") == "expiry"}
    assert expiry == {"2025-12-31", "2027-06-30"}
    # legal events as lines, the as-of date dashed
    events = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legal-event"]
    assert [g.get("data-date") for g in events] == [e.date.isoformat() for e in ruleset.header.legal_events]
    as_of = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "as-of")
    assert as_of.get("data-date") == AS_OF.isoformat() and as_of.find(f"{SVG}line").get("stroke-dasharray")
    # text is text
    labels = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "BSIG-9B-GE-01" in labels and "NIS2UmsuCG" in labels


def test_timeline_window_and_vendor_text_escaped(ruleset, lotus):
    hostile = Profile.model_validate(lotus.model_dump() | {"legal_name": "<script>alert(1)</script> & Co \"x\""})
    tl = build_timeline(ruleset, AS_OF, hostile, start=dt.date(2024, 1, 1), end=dt.date(2026, 12, 31))
    text = timeline_svg(tl, "en")
    root = _svg(text)
    assert "<script" not in text and root[0].text.endswith("<script>alert(1)</script> & Co \"x\"")
    bars = _bars(root)
    assert "TKG-109-01" not in bars and "BSIG-9B-GE-01" in bars  # ended before 2024 / still in effect then
    x0 = min(float(b.get("x")) for b in bars.values())
    assert all(float(b.get("x")) >= x0 for b in bars.values())
    whole = _bars(_svg(timeline_svg(build_timeline(ruleset, AS_OF), "en")))
    assert len(whole) > len(_bars(_svg(timeline_svg(build_timeline(ruleset, AS_OF, hostile), "en"))))


def test_rules_timeline_cli_svg_html_pdf(tmp_path):
    r = run_cli("rules", "timeline", "--profile", LOTUS, "--as-of", "2026-11-26", "-o", tmp_path / "t.svg")
    assert r.code == 0, r.stderr
    assert "wrote" in r.stderr
    first = (tmp_path / "t.svg").read_bytes()
    _svg(first.decode())
    r = run_cli("rules", "timeline", "--profile", LOTUS, "--as-of", "2026-11-26", "-o", "-")
    assert r.stdout.encode() == first  # same inputs, same bytes
    r = run_cli("rules", "timeline", "--as-of", "2026-11-26", "--lang", "en", "--format", "html", "-o", tmp_path / "t.html")
    html = (tmp_path / "t.html").read_text()
    assert r.code == 0 and "<svg" in html and "https://www.gesetze-im-internet.de/bsig_2025/__41.html" in html
    r = run_cli("rules", "timeline", "--profile", LOTUS, "--as-of", "2026-11-26", "--format", "pdf", "-o", tmp_path / "t.pdf")
    assert r.code == 0, r.stderr
    from pypdf import PdfReader

    pdf_text = "".join(p.extract_text() for p in PdfReader(tmp_path / "t.pdf").pages)
    for fragment in ("BSIG-9B-GE-01", "BSIG-30-LK", "TKG-165-04", "NIS2UmsuCG", "BSI-DSZ-CC-0999"):
        assert fragment in pdf_text, fragment


def test_rules_timeline_bad_input():
    assert_one_line_error(run_cli("rules", "timeline", "--from", "2026-01-01", "--to", "2025-01-01"), "before its start")
    assert_one_line_error(run_cli("rules", "timeline", "--from", "soon"), "--from")
    assert_one_line_error(run_cli("rules", "timeline", "--format", "png"))


# --------------------------------------------------------------------------- due


def test_due_items_of_a_vendor(ruleset, lotus):
    items = due_items(ruleset, lotus, as_of=AS_OF, within=365)
    assert [(i.kind, i.ref, i.date.isoformat(), i.overdue) for i in items] == [
        ("certificate_expires", "BSI-DSZ-CC-0999", "2025-12-31", True),
        ("rule_due", "GOV-HW-01", "2026-12-31", False),
        ("certificate_expires", "BSI-DSZ-CC-1234", "2027-06-30", False),
    ]
    later = due_items(ruleset, lotus, as_of=dt.date(2025, 1, 1), within=400)
    kinds = {(i.kind, i.ref) for i in later}
    assert ("rule_ends", "BSIG-9B-GE-01") in kinds and ("rule_in_force", "BSIG-30-LK") in kinds
    assert not any(i.overdue for i in later)


def test_due_exit_codes_and_json(tmp_path):
    r = run_cli("due", EXAMPLES, "--as-of", "2026-11-26", "--format", "json")
    assert r.code == 1, r.stderr  # an expired certificate and waivers: overdue
    data = json.loads(r.stdout)
    assert data["vendors"] == ["beispiel-mobilfunk", "lotus-networks", "nordantenna"]
    assert data["overdue"] == 3 and [i["overdue"] for i in data["items"]][:3] == [True] * 3
    dates = [i["date"] for i in data["items"]]
    assert dates[3:] == sorted(dates[3:])
    assert {i["kind"] for i in data["items"]} >= {"certificate_expires", "waiver_expires", "rule_due"}
    r = run_cli("due", NORD, "--as-of", "2026-11-26")
    assert r.code == 0, r.stderr
    r = run_cli("due", LOTUS, "--as-of", "2025-06-01", "--within", "60")
    assert r.code == 0 and "Nothing falls due" in r.stdout
    r = run_cli("due", LOTUS, EXAMPLES / "lotus-networks" / "answers.yaml", "--as-of", "2026-11-26")
    assert r.code == 1 and "EU-TBX-01-Q1" in r.stdout and "overdue" in r.stdout
    assert_one_line_error(run_cli("due", tmp_path / "missing.yaml"), "missing.yaml")
    assert_one_line_error(run_cli("due", EXAMPLES, LOTUS), "answers files go with one profile")
    assert_one_line_error(run_cli("due", LOTUS, EXAMPLES / "nordantenna" / "answers.yaml"), "but the profile is")
    assert_one_line_error(run_cli("due", LOTUS, "--as-of", "tomorrow"), "--as-of")
    (tmp_path / "empty").mkdir()
    assert_one_line_error(run_cli("due", tmp_path / "empty"), "no vendor folders")


def test_due_ics_parses_back_with_two_readers(tmp_path):
    import icalendar
    import vobject

    out = tmp_path / "due.ics"
    r = run_cli("due", EXAMPLES, "--as-of", "2026-11-26", "--format", "ics", "--remind", "14", "-o", out)
    assert r.code == 1 and "wrote" in r.stderr  # written, and overdue still said by the exit code
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    again = run_cli("due", EXAMPLES, "--as-of", "2026-11-26", "--format", "ics", "--remind", "14", "-o", "-")
    assert again.stdout.replace("\r\n", "\n") == raw.decode().replace("\r\n", "\n")  # same bytes
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["prodid"]) == "-//compliance//due//EN"
    events = list(cal.walk("VEVENT"))
    uids = [str(e["uid"]) for e in events]
    assert len(uids) == len(set(uids)) == 7
    for e in events:
        start, end = e.decoded("dtstart"), e.decoded("dtend")
        assert type(start) is dt.date and end - start == dt.timedelta(days=1)  # all-day
        assert e.decoded("dtstamp") == dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc)
        alarm = next(iter(e.walk("VALARM")))
        assert alarm.decoded("trigger") == dt.timedelta(days=-14)
        assert "Lotus" in str(e["description"]) or "Beispiel" in str(e["description"])
    # the profile's certificate dates are the certificate events
    lotus_certs = {(c.id, c.valid_until) for comp in Profile.model_validate(
        __import__("yaml").safe_load(LOTUS.read_text())).components for c in comp.certifications}
    cert_events = {(str(e["summary"]).rsplit(" ", 1)[-1], e.decoded("dtstart")) for e in events
                   if "certificate_expires" in e.get("categories").to_ical().decode() and str(e["summary"]).startswith("lotus")}
    assert cert_events == lotus_certs
    gov = next(e for e in events if str(e["summary"]).endswith("GOV-HW-01") and "rule_due" in e.get("categories").to_ical().decode())
    assert "GOV-HW-01" in str(gov["description"]) and str(gov["url"]).startswith("https://")
    # the second reader
    parsed = vobject.readOne(raw.decode())
    parsed.validate()  # vobject's own RFC 5545 checks (required properties, value types)
    assert sorted(v.uid.value for v in parsed.vevent_list) == sorted(uids)
    assert {v.dtstart.value for v in parsed.vevent_list} == {e.decoded("dtstart") for e in events}


def test_due_ics_uid_is_stable_across_windows(tmp_path):
    import icalendar

    def uids(as_of: str) -> dict[str, str]:
        r = run_cli("due", LOTUS, "--as-of", as_of, "--format", "ics", "-o", "-")
        return {str(e["summary"]): str(e["uid"]) for e in icalendar.Calendar.from_ical(r.stdout).walk("VEVENT")}

    a, b = uids("2026-11-26"), uids("2026-12-01")
    shared = set(a) & set(b)
    assert shared and all(a[s] == b[s] for s in shared)


def test_due_and_svg_timeline_do_not_import_weasyprint_or_icalendar():
    assert_not_imported("weasyprint", ["due", str(NORD), "--as-of", "2026-11-26"],
                        ["rules", "timeline", "--as-of", "2026-11-26", "-o", "-"])
    assert_not_imported("icalendar", ["due", str(NORD), "--as-of", "2026-11-26", "--format", "json"])


def test_legal_events_are_checked(tmp_path):
    bad = tmp_path / "rules"
    shutil.copytree(RULES, bad)
    header = bad / "ruleset.yaml"
    header.write_text(header.read_text().replace("    law: BSIG a.F.\n    url: https://www.bgbl", "    law: BSIG alt\n    url: https://www.bgbl", 1))
    r = run_cli("rules", "validate", bad)
    assert_one_line_error(r, "legal event law 'BSIG alt' is not listed")
    assert "ruleset.yaml:" in r.stderr
    header.write_text(header.read_text().replace("    kind: promulgation\n", "    kind: rumour\n", 1))
    assert_one_line_error(run_cli("rules", "validate", bad), "ruleset.yaml:")
    rs = load_ruleset(RULES)
    assert [e.date for e in rs.header.legal_events] == sorted(e.date for e in rs.header.legal_events)


# --------------------------------------------------------------------------- the appendix


def test_checklist_appendix_only_with_timeline(tmp_path):
    args = ("checklist", LOTUS, "--as-of", "2026-03-01", "--lang", "en", "-f", "html")
    r = run_cli(*args, "--timeline", "-o", tmp_path / "with.html")
    assert r.code == 0, r.stderr
    html = (tmp_path / "with.html").read_text()
    assert 'id="timeline"' in html and 'href="#timeline"' in html and "How your obligations changed" in html
    section = html[html.index('id="timeline"'):]
    svg = section[section.index("<svg"): section.index("</svg>") + 6]
    assert "BSIG-9B-GE-01" in "".join(_svg(svg).itertext())
    assert run_cli(*args, "-o", tmp_path / "without.html").code == 0
    assert "<svg" not in (tmp_path / "without.html").read_text()
    assert_one_line_error(run_cli("attestation", LOTUS, "--timeline", "-f", "html", "-o", "-"), "--timeline")


def test_pack_appendix_and_the_pack_still_verifies(tmp_path):
    from .pdfutil import pdftotext

    target = tmp_path / "pack.pdf"
    r = run_cli("pack", LOTUS, EXAMPLES / "lotus-networks" / "answers.yaml", "--evidence-dir",
                EXAMPLES / "lotus-networks" / "evidence", "--as-of", "2026-03-01", "--timeline", "-o", target)
    assert r.code == 1 and f"wrote {target}" in r.stderr, r.stderr  # the example vendor is non-compliant
    text = pdftotext(target)
    assert "Wie sich Ihre Pflichten verändert haben" in text and "BSIG-30-LK" in text
    assert run_cli("verify", target).code == 0


def test_due_ics_imports_into_a_calendar_application(tmp_path):
    """khal (a calendar application on vdir storage) imports every event of `due examples`, with
    its reminder, and lists them on their dates."""
    import subprocess
    import sys
    from pathlib import Path

    khal = Path(sys.executable).with_name("khal")
    ics = tmp_path / "due.ics"
    res = run_cli("due", EXAMPLES, "--as-of", AS_OF.isoformat(), "--format", "ics", "-o", ics)
    assert res.code == 1, res.stderr  # items are overdue on that date
    events = [e for e in ics.read_text(encoding="utf-8").split("BEGIN:VEVENT")[1:]]
    store = tmp_path / "calendar"
    store.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[compliance]]\npath = {store}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "[default]\ndefault_calendar = compliance\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8", "TZ": "Europe/Berlin"}
    imported = subprocess.run([str(khal), "-c", str(config), "import", "--batch", str(ics)],
                              capture_output=True, text=True, env=env, timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert len(list(store.glob("*.ics"))) == len(events) > 0
    listed = subprocess.run([str(khal), "-c", str(config), "list", "--format", "{start-date} {title} {alarm-symbol}",
                             "2019-01-01", "4000d"], capture_output=True, text=True, env=env, timeout=120)
    assert listed.returncode == 0, listed.stderr
    lines = [line for line in listed.stdout.splitlines() if "lotus-networks" in line or "nordantenna" in line
             or "beispiel-mobilfunk" in line]
    assert len(lines) == len(events), listed.stdout
    assert any(line.startswith("2026-12-31 lotus-networks") for line in lines), listed.stdout  # GOV-HW-01 due
    assert all(line.rstrip().endswith("⏰") for line in lines), listed.stdout  # every event keeps its reminder
