"""`verify` proves that page and data agree (issue #12, cases 2-4): forged packs made from real
ones by the recipes in tests/adversarial/make_corpus.py (PACK_FORGERIES, UPDATE_FORGERIES) are
TAMPERED, exit 1, naming what disagrees; never INTACT, never an internal error."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, LOTUS, run_cli, run_script

sys.path.insert(0, str(Path(__file__).resolve().parent / "adversarial"))
import make_corpus as corpus  # noqa: E402 - the corpus recipes, one implementation

NORD = EXAMPLES / "nordantenna"


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    """Three real packs: Lotus (non-compliant), Nordantenna compliant, and Nordantenna made
    non-compliant by one answer (same vendor, same evidence, other verdict)."""
    folder = tmp_path_factory.mktemp("packs")
    bad_answers = folder / "nord-bad.yaml"
    bad_answers.write_text((NORD / "answers.yaml").read_text().replace("value: true", "value: false", 1))
    made = {
        "lotus": ((LOTUS, EXAMPLES / "lotus-networks" / "answers.yaml", "-e", EXAMPLES / "lotus-networks" / "evidence",
                   "--as-of", "2026-03-01"), 1),
        "nord-compliant": ((NORD / "profile.yaml", NORD / "answers.yaml", "-e", NORD / "evidence", "--as-of", "2026-10-01"), 0),
        "nord-non-compliant": ((NORD / "profile.yaml", bad_answers, "-e", NORD / "evidence", "--as-of", "2026-10-01"), 1),
    }
    out = {}
    for name, (args, code) in made.items():
        out[name] = folder / f"{name}.pdf"
        r = run_cli("pack", *args, "-o", out[name])
        assert r.code == code, r.stderr
    return out


def verify(path: Path, cwd: Path) -> tuple[int, dict, str]:
    r = run_cli("verify", path, "-f", "json", cwd=cwd)
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    t = run_cli("verify", path, cwd=cwd)
    assert t.code == r.code and "internal error" not in t.stderr, t.stderr
    return r.code, json.loads(r.stdout), t.stderr


def test_real_packs_are_one_revision_and_intact(packs, tmp_path):
    from compliance.files.pdf import revisions

    for name, pack in packs.items():
        data = pack.read_bytes()
        assert len(revisions(data)) == 1, name  # the Lotus pack embeds a PDF with its own %%EOF
        code, report, _ = verify(pack, tmp_path)
        assert code == 0 and report["status"] == "intact" and report["updates"] == [] and report["notes"] == [], report


def test_an_incremental_update_swapping_in_a_compliant_packs_data_is_tampered(packs, tmp_path):
    """Case 2 as written: the compliant pack's embedded files and manifest hash put into the
    non-compliant pack by an incremental update; the cover still says 'nicht erfüllt'."""
    from pypdf import PdfReader

    good = {n: items[0] for n, items in PdfReader(packs["nord-compliant"]).attachments.items()}
    swap = corpus.forge_pack(packs["nord-non-compliant"], tmp_path / "swap.pdf", files=good, incremental=True)
    code, report, stderr = verify(swap, tmp_path)
    assert code == 1 and report["status"] == "tampered"
    assert report["cover"]["verdict"] == "non_compliant"
    problems = " | ".join(report["problems"])
    assert "manifest.json: content changed" in problems and "printed on the cover" in problems
    assert "verdict 'compliant', but the cover shows 'nicht erfüllt' (non_compliant)" in problems
    [update] = report["updates"]
    assert update["revision"] == 2 and {o["kind"] for o in update["objects"]} >= {"/EmbeddedFile"}
    assert "note: incremental update after the pack was written (revision 2" in stderr
    assert "verdict recorded: compliant · on the cover: non_compliant" in run_cli("verify", swap, cwd=tmp_path).stdout


@pytest.mark.parametrize("incremental", [False, True], ids=["rewritten", "incremental"])
@pytest.mark.parametrize("case", corpus.PACK_FORGERIES)
def test_forged_manifests_and_structures_are_tampered(packs, tmp_path, case, incremental):
    """Cases 3 and 4: self-consistent manifests that lie, and forged structures."""
    kw, phrase = corpus.PACK_FORGERIES[case]
    forged = corpus.forge_pack(packs["lotus"], tmp_path / f"{case}.pdf", incremental=incremental, **kw)
    code, report, stderr = verify(forged, tmp_path)
    assert code == 1 and report["status"] == "tampered", report
    assert any(phrase in p for p in report["problems"]), (phrase, report["problems"])
    assert all(p in stderr for p in report["problems"])


def test_a_lying_manifest_is_named_even_when_the_cover_hash_is_forged_too(packs, tmp_path, monkeypatch):
    """Field by field: with the cover check satisfied (as after a full re-render), the manifest's
    verdict, profile and sizes are still checked against the files they describe."""
    import compliance.packs.verify as verify_mod

    original = verify_mod._check_page
    monkeypatch.setattr(verify_mod, "_check_page", lambda *a, **k: None)
    try:
        for case, phrase in (("manifest-verdict-compliant", "findings.json: verdict 'non_compliant', the manifest says 'compliant'"),
                             ("manifest-other-profile", "profile.json: profile id 'lotus-networks', the manifest says 'another-vendor'"),
                             ("manifest-wrong-sizes", "answers.json: ")):
            kw, _ = corpus.PACK_FORGERIES[case]
            forged = corpus.forge_pack(packs["lotus"], tmp_path / f"{case}.pdf", **kw)
            report = verify_mod.verify_pack(forged)
            assert report.status == "tampered" and any(phrase in p for p in report.problems), report.problems
    finally:
        monkeypatch.setattr(verify_mod, "_check_page", original)


@pytest.mark.parametrize("case", corpus.UPDATE_FORGERIES)
def test_incremental_updates_are_reported_and_judged(packs, tmp_path, case):
    change, status, phrase = corpus.UPDATE_FORGERIES[case]
    updated = corpus.forge_update(packs["nord-compliant"], tmp_path / f"{case}.pdf", change)
    code, report, stderr = verify(updated, tmp_path)
    assert report["status"] == status and code == (0 if status == "intact" else 1), report
    assert any(phrase in p for p in report["problems"] + report["notes"]), report
    assert report["updates"] and report["updates"][0]["objects"], report["updates"]
    assert "note: incremental update after the pack was written" in stderr


def test_bytes_appended_after_the_pack_are_an_update(packs, tmp_path):
    padded = tmp_path / "padded.pdf"
    padded.write_bytes(packs["nord-compliant"].read_bytes() + b"%% appended by a careless tool\n")
    code, report, _ = verify(padded, tmp_path)
    assert code == 0 and report["updates"] and report["updates"][0]["size"] > 0


def test_verify_lists_every_embedded_file_including_the_manifest(packs, tmp_path):
    r = run_script("verify", packs["nord-compliant"], cwd=tmp_path)
    assert r.code == 0, r.stderr
    for name in ("answers.json", "findings.json", "profile.json", "manifest.json",
                 "evidence/cra-reporting-procedure.txt", "evidence/secure-development-policy.txt"):
        assert name in r.stdout, name


def test_a_pack_encrypted_with_an_empty_user_password_still_verifies(packs, tmp_path):
    """AES-256 as qpdf writes it (a full rewrite, same content): pypdf needs `cryptography`."""
    import subprocess

    aes = tmp_path / "aes.pdf"
    subprocess.run(["qpdf", "--encrypt", "", "owner-pw", "256", "--", str(packs["nord-compliant"]), str(aes)], check=True)
    code, report, stderr = verify(aes, tmp_path)
    assert code == 0 and report["status"] == "intact", (report, stderr)
    r = run_cli("check", NORD / "profile.yaml", aes, "-e", NORD / "evidence", "--as-of", "2026-10-01", cwd=tmp_path)
    assert r.code == 0, r.stderr
