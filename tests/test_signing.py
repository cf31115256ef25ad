"""Signed attestations, end to end with real keys, real PDFs and an outside validator.

Keys and certificates are made in the session with ``cryptography`` (tests/sigutil.py): a test
CA, the vendor's and the operator's signing keys (PKCS#12), an expired one, an ECDSA one, a
timestamp authority and an unrelated CA. pdfsig (poppler) gets an NSS database trusting the test
CA, and its verdict is compared with ours on every case: signature valid or not, whole document
signed or not, certificate trusted or not. A SoftHSM2 token stands in for a signature card.

One pack (Nordantenna, compliant) is built and signed once per session; the cases work on copies.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, NORD, ROOT, assert_not_imported, assert_one_line_error, run_cli
from .pdfa import claims_pdfa, pdf_problems, xmp
from .pdfutil import qpdf_check, reader
from .sigutil import PASSPHRASE, LoopbackTSA, make_nssdb, make_pki, make_token, pdfsig, softhsm_lib

sys.path.insert(0, str(ROOT / "scripts"))
from tamper_pack import flipped, rewrite  # noqa: E402 - the demo's forging tool, one implementation

NORD_ANSWERS = EXAMPLES / "nordantenna" / "answers.yaml"
NORD_EVIDENCE = EXAMPLES / "nordantenna" / "evidence"
AS_OF = "2026-10-01"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def nss(pki, tmp_path_factory):
    """NSS databases for pdfsig: one trusting the test CA, one trusting nothing, one the other CA."""
    base = tmp_path_factory.mktemp("nss")
    return {
        "ca": make_nssdb(base / "ca", [pki["ca"]]),
        "none": make_nssdb(base / "none", []),
        "other": make_nssdb(base / "other", [pki["other_ca"]]),
    }


def key_options(pki, name: str) -> list:
    return ["--key", pki[name], "--passphrase-file", pki["passphrase"]]


def verify(path: Path, *trust: Path, extra: tuple = ()) -> tuple[int, dict]:
    args = ["verify", path, "--format", "json", *extra]
    for root in trust:
        args += ["--trust", root]
    r = run_cli(*args)
    assert r.code in (0, 1), r.stderr
    return r.code, json.loads(r.stdout)


def by_field(report: dict) -> dict[str, dict]:
    return {s["field"]: s for s in report["signatures"]}


def assert_pdfsig_agrees(path: Path, report: dict, nssdir: Path) -> None:
    """pdfsig's verdict on every signature equals ours: valid, whole file, trusted."""
    theirs = {s.field: s for s in pdfsig(path, nssdir)}
    ours = by_field(report)
    assert set(theirs) == set(ours), (theirs, ours)
    for name, sig in ours.items():
        other = theirs[name]
        assert other.valid == sig["intact"], (name, other.raw, sig)
        assert other.total == sig["covers_whole_file"], (name, other.raw, sig)
        if sig["intact"]:  # pdfsig says nothing about the certificate of a broken signature
            assert other.trusted == sig["trusted"], (name, other.raw, sig)


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory) -> Path:
    """The pack, not signed."""
    path = tmp_path_factory.mktemp("unsigned") / "pack.pdf"
    r = run_cli("pack", NORD, NORD_ANSWERS, "-e", NORD_EVIDENCE, "--as-of", AS_OF, "--lang", "en", "-o", path)
    assert r.code == 0, r.stderr
    return path


@pytest.fixture(scope="module")
def signed(pki, tmp_path_factory):
    """The pack, signed by the vendor in one step (`pack --sign`), and countersigned by the
    operator (`sign`) into a second file."""
    folder = tmp_path_factory.mktemp("signed")
    vendor = folder / "pack-vendor.pdf"
    r = run_cli("pack", NORD, NORD_ANSWERS, "-e", NORD_EVIDENCE, "--as-of", AS_OF, "--lang", "en", "-o", vendor,
                "--sign", pki["vendor"], "--passphrase-file", pki["passphrase"], "--location", "Stockholm",
                "--reason", "Attestation of Nordantenna AB")
    assert r.code == 0, r.stderr
    assert "field signatory, by Erik Lindqvist" in r.stderr and "(PAdES B-B)" in r.stderr
    both = folder / "pack-both.pdf"
    r = run_cli("sign", vendor, *key_options(pki, "operator"), "--reason", "Countersigned", "-o", both)
    assert r.code == 0, r.stderr
    assert f"signed {both}: field countersignatory, by Petra Schneider" in r.stderr
    return {"vendor": vendor, "both": both, "folder": folder}


# --------------------------------------------------------------------------- the two-signature flow


def test_signed_and_countersigned_pack_verifies_with_both_signatures_trusted(signed, pki, nss):
    code, report = verify(signed["both"], pki["ca"])
    assert code == 0 and report["status"] == "intact", report["problems"]
    assert report["kind"] == "pack" and report["recheck_verdict"] == "compliant"
    sigs = by_field(report)
    assert list(sigs) == ["signatory", "countersignatory"]
    first, second = sigs["signatory"], sigs["countersignatory"]
    assert first["signer"] == "Erik Lindqvist" and second["signer"] == "Petra Schneider"
    assert first["intact"] and second["intact"] and first["trusted"] and second["trusted"]
    assert first["status"] == second["status"] == "intact"
    # the vendor's signature covers its revision; the countersignature was added after it
    assert not first["covers_whole_file"] and second["covers_whole_file"]
    assert not first["modified_after"] and not second["modified_after"]
    assert first["changes_after"]["fields"] == ["countersignatory"] and first["changes_after"]["allowed"]
    assert (first["signed_revision"], second["signed_revision"], second["revisions"]) == (2, 3, 3)
    assert first["reason"] == "Attestation of Nordantenna AB" and first["location"] == "Stockholm"
    assert first["signed_at_source"] == "signer" and first["valid_at_signing_time"]
    assert first["certificate"]["key_usage"] == ["digital_signature", "non_repudiation"]
    assert first["problems"] == [] and second["problems"] == []
    # each update is reported with the objects it changed itself, not those of the file as a whole
    vendor_update, operator_update = report["updates"]
    assert (vendor_update["revision"], operator_update["revision"]) == (2, 3)
    assert vendor_update["objects"] and operator_update["objects"]
    assert "changes no object" not in " ".join(report["notes"])
    _, vendor_only = verify(signed["vendor"], pki["ca"])
    assert [o["object"] for o in vendor_only["updates"][0]["objects"]] == [o["object"] for o in vendor_update["objects"]]
    assert_pdfsig_agrees(signed["both"], report, nss["ca"])
    assert [s.valid and s.trusted for s in pdfsig(signed["both"], nss["ca"])] == [True, True]


def test_without_trust_roots_signatures_are_intact_but_not_trusted(signed, nss):
    code, report = verify(signed["both"])
    assert code == 0 and report["status"] == "intact"
    for sig in report["signatures"]:
        assert sig["intact"] and not sig["trusted"]
        assert "no trust roots given" in sig["trust_problem"]
    assert_pdfsig_agrees(signed["both"], report, nss["none"])
    table = run_cli("verify", signed["both"])
    assert table.code == 0 and "trust not checked (no --trust)" in table.stdout


def test_a_root_that_did_not_issue_the_certificates_is_untrusted(signed, pki, nss):
    code, report = verify(signed["both"], pki["other_ca"])
    assert code == 1 and report["status"] == "untrusted"
    for sig in report["signatures"]:
        assert sig["intact"] and not sig["trusted"] and sig["trust_problem"] == "no chain to the given trust roots"
    assert_pdfsig_agrees(signed["both"], report, nss["other"])
    # a pack trusted under its own CA among others: trusted
    assert verify(signed["both"], pki["other_ca"], pki["ca"])[0] == 0


def test_signing_keeps_the_pdfa_claims_consistent(signed):
    for path in (signed["vendor"], signed["both"]):
        qpdf_check(path)
        assert path.read_bytes().startswith(b"%PDF-1.7")
        r = reader(path)
        assert r.trailer["/Root"].get("/Version") is None  # no upgrade to PDF 2.0
        assert claims_pdfa(path) == ("3", "B")
        assert 'pdf:Producer="pyHanko' in xmp(r) or "<pdf:Producer>pyHanko" in xmp(r)
        assert pdf_problems(path) == []  # Info and XMP agree, fonts embedded, tagged, ...


def test_signature_fields_show_signer_title_and_digitally_signed(signed):
    from .pdfutil import pdftotext

    r = reader(signed["both"])
    widgets = {}
    for number, page in enumerate(r.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig":
                widgets[str(annot["/T"])] = (number, annot)
    assert set(widgets) == {"signatory", "countersignatory"}
    for name, (number, annot) in widgets.items():
        appearance = annot["/AP"]["/N"].get_object()
        assert appearance.get_data(), name  # drawn, not the empty placeholder
        assert "/StructParent" in annot  # tagged as a form field
    # the appearances, flattened into page content, read back as text
    flat = signed["folder"] / "flat.pdf"
    import subprocess

    subprocess.run(["qpdf", "--flatten-annotations=all", str(signed["both"]), str(flat)], check=True)
    text = pdftotext(flat, first=widgets["signatory"][0], last=widgets["signatory"][0])
    assert "Erik Lindqvist" in text and "Head of Product Security" in text and "Digitally signed" in text
    assert "Petra Schneider" in text and "CISO" in text


# --------------------------------------------------------------------------- tampering


def _incremental(src: Path, dst: Path, change) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(PdfReader(src), incremental=True)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    dst.write_bytes(out.getvalue())
    return dst


def test_a_pack_changed_after_signing_is_tampered_naming_the_signature(signed, pki, nss):
    forged = rewrite(signed["both"], signed["folder"] / "forged.pdf", incremental=True,
                     replace={"answers.json": flipped(signed["both"], "answers.json")})
    assert forged.read_bytes().startswith(signed["both"].read_bytes())  # the signed bytes are kept
    code, report = verify(forged, pki["ca"])
    assert code == 1 and report["status"] == "tampered"
    for name in ("signatory", "countersignatory"):
        sig = by_field(report)[name]
        assert sig["intact"] and sig["modified_after"] and sig["status"] == "tampered"
        assert sig["changes_after"]["areas"] == ["embedded files"] and not sig["changes_after"]["allowed"]
        assert f"signature {name}: changed after signing: embedded files" in report["problems"]
    assert_pdfsig_agrees(forged, report, nss["ca"])  # pdfsig: valid, but not the whole document
    table = run_cli("verify", forged, "--trust", pki["ca"])
    assert table.code == 1 and "TAMPERED" in table.stdout and "CHANGED AFTER SIGNING" in table.stdout


def test_document_information_changed_after_signing_is_tampered(signed, pki, nss):
    forged = _incremental(signed["vendor"], signed["folder"] / "retitled.pdf",
                          lambda w: w.add_metadata({"/Title": "Something else"}))
    code, report = verify(forged, pki["ca"])
    sig = by_field(report)["signatory"]
    assert code == 1 and sig["modified_after"]
    assert sig["changes_after"]["document_information"]["/Title"][1] == "Something else"
    assert "signature signatory: changed after signing: document information Title" in report["problems"]
    assert_pdfsig_agrees(forged, report, nss["ca"])


def test_bytes_changed_inside_the_signed_range_break_the_signature(signed, pki, nss):
    data = bytearray(signed["vendor"].read_bytes())
    at = data.find(b"/ComplianceProfile")
    data[at + 1:at + 2] = b"X"  # one byte of the document information, inside the signed bytes
    broken = signed["folder"] / "broken.pdf"
    broken.write_bytes(bytes(data))
    code, report = verify(broken, pki["ca"])
    sig = by_field(report)["signatory"]
    assert code == 1 and report["status"] == "tampered"
    assert not sig["intact"] and sig["status"] == "tampered" and not sig["trusted"]
    assert any("does not match the signed bytes" in p for p in sig["problems"])
    assert_pdfsig_agrees(broken, report, nss["ca"])
    assert pdfsig(broken, nss["ca"])[0].raw["Signature Validation"] == "Digest Mismatch."


# --------------------------------------------------------------------------- bad input and certificates


def test_wrong_passphrase_is_one_clear_line_and_nothing_is_written(signed, pki, tmp_path):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    target = tmp_path / "out.pdf"
    r = run_cli("sign", signed["vendor"], "--key", pki["operator"], "--passphrase-file", wrong, "-o", target)
    assert_one_line_error(r, "operator.p12", "wrong passphrase")
    assert len(r.stderr.strip().splitlines()) == 1 and not target.exists()
    r = run_cli("pack", NORD, NORD_ANSWERS, "-e", NORD_EVIDENCE, "--as-of", AS_OF, "-o", target,
                "--sign", pki["vendor"], "--passphrase-file", wrong)
    assert_one_line_error(r, "wrong passphrase")
    assert not target.exists()  # refused before rendering
    r = run_cli("sign", signed["vendor"], "--key", pki["operator"], "-o", target)  # no passphrase at all
    assert_one_line_error(r, "no passphrase given")


def test_signing_refuses_what_it_cannot_do(signed, pki, tmp_path):
    copy = tmp_path / "copy.pdf"
    shutil.copy(signed["both"], copy)
    assert_one_line_error(run_cli("sign", copy, *key_options(pki, "operator")), "every signature field is signed already")
    assert_one_line_error(run_cli("sign", signed["vendor"], *key_options(pki, "operator"), "--field", "signatory",
                                  "-o", tmp_path / "x.pdf"), "'signatory' is signed already")
    assert_one_line_error(run_cli("sign", signed["vendor"], *key_options(pki, "operator"), "--field", "boss",
                                  "-o", tmp_path / "x.pdf"), "no signature field 'boss'")
    assert_one_line_error(run_cli("sign", signed["vendor"], "-o", tmp_path / "x.pdf"), "give a key")
    assert_one_line_error(run_cli("sign", pki["ca"], *key_options(pki, "vendor")), "not a PDF file")
    assert_one_line_error(run_cli("sign", signed["vendor"], "--key", pki["ca"], "--passphrase-file", pki["passphrase"],
                                  "-o", tmp_path / "x.pdf"), "not a PKCS#12")
    assert_one_line_error(run_cli("sign", signed["vendor"], *key_options(pki, "expired"), "-o", tmp_path / "x.pdf"),
                          "the signing certificate expired on")
    assert_one_line_error(run_cli("sign", signed["vendor"], *key_options(pki, "operator"), "-o", tmp_path / "x.pdf",
                                  "--timestamp-url", "http://127.0.0.1:9/"), "timestamp authority did not answer")
    assert_one_line_error(run_cli("verify", signed["vendor"], "--trust", pki["passphrase"]), "not an X.509 certificate")
    assert not (tmp_path / "x.pdf").exists()


def _sign_at(pki, src: Path, dst: Path, key: str, when: dt.datetime) -> Path:
    """Sign with the library at a given claimed time, letting an expired certificate sign."""
    from compliance.packs.signing import SigningKey, SignRequest, sign_file

    sign_file(src, SignRequest(SigningKey(p12=pki[key], secret=PASSPHRASE), when, check_validity=False), dst)
    return dst


def test_expired_signer_certificate_is_reported(unsigned, signed, pki, nss):
    now = dt.datetime.now(dt.timezone.utc)
    # signed after the certificate expired
    late = _sign_at(pki, unsigned, signed["folder"] / "late.pdf", "expired", now)
    for trust in ((pki["ca"],), ()):
        code, report = verify(late, *trust)
        sig = by_field(report)["signatory"]
        assert code == 1 and report["status"] == "untrusted" and sig["status"] == "untrusted"
        assert sig["intact"] and sig["valid_at_signing_time"] is False and not sig["trusted"]
        assert any("was not valid at the signing time" in p for p in sig["problems"])
        assert_pdfsig_agrees(late, report, nss["ca"] if trust else nss["none"])
        assert pdfsig(late, nss["ca"])[0].certificate == "Certificate has Expired"
    # signed (as claimed) while the certificate was valid, expired since, no timestamp
    earlier = _sign_at(pki, unsigned, signed["folder"] / "earlier.pdf", "expired", now - dt.timedelta(days=100))
    code, report = verify(earlier, pki["ca"])
    sig = by_field(report)["signatory"]
    assert code == 1 and sig["valid_at_signing_time"] and sig["expired_unproven"] and not sig["trusted"]
    assert_pdfsig_agrees(earlier, report, nss["ca"])
    table = run_cli("verify", earlier, "--trust", pki["ca"])
    assert "UNTRUSTED" in table.stdout and "certificate expired, no timestamp" in table.stdout


def test_unsigned_pack_verifies_as_before_unless_a_signature_is_required(unsigned, signed):
    code, report = verify(unsigned)
    assert code == 0 and report["status"] == "intact" and report["signatures"] == []
    code, report = verify(unsigned, extra=("--require-signature",))
    assert code == 1 and report["status"] == "unsigned"
    assert "the file carries no signature (--require-signature)" in report["problems"]
    assert verify(signed["vendor"], extra=("--require-signature",))[0] == 0


def test_unsigned_files_and_help_do_not_import_pyhanko(unsigned):
    """pyHanko costs over a second to import: only signing and signed files pay for it."""
    assert_not_imported("pyhanko", ["verify", unsigned], ["sign", "--help"], ["verify", "--help"])


# --------------------------------------------------------------------------- more keys and forms


def test_ecdsa_key_keeps_pdf_17_and_pdfsig_validates(signed, pki, nss, tmp_path):
    out = tmp_path / "ec.pdf"
    r = run_cli("sign", signed["vendor"], *key_options(pki, "ecdsa"), "-o", out)
    assert r.code == 0, r.stderr
    r2 = reader(out)
    assert out.read_bytes().startswith(b"%PDF-1.7") and r2.trailer["/Root"].get("/Version") is None
    extensions = r2.trailer["/Root"].get("/Extensions") or {}
    assert set(extensions) == {"/ESIC"}  # no ISO/TS 32002, which would mean PDF 2.0
    code, report = verify(out, pki["ca"])
    assert code == 0 and by_field(report)["countersignatory"]["certificate"]["subject"].find("Erika Ecke") >= 0
    assert_pdfsig_agrees(out, report, nss["ca"])
    assert pdf_problems(out) == []


def test_timestamped_signature_is_pades_b_t(signed, pki, nss, tmp_path):
    out = tmp_path / "bt.pdf"
    with LoopbackTSA(pki) as url:
        r = run_cli("sign", signed["vendor"], *key_options(pki, "operator"), "--timestamp-url", url, "-o", out)
    assert r.code == 0 and "(PAdES B-T)" in r.stderr, r.stderr
    code, report = verify(out, pki["ca"])
    sig = by_field(report)["countersignatory"]
    assert code == 0 and sig["signed_at_source"] == "timestamp"
    assert sig["timestamp"]["intact"] and sig["timestamp"]["trusted"] and "Test TSA" in sig["timestamp"]["authority"]
    assert_pdfsig_agrees(out, report, nss["ca"])


def test_signed_document_that_is_not_a_pack_is_verified_by_its_signatures(pki, nss, tmp_path):
    attestation = tmp_path / "attestation.pdf"
    r = run_cli("attestation", NORD, "--as-of", AS_OF, "--lang", "en", "-o", attestation)
    assert r.code == 0, r.stderr
    assert_one_line_error(run_cli("verify", attestation), "not an attestation pack")
    r = run_cli("sign", attestation, *key_options(pki, "vendor"), "-o", "-")
    assert r.code == 0 and r.stdout_bytes.startswith(b"%PDF-") and "signed -: field signatory" in r.stderr
    signed_doc = tmp_path / "signed.pdf"
    signed_doc.write_bytes(r.stdout_bytes)
    code, report = verify(signed_doc, pki["ca"])
    assert code == 0 and report["kind"] == "document" and report["files"] == []
    assert by_field(report)["signatory"]["trusted"]
    assert_pdfsig_agrees(signed_doc, report, nss["ca"])
    assert pdf_problems(signed_doc) == []
    table = run_cli("verify", signed_doc, "--trust", pki["ca"])
    assert table.code == 0 and "not an attestation pack: only its signatures are verified" in table.stdout


def test_a_filled_form_changed_after_signing_names_the_field(pki, nss, tmp_path):
    from pypdf import PdfReader, PdfWriter

    form = tmp_path / "form.pdf"
    r = run_cli("attestation", NORD, "--as-of", AS_OF, "--lang", "en", "--fillable", "-o", form)
    assert r.code == 0, r.stderr
    writer = PdfWriter(clone_from=str(form))
    for page in writer.pages:
        writer.update_page_form_field_values(page, {"signatory__place": "Stockholm", "signatory__date": "2026-10-01"},
                                             auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    assert run_cli("sign", filled, *key_options(pki, "vendor")).code == 0  # in place
    code, report = verify(filled, pki["ca"])
    assert code == 0, report["problems"]
    # the signed form still reads as answers
    assert run_cli("check", NORD, filled, "--as-of", AS_OF, "--format", "json").code in (0, 1)

    def change_place(w):
        for page in w.pages:
            w.update_page_form_field_values(page, {"signatory__place": "Somewhere else"}, auto_regenerate=False)

    changed = _incremental(filled, tmp_path / "changed.pdf", change_place)
    assert PdfReader(changed).get_fields()["signatory__place"]["/V"] == "Somewhere else"
    code, report = verify(changed, pki["ca"])
    sig = by_field(report)["signatory"]
    assert code == 1 and sig["modified_after"] and sig["changes_after"]["fields"] == ["signatory__place"]
    assert "signature signatory: changed after signing: form fields signatory__place" in report["problems"]
    assert_pdfsig_agrees(changed, report, nss["ca"])


@pytest.fixture(scope="module")
def token(pki, tmp_path_factory):
    """A SoftHSM2 token (imported vendor key; operator key generated on the token)."""
    if softhsm_lib() is None or shutil.which("softhsm2-util") is None or shutil.which("pkcs11-tool") is None:
        pytest.skip("SoftHSM2 / OpenSC not installed (scripts/setup.sh installs softhsm2 and opensc)")
    lib, env = make_token(tmp_path_factory.mktemp("token"), pki)
    saved = os.environ.get("SOFTHSM2_CONF")
    os.environ.update(env)  # read by the module when it is first loaded in this process
    yield lib
    if saved is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = saved


def test_signing_with_a_pkcs11_token(token, unsigned, pki, nss, tmp_path):
    pin = tmp_path / "pin.txt"
    pin.write_text("123456\n")
    first, second = tmp_path / "hsm-1.pdf", tmp_path / "hsm-2.pdf"
    token_args = ["--pkcs11-lib", token, "--token-label", "compliance-test", "--passphrase-file", pin]
    r = run_cli("sign", unsigned, *token_args, "--key-label", "vendor", "-o", first)
    assert r.code == 0 and "by Erik Lindqvist" in r.stderr, r.stderr
    r = run_cli("sign", first, *token_args, "--key-label", "operator-hsm", "-o", second)  # key made on the token
    assert r.code == 0 and "by Petra Schneider (token)" in r.stderr, r.stderr
    code, report = verify(second, pki["ca"])
    assert code == 0 and [s["trusted"] for s in report["signatures"]] == [True, True]
    assert_pdfsig_agrees(second, report, nss["ca"])
    wrong = tmp_path / "wrong-pin.txt"
    wrong.write_text("000000\n")
    r = run_cli("sign", unsigned, "--pkcs11-lib", token, "--token-label", "compliance-test", "--key-label", "vendor",
                "--passphrase-file", wrong, "-o", tmp_path / "x.pdf")
    assert_one_line_error(r, "wrong PIN")
    r = run_cli("sign", unsigned, "--pkcs11-lib", token, "--token-label", "no-such-card", "--key-label", "vendor",
                "--passphrase-file", pin, "-o", tmp_path / "x.pdf")
    assert_one_line_error(r, "no token labelled 'no-such-card'")
    r = run_cli("sign", unsigned, *token_args, "--key-label", "nokey", "-o", tmp_path / "x.pdf")
    assert_one_line_error(r, "no key and certificate labelled 'nokey'")


def test_batch_signs_every_pack(pki, tmp_path):
    from compliance.packs.signatures import check_signatures

    vendors = tmp_path / "vendors"
    shutil.copytree(EXAMPLES / "nordantenna", vendors / "nordantenna")
    out = tmp_path / "batch"
    r = run_cli("batch", vendors, "-o", out, "--jobs", "1", "--as-of", AS_OF, "--format", "json",
                "--sign", pki["vendor"], "--passphrase-file", pki["passphrase"])
    assert r.code == 0, r.stderr
    outcomes = json.loads(r.stdout)
    assert [o["vendor"] for o in outcomes] == ["nordantenna"]
    for outcome in outcomes:
        assert outcome["signed_by"] == "Erik Lindqvist", outcome
        (sig,) = check_signatures(Path(outcome["pack"]).read_bytes(), [pki["ca"]])
        assert sig.field == "signatory" and sig.status == "intact" and sig.trusted
