"""The CLI: output, JSON shapes, exit codes, errors on stderr. The first tests run the installed
script (run_script, the smoke set); the rest run the same app in-process (run_cli)."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import DATA, LOTUS, NORD, ROOT, assert_one_line_error, run_cli, run_script


def test_version_and_help():
    r = run_script("--version")
    assert r.code == 0 and r.stdout.startswith("compliance ")
    r = run_script("--help")
    assert r.code == 0
    for cmd in ("rules", "profile", "schema", "examples"):
        assert cmd in r.stdout
    r = run_script("rules", "list", "--help")
    assert r.code == 0 and "--as-of" in r.stdout and "Example" in r.stdout


def test_rules_list_json_differs_the_way_the_law_did():
    a = run_cli("rules", "list", "--as-of", "2022-06-01", "--profile", LOTUS, "--format", "json")
    b = run_cli("rules", "list", "--as-of", "2026-03-01", "--profile", LOTUS, "--format", "json")
    assert a.code == 0 and b.code == 0, (a.stderr, b.stderr)
    ra, rb = json.loads(a.stdout), json.loads(b.stdout)
    first = ra[0]
    for key in ("id", "title", "obliged", "obligation", "status", "effective_from", "effective_until", "source", "questions", "components"):
        assert key in first, key
    assert set(first["title"]) == {"de", "en"}
    assert set(first["source"]) >= {"law", "section", "version", "url"}
    ids_a, ids_b = {r["id"] for r in ra}, {r["id"] for r in rb}
    assert "BSIG-9B-GE-01" in ids_a - ids_b  # Garantieerklärung abolished 2025-12-06
    assert "TKG-165-04" in ids_b - ids_a  # certification from 2026-01-01
    cert = next(r for r in rb if r["id"] == "TKG-165-04")
    assert cert["components"] == ["lx-amf", "lx-udm", "lx-oss"]


def test_rules_list_table_and_lang():
    r = run_cli("rules", "list", "--as-of", "2026-03-01", "--profile", NORD, "--lang", "de")
    assert r.code == 0
    assert "Regel(n) in Kraft am 2026-03-01 für Nordantenna AB" in r.stdout
    assert "Komponenten" in r.stdout and "Titel" in r.stdout  # the table speaks --lang too
    r = run_cli("rules", "list", "--as-of", "2026-03-01", "--profile", NORD)
    assert "rule(s) in effect on 2026-03-01 for Nordantenna AB" in r.stdout and "Components" in r.stdout


def test_rules_show_text_and_json():
    r = run_cli("rules", "show", "TKG-165-04", "--lang", "de")
    assert r.code == 0 and "§ 165 Abs. 4" in r.stdout and "Zertifizierung" in r.stdout
    r = run_cli("rules", "show", "TKG-165-04", "--lang", "en")
    assert "German text is authoritative" in r.stdout
    r = run_cli("rules", "show", "TKG-165-04", "--format", "json")
    data = json.loads(r.stdout)
    assert data["id"] == "TKG-165-04" and data["text"]["de"] and data["questions"][0]["choices"]
    r = run_cli("rules", "show", "tkg-165-4")
    assert_one_line_error(r, "no rule 'tkg-165-4'", "did you mean TKG-165-04?")


def test_validate_bundled_and_broken(tmp_path):
    r = run_cli("rules", "validate")
    assert r.code == 0 and r.stdout.startswith("ok: de-telecom-security")
    bad = tmp_path / "rs"
    bad.mkdir()
    (bad / "ruleset.yaml").write_text((DATA / "mini-ruleset" / "ruleset.yaml").read_text())
    (bad / "a.yaml").write_text("rules:\n  - id: A-1\n    bogus: 1\n")
    (bad / "b.yaml").write_text("rules: [\n")
    r = run_cli("rules", "validate", bad)
    assert_one_line_error(r, "a.yaml:3:5: rules[0].bogus: unknown key 'bogus'", "b.yaml:2:1: YAML syntax error")
    assert "a.yaml:2:5: rules[0].title: missing required key 'title'" in r.stderr


def test_profile_validate(tmp_path):
    r = run_cli("profile", "validate", LOTUS)
    assert r.code == 0 and "ok: lotus-networks" in r.stdout
    p = tmp_path / "p.yaml"
    p.write_text("id: Bad Id\nlegal_name: X\n")
    r = run_cli("profile", "validate", p)
    assert_one_line_error(r, "p.yaml:1:5: id: String should match pattern", "missing required key 'role'")
    r = run_cli("profile", "validate", tmp_path / "nope.yaml")
    assert_one_line_error(r, "nope.yaml: file not found")


def test_bad_dates_and_usage():
    assert_one_line_error(run_cli("rules", "list", "--as-of", "2022-13-01"), "--as-of: '2022-13-01' is not a date")
    r = run_cli("rules", "list", "--format", "xml")
    assert r.code == 2 and "Traceback" not in r.stderr


def test_schema_command_matches_committed_schemas():
    for kind in ("rules", "ruleset", "profile", "answers"):
        r = run_cli("schema", kind)
        assert r.code == 0
        schema = json.loads(r.stdout)
        assert schema["$schema"].startswith("https://json-schema.org/")
        committed = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text())
        assert committed == schema, f"schemas/{kind}.schema.json is stale: run `make schemas`"


def test_commands_that_do_not_render_do_not_import_weasyprint():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from compliance.cli.main import app\n"
        "r = CliRunner()\n"
        "for args in (['--help'], ['rules', 'list', '--as-of', '2026-01-01'], ['rules', 'validate']):\n"
        "    res = r.invoke(app, args)\n"
        "    assert res.exit_code == 0, (args, res.output)\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
        "print('clean')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "clean" in out.stdout, out.stderr


def test_vendor_text_with_rich_markup_is_printed_literally(tmp_path):
    """A legal name like '[/x]' is data: tables print it as is (it was parsed as Rich markup)."""
    text = LOTUS.read_text(encoding="utf-8").replace(
        "legal_name: Lotus Networks GmbH", "legal_name: '[bold]Lotus[/] [/nonsense] GmbH'")
    prof = tmp_path / "p.yaml"
    prof.write_text(text, encoding="utf-8")
    for args in (("rules", "list", "--as-of", "2026-03-01", "--profile", prof),
                 ("rules", "diff", "--from", "2022-06-01", "--to", "2026-03-01", "--profile", prof)):
        r = run_cli(*args)
        assert r.code == 0, r.stderr
        assert "for [bold]Lotus[/] [/nonsense] GmbH (lotus-networks)" in r.stdout


def test_operator_profile_without_attributes_is_valid_with_a_note(tmp_path):
    p = tmp_path / "op.yaml"
    p.write_text("id: bare-op\nlegal_name: Bare Op GmbH\nrole: operator\ncountry: DE\nheadquarters_country: DE\n"
                 "signatory: {name: A, title: B}\n", encoding="utf-8")
    r = run_cli("profile", "validate", p)
    assert r.code == 0 and "ok: bare-op" in r.stdout
    assert "no operator.threat_potential given" in r.stderr
    p.write_text(p.read_text(encoding="utf-8") + "operator: {threat_potential: elevated, network_generations: [5g]}\n",
                 encoding="utf-8")
    r = run_cli("profile", "validate", p)
    assert r.code == 0 and r.stderr == ""
    p.write_text(p.read_text(encoding="utf-8").replace("role: operator", "role: manufacturer"), encoding="utf-8")
    r = run_cli("profile", "validate", p)
    assert r.code == 2 and "'operator' describes network operators" in r.stderr
