"""The adversarial corpus (tests/adversarial/, written by make_corpus.py), kind by kind, through
every command that reads that kind of input.

Bad input: exit 2, a line naming the file (file:line where the reader knows it), no traceback,
nothing on stdout, nothing written (each run happens in an empty folder with -o into it).
The bulk runs in-process (conftest.run_cli: the same app object as the console script);
tests/test_adversarial.py and the representative cases below run the real entry point (run_script).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from .conftest import DATA, LOTUS, assert_one_line_error, run_cli, run_script

CORPUS = Path(__file__).resolve().parent / "adversarial"
CHECK_RULES = DATA / "check-ruleset"
CHECK_PROFILE = DATA / "check" / "profile.yaml"
EVIDENCE = DATA / "check" / "evidence"
GOOD_ANSWERS = CORPUS / "good-answers.yaml"
GOOD_PROFILE = CORPUS / "good-profile.yaml"
GOOD_RULE = CORPUS / "good-rule.yaml"
AS_OF = ("--as-of", "2026-03-01")


def files(kind: str, pattern: str = "*") -> list[Path]:
    return sorted(p for p in (CORPUS / kind).glob(pattern) if p.is_file())


def ids(p: Path) -> str:
    return f"{p.parent.name}/{p.name}"


def test_corpus_size():
    counts = {kind: len(files(kind)) for kind in ("yaml", "profile", "answers", "evidence", "rules", "hostile", "pdf",
                                                    "pdf-readable")}
    counts["templates"] = len([d for d in (CORPUS / "templates").iterdir() if d.is_dir()])
    assert counts["answers"] >= 40 and counts["rules"] >= 45 and counts["pdf"] >= 12 and counts["templates"] >= 25
    assert sum(counts.values()) - 61 >= 80  # at least 80 beyond the first 61 (yaml/ and profile/)


def assert_refused(result: Result, path: Path, cwd: Path, *, located: bool = False) -> None:
    """Exit 2, one message line naming the file per problem, no traceback, stdout empty, cwd empty."""
    assert_one_line_error(result, path.name)
    assert "internal error" not in result.stderr, result.stderr
    assert result.stdout == "", result.stdout
    assert list(cwd.iterdir()) == [], list(cwd.iterdir())
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    for line in lines:
        assert path.name in line or re.fullmatch(r"\d+ problem\(s\) found", line), (line, result.stderr)
    if located:
        assert re.search(re.escape(path.name) + r"(#[\w.]+)?:\d+", result.stderr), result.stderr


# --------------------------------------------------------------------------- answers files

BAD_ANSWERS = files("answers")
#: Files whose problem has no line: not YAML/JSON text at all, or a reader that stops early.
UNLOCATED_ANSWERS = {"utf16.json", "unsupported-suffix.txt", "deep-nesting.json"}


@pytest.mark.parametrize("path", BAD_ANSWERS, ids=ids)
def test_bad_answers_are_refused_by_check_and_pack(path, tmp_path):
    located = path.name not in UNLOCATED_ANSWERS
    common = ("--rules", CHECK_RULES, *AS_OF, "-e", EVIDENCE)
    r = run_cli("check", CHECK_PROFILE, path, *common, "-f", "json", "-o", tmp_path / "out.json", cwd=tmp_path)
    assert_refused(r, path, tmp_path, located=located)
    r = run_cli("check", CHECK_PROFILE, path, *common, cwd=tmp_path)  # the table output
    assert_refused(r, path, tmp_path, located=located)
    r = run_cli("pack", CHECK_PROFILE, path, *common, "-o", tmp_path / "pack.pdf", cwd=tmp_path)
    assert_refused(r, path, tmp_path, located=located)


def test_batch_check_reports_every_bad_answers_file_once(tmp_path):
    """Several ANSWERS at once (batch mode): one line per file, all of them, nothing checked."""
    chosen = [p for p in BAD_ANSWERS if p.name not in ("profile-mismatch.yaml",)]
    r = run_script("check", CHECK_PROFILE, *chosen, "--rules", CHECK_RULES, *AS_OF, cwd=tmp_path)
    assert r.code == 2 and "Traceback" not in r.stderr and r.stdout == ""
    for p in chosen:
        assert p.name in r.stderr, p.name
    assert list(tmp_path.iterdir()) == []


def test_answers_for_another_profile_name_both(tmp_path):
    path = CORPUS / "answers" / "profile-mismatch.yaml"
    r = run_script("check", CHECK_PROFILE, path, "--rules", CHECK_RULES, *AS_OF, cwd=tmp_path)
    assert_one_line_error(r, "profile-mismatch.yaml:1", "'other-vendor'", "'test-vendor'")


# --------------------------------------------------------------------------- malformed YAML and bad profiles


@pytest.mark.parametrize("path", files("yaml"), ids=ids)
def test_malformed_yaml_as_answers_and_profile_of_documents(path, tmp_path):
    """The broken-YAML corpus read as an answers file and as the profile of every document command."""
    r = run_cli("check", CHECK_PROFILE, path, "--rules", CHECK_RULES, *AS_OF, "-o", tmp_path / "o.txt", cwd=tmp_path)
    assert_refused(r, path, tmp_path)
    for cmd in ("checklist", "attestation"):
        r = run_cli(cmd, path, *AS_OF, "-f", "html", "-o", tmp_path / "doc.html", cwd=tmp_path)
        assert_refused(r, path, tmp_path)
    r = run_cli("answers-template", path, *AS_OF, "-o", tmp_path / "a.yaml", cwd=tmp_path)
    assert_refused(r, path, tmp_path)


@pytest.mark.parametrize("path", files("profile"), ids=ids)
def test_bad_profiles_through_every_profile_command(path, tmp_path):
    for args in (
        ("checklist", path, *AS_OF, "-f", "html", "-o", tmp_path / "doc.html"),
        ("attestation", path, *AS_OF, "--fillable", "-o", tmp_path / "doc.pdf"),
        ("answers-template", path, *AS_OF, "-f", "json", "-o", tmp_path / "a.json"),
        ("rules", "diff", "--from", "2022-06-01", "--to", "2026-03-01", "--profile", path),
        ("check", path, GOOD_ANSWERS, *AS_OF, "-f", "json", "-o", tmp_path / "o.json"),
        ("pack", path, GOOD_ANSWERS, *AS_OF, "-o", tmp_path / "p.pdf"),
    ):
        r = run_cli(*args, cwd=tmp_path)
        assert_refused(r, path, tmp_path, located=True)


def test_fifty_megabyte_answers_and_profile_are_refused(tmp_path):
    big = tmp_path / "in" / "big.yaml"
    big.parent.mkdir()
    with big.open("wb") as fh:
        fh.write(b"profile: test-vendor\nnotes: '")
        fh.seek(50 * 1024 * 1024)
        fh.write(b"'\n")
    out = tmp_path / "out"
    out.mkdir()
    r = run_script("check", CHECK_PROFILE, big, "--rules", CHECK_RULES, *AS_OF, "-o", out / "o.txt", cwd=out)
    assert_refused(r, big, out)
    assert "larger than the limit" in r.stderr
    r = run_cli("checklist", big, *AS_OF, "-o", out / "c.pdf", cwd=out)
    assert_refused(r, big, out)


# --------------------------------------------------------------------------- rule files

BAD_RULES = files("rules")


def ruleset_with(tmp_path: Path, rule_file: Path) -> Path:
    folder = tmp_path / "rs"
    shutil.copytree(DATA / "mini-ruleset", folder)
    shutil.copy(rule_file, folder / rule_file.name)
    return folder


def test_good_rule_file_is_valid(tmp_path):
    folder = ruleset_with(tmp_path, GOOD_RULE)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    r = run_cli("rules", "validate", folder, cwd=cwd)
    assert r.code == 0, r.stderr
    r = run_cli("checklist", GOOD_PROFILE, "--rules", folder, *AS_OF, "-f", "html", "-o", cwd / "c.html", cwd=cwd)
    assert r.code == 0 and (cwd / "c.html").exists(), r.stderr


@pytest.mark.parametrize("path", BAD_RULES, ids=ids)
def test_bad_rule_files_are_refused(path, tmp_path):
    folder = ruleset_with(tmp_path, path)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    answers = tmp_path / "answers.yaml"
    answers.write_text("profile: acme\nanswers: {}\n")
    for args in (
        ("rules", "validate", folder),
        ("rules", "list", "--rules", folder, *AS_OF),
        ("rules", "test", "--rules", folder),
        ("profile", "validate", GOOD_PROFILE, "--rules", folder),
        ("checklist", GOOD_PROFILE, "--rules", folder, *AS_OF, "-f", "html", "-o", cwd / "c.html"),
        ("check", GOOD_PROFILE, answers, "--rules", folder, *AS_OF, "-o", cwd / "o.txt"),
    ):
        r = run_cli(*args, cwd=cwd)
        assert_refused(r, path, cwd, located=True)


def test_bad_rule_files_real_entry_point_all_at_once(tmp_path):
    """`rules validate` over one folder per case: every case reported, each with its file:line."""
    folders = []
    for path in BAD_RULES:
        folder = tmp_path / path.stem
        shutil.copytree(DATA / "mini-ruleset", folder)
        shutil.copy(path, folder / path.name)
        folders.append(folder)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    r = run_script("rules", "validate", *folders, cwd=cwd)
    assert r.code == 2 and "Traceback" not in r.stderr and r.stdout == ""
    for path in BAD_RULES:
        assert re.search(re.escape(path.name) + r":\d+", r.stderr), path.name
    assert list(cwd.iterdir()) == []


# --------------------------------------------------------------------------- evidence paths


def evidence_folder(tmp_path: Path) -> Path:
    """A copy of the evidence folder next to a secret, with symbolic links leading out of it."""
    root = tmp_path / "ev-root"
    folder = root / "evidence"
    shutil.copytree(EVIDENCE, folder)
    (root / "outside-secret.txt").write_text("TOP-SECRET-OUTSIDE-THE-EVIDENCE-FOLDER\n")
    os.symlink(root / "outside-secret.txt", folder / "link-out.txt")
    os.symlink(root, folder / "link-dir")
    return folder


EVIDENCE_CASES = files("evidence")
REFUSED = {"evidence_absolute", "evidence_parent", "evidence_outside", "evidence_unreadable", "evidence_not_found"}


@pytest.mark.parametrize("path", EVIDENCE_CASES, ids=ids)
def test_evidence_outside_the_folder_is_refused(path, tmp_path):
    folder = evidence_folder(tmp_path)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    r = run_cli("check", CHECK_PROFILE, path, "--rules", CHECK_RULES, *AS_OF, "-e", folder, "-f", "json", cwd=cwd)
    assert r.code == 1, r.stderr  # the MUSS rule lacks its evidence: not compliant
    data = json.loads(r.stdout)
    rule = next(x for x in data["rules"] if x["id"] == "CHK-MUSS-01")
    codes = {f["code"] for f in rule["findings"]}
    assert codes & REFUSED, rule["findings"]
    assert not {"evidence_absolute", "evidence_parent", "evidence_outside"} - REFUSED
    if path.stem.startswith(("parent", "deep", "backslash", "symlink", "absolute", "windows")):
        assert codes & {"evidence_absolute", "evidence_parent", "evidence_outside"}, codes
        text = " ".join(f["message"] for f in rule["findings"])
        assert "refused" in text
    verified = {e["path"] for e in data["evidence"]}
    assert verified <= {"declaration.txt", "certs/nesas.txt", "security-concept.txt"}, verified


def test_pack_embeds_no_evidence_from_outside(tmp_path):
    """One pack whose answers list every hostile evidence path: none of them is embedded."""
    from compliance.files.reader import load_document

    folder = evidence_folder(tmp_path)
    hostile = []
    for path in EVIDENCE_CASES:
        doc = load_document(path)
        hostile += [e for e in doc.data["answers"]["CHK-MUSS-01-Q1"]["evidence"]]
    answers = load_document(GOOD_ANSWERS).data
    answers["answers"]["CHK-MUSS-01-Q1"]["evidence"] = ["declaration.txt", *hostile]
    afile = tmp_path / "answers.json"
    afile.write_text(json.dumps(answers, default=str))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    pack = cwd / "pack.pdf"
    r = run_script("pack", CHECK_PROFILE, afile, "--rules", CHECK_RULES, *AS_OF, "-e", folder, "-o", pack, cwd=cwd)
    assert r.code == 1 and "Traceback" not in r.stderr, r.stderr
    from .pdfutil import reader

    attached = reader(pack).attachments
    assert sorted(n for n in attached if n.startswith("evidence/")) == [
        "evidence/certs/nesas.txt", "evidence/declaration.txt", "evidence/security-concept.txt"]
    assert not any(b"TOP-SECRET" in c for items in attached.values() for c in items)
    assert b"root:x:0" not in pack.read_bytes()
    v = run_script("verify", pack, "--rules", CHECK_RULES, cwd=cwd)
    assert v.code == 0, v.stdout + v.stderr


# --------------------------------------------------------------------------- broken PDFs

BROKEN_PDFS = files("pdf")
#: A readable PDF with an embedded manifest.json that is not a valid manifest is a tampered pack
#: for `verify` (exit 1); a PDF that only carries an answers.json is not a pack (exit 2).
VERIFY_CODE = {"fake-pack-bad-manifest.pdf": 1}


@pytest.mark.parametrize("path", BROKEN_PDFS, ids=ids)
def test_broken_pdfs_are_refused(path, tmp_path):
    r = run_cli("check", CHECK_PROFILE, path, "--rules", CHECK_RULES, *AS_OF, "-o", tmp_path / "o.txt", cwd=tmp_path)
    assert_refused(r, path, tmp_path)
    r = run_cli("pack", CHECK_PROFILE, path, "--rules", CHECK_RULES, *AS_OF, "-o", tmp_path / "p.pdf", cwd=tmp_path)
    assert_refused(r, path, tmp_path)
    r = run_cli("verify", path, "--rules", CHECK_RULES, cwd=tmp_path)
    if VERIFY_CODE.get(path.name) == 1:
        assert r.code == 1 and "TAMPERED" in r.stdout and "manifest.json: " in r.stderr, (r.stdout, r.stderr)
        assert "Traceback" not in r.stderr
    else:
        assert_one_line_error(r, path.name)
        assert r.stdout == "" and "internal error" not in r.stderr


@pytest.mark.parametrize("path", files("pdf-readable"), ids=ids)
def test_pdfs_encrypted_with_an_empty_user_password_are_read(path, tmp_path):
    """AES-128/256 with an empty user password (as many PDF tools write them): read, not refused."""
    r = run_cli("check", CHECK_PROFILE, path, "--rules", CHECK_RULES, *AS_OF, "-e", EVIDENCE, "-f", "json", cwd=tmp_path)
    assert r.code in (0, 1), r.stderr
    assert json.loads(r.stdout)["profile"] == "test-vendor" and "cryptography" not in r.stderr


def test_encrypted_pdf_says_so(tmp_path):
    for name in ("encrypted.pdf", "encrypted-aes256.pdf"):
        r = run_script("verify", CORPUS / "pdf" / name, cwd=tmp_path)
        assert_one_line_error(r, name)
        assert "encrypted" in r.stderr or "unreadable" in r.stderr, r.stderr


# --------------------------------------------------------------------------- packs made and doctored


@pytest.fixture(scope="session")
def real_pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pack")
    pack = folder / "pack.pdf"
    r = run_script("pack", CHECK_PROFILE, GOOD_ANSWERS, "--rules", CHECK_RULES, *AS_OF, "-e", EVIDENCE, "-o", pack, cwd=folder)
    assert r.code in (0, 1) and pack.exists(), r.stderr
    return pack


def doctor(src: Path, dst: Path, *, drop: str | None = None, replace: tuple[str, bytes] | None = None,
           add: tuple[str, bytes] | None = None) -> Path:
    """A copy of the pack with one embedded file removed, changed or added (pypdf)."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    w = PdfWriter(clone_from=str(src))
    tree = w._root_object["/Names"]["/EmbeddedFiles"]
    names = tree["/Names"]
    if drop:
        i = list(names).index(drop)
        tree[NameObject("/Names")] = ArrayObject(list(names[:i]) + list(names[i + 2:]))
    if replace:
        i = list(names).index(replace[0])
        spec = names[i + 1].get_object()
        spec["/EF"]["/F"].get_object().set_data(replace[1])
    if add:
        w.add_attachment(*add)
    w.write(str(dst))
    return dst


def test_real_pack_verifies(real_pack, tmp_path):
    r = run_script("verify", real_pack, "--rules", CHECK_RULES, cwd=tmp_path)
    assert r.code == 0, r.stdout + r.stderr


@pytest.mark.parametrize(
    "case, kw, problem",
    [
        ("missing-evidence", {"drop": "evidence/declaration.txt"}, "evidence/declaration.txt: missing"),
        ("missing-answers", {"drop": "answers.json"}, "answers.json: missing"),
        ("missing-manifest", {"drop": "manifest.json"}, "manifest.json: missing"),
        ("altered-evidence", {"replace": ("evidence/declaration.txt", b"forged\n")}, "evidence/declaration.txt: content changed"),
        ("altered-findings", {"replace": ("findings.json", b'{"verdict": "compliant"}\n')}, "findings.json: content changed"),
        ("altered-manifest", {"replace": ("manifest.json", b'{"format": "compliance-pack/1", "files": {}}')}, "manifest.json: content changed"),
        ("extra-markup-name", {"add": ("evidence/[/x] <b>.txt", b"x")}, "not listed in the manifest"),
    ],
)
def test_doctored_packs_are_tampered(real_pack, tmp_path, case, kw, problem):
    bad = doctor(real_pack, tmp_path / f"{case}.pdf", **kw)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    r = run_script("verify", bad, "--rules", CHECK_RULES, cwd=cwd)
    assert r.code == 1, (r.code, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    assert problem in r.stderr, r.stderr
    j = run_cli("verify", bad, "--rules", CHECK_RULES, "-f", "json", cwd=cwd)
    assert j.code == 1 and json.loads(j.stdout)["status"] == "tampered"


def test_truncated_and_encrypted_packs_are_bad_input(real_pack, tmp_path):
    import subprocess

    data = real_pack.read_bytes()
    cases = {
        "truncated-pack.pdf": data[: len(data) // 3],
        "no-xref-pack.pdf": data[: data.rindex(b"xref")],
    }
    enc = tmp_path / "encrypted-pack.pdf"
    subprocess.run(["qpdf", "--encrypt", "pw", "pw", "256", "--", str(real_pack), str(enc)], check=True)
    cases["encrypted-pack.pdf"] = enc.read_bytes()
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        r = run_script("verify", path, "--rules", CHECK_RULES, cwd=cwd)
        if r.code == 1:  # pypdf repaired it far enough to read: then it must say what is missing
            assert "TAMPERED" in r.stdout and "Traceback" not in r.stderr, r.stdout + r.stderr
        else:
            assert_one_line_error(r, name)
        c = run_cli("check", CHECK_PROFILE, path, "--rules", CHECK_RULES, *AS_OF, "-o", cwd / "o.txt", cwd=cwd)
        if c.code == 2:
            assert_refused(c, path, cwd)
        else:  # answers.json survived the truncation: checked like any answers
            assert c.code in (0, 1) and "Traceback" not in c.stderr
            (cwd / "o.txt").unlink()
    assert list(cwd.iterdir()) == []


def test_pack_is_readable_as_answers(real_pack, tmp_path):
    r = run_cli("check", CHECK_PROFILE, real_pack, "--rules", CHECK_RULES, *AS_OF, "-e", EVIDENCE, "-f", "json", cwd=tmp_path)
    assert r.code in (0, 1), r.stderr
    assert json.loads(r.stdout)["answers_file"].endswith("pack.pdf")


def test_batch_reports_each_bad_vendor_in_its_row(tmp_path):
    """`batch DIR`: every vendor's bad input is one line naming the file; vendor folder names are
    data, not Rich markup (a name like '[x]' vanished from the summary table)."""
    root = tmp_path / "vendors"
    cases = {
        "[x] markup": (CORPUS / "yaml" / "tab-indent.yaml", GOOD_ANSWERS),
        "bad-profile": (CORPUS / "profile" / "unknown-top-key.yaml", GOOD_ANSWERS),
        "bad-answers": (CHECK_PROFILE, CORPUS / "answers" / "nan-value.yaml"),
        "pdf-answers": (CHECK_PROFILE, CORPUS / "pdf" / "truncated.pdf"),
    }
    for vendor, (profile, answers) in cases.items():
        folder = root / vendor
        folder.mkdir(parents=True)
        shutil.copy(profile, folder / "profile.yaml")
        shutil.copy(answers, folder / ("answers.json" if answers.suffix == ".pdf" else "answers.yaml"))
    out = tmp_path / "out"
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    r = run_script("batch", root, "-o", out, "--jobs", "2", "--rules", CHECK_RULES, *AS_OF, "-f", "json", cwd=cwd)
    assert r.code == 1, (r.code, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    rows = {row["vendor"]: row for row in json.loads(r.stdout)}
    assert set(rows) == set(cases)
    for vendor, row in rows.items():
        assert row["status"] != "compliant" and row["error"], row
        assert ("profile.yaml" in row["error"]) or ("answers" in row["error"]), row
    assert not list(out.rglob("*.pdf")) and not list(out.rglob("*.part"))
    t = run_script("batch", root, "-o", out, "--jobs", "1", "--rules", CHECK_RULES, *AS_OF, cwd=cwd)
    assert t.code == 1 and "[x] markup" in t.stdout and "internal error" not in t.stderr, t.stderr
