"""Attestation packs on real files: embedded files read back with pypdf, manifest hashes,
verification catching every kind of tampering, determinism, qpdf, batch runs."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest

from compliance.errors import InputError
from compliance.packs.contents import EvidenceFile, assemble

from .conftest import EXAMPLES, LOTUS, ROOT, RULES, assert_one_line_error, run_cli
from .pdfutil import pdftotext, qpdf_check

sys.path.insert(0, str(ROOT / "scripts"))
from tamper_pack import rewrite  # noqa: E402 - the demo's forging tool, one implementation

ANSWERS = EXAMPLES / "lotus-networks" / "answers.yaml"
EVIDENCE = EXAMPLES / "lotus-networks" / "evidence"
AS_OF = "2026-03-01"


def make_pack(target: Path, *extra: str) -> Path:
    r = run_cli("pack", LOTUS, ANSWERS, "--evidence-dir", EVIDENCE, "--as-of", AS_OF, "-o", target, *extra)
    assert r.code == 1, r.stderr  # the example vendor is non-compliant; the pack is written anyway
    assert f"wrote {target}" in r.stderr and "verdict: non_compliant" in r.stderr
    return target


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    return make_pack(tmp_path_factory.mktemp("pack") / "pack.pdf")


def attachments(path: Path) -> dict[str, bytes]:
    from pypdf import PdfReader

    return {name: data[0] for name, data in PdfReader(path).attachments.items()}


def test_pack_embeds_everything_with_manifest_hashes(pack):
    files = attachments(pack)
    for name in ("answers.json", "findings.json", "profile.json", "manifest.json"):
        assert name in files, name
    evidence = sorted(n for n in files if n.startswith("evidence/"))
    assert evidence == [
        "evidence/certificates/lx-amf-nesas.pdf", "evidence/ownership-chart.pdf", "evidence/trust-declaration.txt",
    ]
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "compliance-pack/1"
    assert manifest["as_of"] == AS_OF and manifest["profile"] == "lotus-networks"
    assert manifest["ruleset"]["id"] == "de-telecom-security" and len(manifest["ruleset"]["digest"]) == 64
    for name, meta in manifest["files"].items():
        assert hashlib.sha256(files[name]).hexdigest() == meta["sha256"], name
        assert len(files[name]) == meta["size"]
    assert set(manifest["files"]) == set(files) - {"manifest.json"}
    for ev in manifest["evidence"]:
        assert (EVIDENCE / ev["path"]).read_bytes() == files["evidence/" + ev["path"]]
    findings = json.loads(files["findings.json"])
    assert findings["verdict"] == "non_compliant" and findings["profile"] == "lotus-networks"
    assert json.loads(files["answers.json"])["profile"] == "lotus-networks"


def test_pack_document_shows_verdict_manifest_and_parts(pack):
    from pypdf import PdfReader

    reader = PdfReader(pack)
    digest = hashlib.sha256(attachments(pack)["manifest.json"]).hexdigest()
    assert reader.metadata["/ComplianceManifestSHA256"] == digest
    text = pdftotext(pack)
    assert "Nachweispaket" in text and "Lotus Networks GmbH" in text and "nicht erfüllt" in text
    assert digest in text.replace("\n", "")
    for part in ("Prüfbericht", "Checkliste mit Antworten", "Erklärung", "Nachweisverzeichnis"):
        assert part in text
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert any("Prüfbericht" in t for t in outline)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp  # PDF/A-3b
    associated = [ref.get_object() for ref in reader.trailer["/Root"]["/AF"]]
    assert {str(spec["/AFRelationship"]) for spec in associated} == {"/Data"}  # associated files
    assert sorted(str(spec["/UF"]) for spec in associated) == sorted(attachments(pack))  # each once
    qpdf_check(pack)


def test_verify_intact_pack(pack):
    r = run_cli("verify", pack)
    assert r.code == 0, r.stderr
    assert "INTACT" in r.stdout
    r = run_cli("verify", pack, "--format", "json")
    data = json.loads(r.stdout)
    assert data["status"] == "intact" and data["problems"] == []
    assert data["recorded_verdict"] == data["recheck_verdict"] == "non_compliant"
    assert all(f["ok"] for f in data["files"]) and len(data["files"]) == 7  # the manifest too, against the cover
    assert "manifest.json" in [f["name"] for f in data["files"]] and data["updates"] == []
    assert data["cover"]["verdict"] == "non_compliant" and data["cover"]["profile"] == "lotus-networks"


@pytest.mark.parametrize(
    "name",
    ["answers.json", "findings.json", "profile.json", "evidence/trust-declaration.txt", "evidence/ownership-chart.pdf"],
)
def test_verify_catches_a_changed_byte_in_any_embedded_file(pack, tmp_path, name):
    original = attachments(pack)[name]
    changed = bytearray(original)
    changed[len(changed) // 2] ^= 0x01
    bad = rewrite(pack, tmp_path / "bad.pdf", replace={name: bytes(changed)})
    r = run_cli("verify", bad, "--format", "json")
    assert r.code == 1
    data = json.loads(r.stdout)
    assert data["status"] == "tampered"
    assert f"{name}: content changed" in data["problems"]


def test_verify_catches_a_changed_manifest_and_missing_files(pack, tmp_path):
    files = attachments(pack)
    manifest = json.loads(files["manifest.json"])
    # a forger who also updates the manifest: the checksum printed on the cover no longer matches
    forged_answers = files["answers.json"].replace(b"lotus", b"lotos")
    manifest["files"]["answers.json"]["sha256"] = hashlib.sha256(forged_answers).hexdigest()
    forged = rewrite(pack, tmp_path / "forged.pdf", replace={
        "answers.json": forged_answers,
        "manifest.json": json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n",
    })
    r = run_cli("verify", forged, "--format", "json")
    assert r.code == 1 and "manifest.json: content changed" in r.stdout
    dropped = rewrite(pack, tmp_path / "dropped.pdf", drop={"evidence/ownership-chart.pdf"})
    r = run_cli("verify", dropped)
    assert r.code == 1 and "TAMPERED" in r.stdout
    assert "evidence/ownership-chart.pdf: missing" in r.stderr
    no_manifest = rewrite(pack, tmp_path / "nomanifest.pdf", drop={"manifest.json"})
    r = run_cli("verify", no_manifest)
    assert r.code == 1 and "manifest.json: missing" in r.stderr


def test_verify_reports_changed_rules(pack, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    tkg = rules / "tkg.yaml"
    tkg.write_text(tkg.read_text(encoding="utf-8").replace("Prüfstelle", "Prüfstelle (geändert)", 1), encoding="utf-8")
    r = run_cli("verify", pack, "--rules", rules, "--format", "json")
    assert r.code == 1, r.stderr
    data = json.loads(r.stdout)
    assert data["status"] == "rules_changed"
    assert data["installed_ruleset"]["digest"] != data["pack"]["ruleset"]["digest"]
    assert "rules changed" in data["problems"][0]


def test_not_a_pack(tmp_path):
    text = tmp_path / "notes.pdf"
    text.write_text("hello")
    assert_one_line_error(run_cli("verify", text), "notes.pdf: not a PDF file")
    from weasyprint import HTML

    plain = tmp_path / "plain.pdf"
    HTML(string="<p>just a PDF</p>").write_pdf(plain)
    assert_one_line_error(run_cli("verify", plain), "plain.pdf: not an attestation pack")
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(plain.read_bytes()[:300])
    r = run_cli("verify", truncated)
    assert r.code == 2 and "Traceback" not in r.stderr


def test_two_packs_of_the_same_input_are_identical(pack, tmp_path):
    again = make_pack(tmp_path / "again.pdf")
    assert again.read_bytes() == pack.read_bytes()


def test_check_reads_answers_out_of_a_pack(pack):
    r = run_cli("check", LOTUS, pack, "--evidence-dir", EVIDENCE, "--as-of", AS_OF, "--format", "json")
    assert r.code == 1, r.stderr
    assert json.loads(r.stdout)["verdict"] == "non_compliant"


def test_evidence_size_cap(monkeypatch):
    import compliance.packs.contents as contents

    monkeypatch.setattr(contents, "MAX_EVIDENCE_FILE_BYTES", 10)
    with pytest.raises(InputError, match="a pack embeds at most 10 bytes per file"):
        assemble(
            tool_version="0", ruleset={}, as_of="2026-01-01", lang="de", profile={"id": "x"}, answers={},
            findings={}, evidence=[EvidenceFile("big.bin", b"x" * 11)],
        )


def test_check_report_html_and_pdf(tmp_path):
    r = run_cli("check", LOTUS, ANSWERS, "-e", EVIDENCE, "--as-of", AS_OF, "--format", "html", "--lang", "en")
    assert r.code == 1
    assert '<h2 class="part">Check report</h2>' in r.stdout and "non-compliant" in r.stdout
    assert "did you mean EU-TBX-01-Q2?" in r.stdout
    assert_one_line_error(run_cli("check", LOTUS, ANSWERS, "--format", "pdf"), "--format pdf writes a file")
    out = tmp_path / "report.pdf"
    r = run_cli("check", LOTUS, ANSWERS, "-e", EVIDENCE, "--as-of", AS_OF, "--format", "pdf", "-o", out)
    assert r.code == 1 and out.is_file()
    assert "Check report" in pdftotext(out)  # check speaks English unless --lang de


def test_batch_with_one_broken_vendor(tmp_path):
    root = tmp_path / "vendors"
    for name in ("alpha", "beta"):
        shutil.copytree(EXAMPLES / "lotus-networks", root / name)
    (root / "broken").mkdir()
    (root / "broken" / "profile.yaml").write_text("id: broken\nrole: [\n")
    (root / "broken" / "answers.yaml").write_text("profile: broken\n")
    out = tmp_path / "packs"
    r = run_cli("batch", root, "-o", out, "--jobs", "2", "--as-of", AS_OF, "--format", "json")
    assert r.code == 1, r.stderr
    rows = {row["vendor"]: row for row in json.loads(r.stdout)}
    assert rows["alpha"]["status"] == rows["beta"]["status"] == "non_compliant"
    assert rows["broken"]["status"] == "failed" and "profile.yaml:3:1" in rows["broken"]["error"]
    assert sorted(p.name for p in out.iterdir()) == [f"alpha-pack-{AS_OF}.pdf", f"beta-pack-{AS_OF}.pdf"]
    assert "broken: " in r.stderr
    # same inputs, same bytes, whichever worker built them
    assert (out / f"alpha-pack-{AS_OF}.pdf").read_bytes() != b""
    r = run_cli("verify", out / f"beta-pack-{AS_OF}.pdf")
    assert r.code == 0


def test_evidence_tree_stays_inside_its_folder(tmp_path):
    from compliance.packs.contents import write_evidence_tree

    write_evidence_tree(tmp_path, [("a/b.txt", b"x")])
    assert (tmp_path / "a" / "b.txt").read_bytes() == b"x"
    for bad in ("../escape.txt", "/etc/evil", "a/../../x"):
        with pytest.raises(InputError, match="escapes the pack"):
            write_evidence_tree(tmp_path / "inner", [(bad, b"x")])
    assert not (tmp_path / "escape.txt").exists()
