"""Helpers for the signing tests: a test PKI made with ``cryptography``, an NSS database for
pdfsig, pdfsig's verdicts, a SoftHSM2 token and a loopback timestamp authority.

Everything is made in the test session (no key material is checked in).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PASSPHRASE = b"correct horse battery"
NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from demo_keys import issue as _issue  # noqa: E402 - one implementation, shared with the demo
from demo_keys import key_pem, make_ca as _make_ca, name as _name, pem, write_p12 as _write_p12  # noqa: E402


@dataclass
class Issued:
    key: object
    cert: object

    def pem(self) -> bytes:
        return pem(self.cert)

    def key_pem(self) -> bytes:
        return key_pem(self.key)


def make_ca(cn: str) -> Issued:
    return Issued(*_make_ca(cn, "Compliance Tests"))


def issue(ca: Issued, subject, **kw) -> Issued:
    """A certificate signed by ``ca`` (for a new key, ``key=``, or only ``public_key=`` of a token's key)."""
    return Issued(*_issue(ca.key, ca.cert, subject, **kw))


def write_p12(path: Path, issued: Issued, ca: Issued, passphrase: bytes | None = PASSPHRASE) -> Path:
    return _write_p12(path, issued.key, issued.cert, ca.cert, passphrase)


@dataclass
class Pki:
    """The test PKI in ``folder``: ``ca.pem``, ``other-ca.pem``, ``vendor.p12``, ``operator.p12``,
    ``expired.p12``, ``ecdsa.p12``, ``tsa`` and ``passphrase.txt``."""

    folder: Path
    ca: Issued
    tsa: Issued
    files: dict[str, Path] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Path:
        return self.files[name]


def make_pki(folder: Path) -> Pki:
    from cryptography.hazmat.primitives.asymmetric import ec

    folder.mkdir(parents=True, exist_ok=True)
    ca = make_ca("Compliance Test CA")
    other = make_ca("Some Other CA")
    pki = Pki(folder, ca, issue(ca, _name("Test TSA", "Compliance Tests"), tsa=True))
    (folder / "ca.pem").write_bytes(ca.pem())
    (folder / "other-ca.pem").write_bytes(other.pem())
    (folder / "passphrase.txt").write_bytes(PASSPHRASE + b"\n")
    pki.files.update(ca=folder / "ca.pem", other_ca=folder / "other-ca.pem", passphrase=folder / "passphrase.txt")
    signers = {
        "vendor": dict(subject=_name("Erik Lindqvist", "Nordantenna AB", "Head of Product Security")),
        "operator": dict(subject=_name("Petra Schneider", "Example Telecom GmbH", "CISO")),
        "expired": dict(subject=_name("Old Signer", "Nordantenna AB", "Former CISO"),
                        not_before=NOW - dt.timedelta(days=400), not_after=NOW - dt.timedelta(days=35)),
        "ecdsa": dict(subject=_name("Erika Ecke", "Nordantenna AB", "Legal Counsel"), key=ec.generate_private_key(ec.SECP256R1())),
    }
    for label, kw in signers.items():
        subject = kw.pop("subject")
        issued = issue(ca, subject, **kw)
        pki.files[label] = write_p12(folder / f"{label}.p12", issued, ca)
        (folder / f"{label}.pem").write_bytes(issued.pem())
        (folder / f"{label}-key.pem").write_bytes(issued.key_pem())
    return pki


# --------------------------------------------------------------------------- pdfsig


class _Trust(ctypes.Structure):
    _fields_ = [("sslFlags", ctypes.c_uint), ("emailFlags", ctypes.c_uint), ("objectSigningFlags", ctypes.c_uint)]


def make_nssdb(folder: Path, ca_pems: list[Path]) -> Path:
    """An NSS database trusting ``ca_pems``, for ``pdfsig -nssdir`` (certutil is not installed;
    this uses libnss3, which pdfsig itself loads). Same as ``certutil -N --empty-password`` and
    ``certutil -A -t CT,C,C`` per CA. Run it in a subprocess: NSS keeps global state."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    nss = ctypes.CDLL(ctypes.util.find_library("nss3") or "libnss3.so")
    smime = ctypes.CDLL(ctypes.util.find_library("smime3") or "libsmime3.so")
    nss.NSS_InitReadWrite.argtypes = [ctypes.c_char_p]
    nss.PK11_GetInternalKeySlot.restype = ctypes.c_void_p
    smime.CERT_DecodeCertFromPackage.restype = ctypes.c_void_p
    smime.CERT_DecodeCertFromPackage.argtypes = [ctypes.c_char_p, ctypes.c_int]
    nss.PK11_ImportCert.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_int]
    nss.CERT_DecodeTrustString.argtypes = [ctypes.POINTER(_Trust), ctypes.c_char_p]
    nss.CERT_GetDefaultCertDB.restype = ctypes.c_void_p
    nss.CERT_ChangeCertTrust.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(_Trust)]
    nss.CERT_DestroyCertificate.argtypes = [ctypes.c_void_p]
    nss.PK11_FreeSlot.argtypes = [ctypes.c_void_p]
    nss.PK11_NeedUserInit.argtypes = [ctypes.c_void_p]
    nss.PK11_InitPin.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    if nss.NSS_InitReadWrite(f"sql:{folder}".encode()) != 0:
        raise OSError("NSS_InitReadWrite failed")
    try:
        slot = nss.PK11_GetInternalKeySlot()
        if nss.PK11_NeedUserInit(slot):
            nss.PK11_InitPin(slot, None, b"")
        for pem in ca_pems:
            cert = x509.load_pem_x509_certificate(pem.read_bytes())
            der = cert.public_bytes(Encoding.DER)
            handle = smime.CERT_DecodeCertFromPackage(der, len(der))
            if not handle or nss.PK11_ImportCert(slot, handle, 0, cert.subject.rfc4514_string().encode(), 0) != 0:
                raise OSError(f"cannot import {pem}")
            trust = _Trust()
            nss.CERT_DecodeTrustString(ctypes.byref(trust), b"CT,C,C")
            if nss.CERT_ChangeCertTrust(nss.CERT_GetDefaultCertDB(), handle, ctypes.byref(trust)) != 0:
                raise OSError(f"cannot trust {pem}")
            nss.CERT_DestroyCertificate(handle)
        nss.PK11_FreeSlot(slot)
    finally:
        nss.NSS_Shutdown()
    return folder


def nssdb_in_subprocess(folder: Path, ca_pems: list[Path]) -> Path:
    import sys

    code = "import sys; from tests.sigutil import make_nssdb; from pathlib import Path; " \
           "make_nssdb(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])"
    subprocess.run([sys.executable, "-c", code, str(folder), *map(str, ca_pems)], check=True,
                   cwd=Path(__file__).resolve().parents[1], capture_output=True)
    return folder


@dataclass
class PdfsigSignature:
    field: str
    valid: bool  # "Signature is Valid."
    total: bool  # "Total document signed"
    trusted: bool  # "Certificate is Trusted."
    certificate: str | None  # the certificate line as pdfsig words it
    raw: dict


_BLOCK = re.compile(r"^Signature #(\d+):", re.M)


def pdfsig(path: Path, nssdir: Path) -> list[PdfsigSignature]:
    """pdfsig's verdict on each *signed* field (exit 0 for signed files whatever the verdict)."""
    proc = subprocess.run(["pdfsig", "-nssdir", str(nssdir), str(path)], capture_output=True, text=True, timeout=60)
    if "does not contain any signatures" in proc.stdout + proc.stderr:
        return []
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = []
    parts = _BLOCK.split(proc.stdout)[1:]
    for body in parts[1::2]:
        if "is not signed" in body:
            continue
        d: dict = {}
        for line in body.splitlines():
            line = line.strip().lstrip("- ")
            key, sep, value = line.partition(": ")
            d[key if sep else line] = value if sep else True
        cert = d.get("Certificate Validation")
        out.append(PdfsigSignature(
            d.get("Signature Field Name", ""), d.get("Signature Validation") == "Signature is Valid.",
            "Total document signed" in d, cert == "Certificate is Trusted.", cert, d))
    return out


# --------------------------------------------------------------------------- SoftHSM2

SOFTHSM_LIBS = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
SO_PIN, USER_PIN, TOKEN = "87654321", "123456", "compliance-test"


def softhsm_lib() -> str | None:
    return next((p for p in SOFTHSM_LIBS if Path(p).exists()), None)


def make_token(folder: Path, pki: Pki) -> tuple[str, dict]:
    """A SoftHSM2 token in ``folder`` holding (a) the vendor's key and certificate, imported, and
    (b) a key pair generated on the token whose certificate the test CA issues afterwards.
    Returns the module path and the environment (``SOFTHSM2_CONF``) to use it with."""
    from cryptography.hazmat.primitives import serialization

    lib = softhsm_lib()
    assert lib and shutil.which("softhsm2-util") and shutil.which("pkcs11-tool")
    (folder / "tokens").mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}

    def run(*args: str) -> None:
        subprocess.run(args, check=True, env=env, capture_output=True, timeout=120)

    tool = ("pkcs11-tool", "--module", lib, "--token-label", TOKEN, "--login", "--pin", USER_PIN)
    run("softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN, "--pin", USER_PIN)
    key_pem = folder / "vendor-key.pem"
    key_pem.write_bytes((pki.folder / "vendor-key.pem").read_bytes())
    run("softhsm2-util", "--import", str(key_pem), "--token", TOKEN, "--label", "vendor", "--id", "01", "--pin", USER_PIN)
    key_pem.unlink()
    from cryptography import x509

    for label, cid, pem in (("vendor", "01", pki.folder / "vendor.pem"), ("ca", "99", pki["ca"])):
        der = folder / f"{label}.der"
        der.write_bytes(x509.load_pem_x509_certificate(pem.read_bytes()).public_bytes(serialization.Encoding.DER))
        run(*tool, "--write-object", str(der), "--type", "cert", "--id", cid, "--label", label)
    run(*tool, "--keypairgen", "--key-type", "rsa:2048", "--id", "02", "--label", "operator-hsm")
    pub = folder / "operator-pub.der"
    run("pkcs11-tool", "--module", lib, "--token-label", TOKEN, "--read-object", "--type", "pubkey", "--id", "02", "-o", str(pub))
    issued = issue(pki.ca, _name("Petra Schneider (token)", "Example Telecom GmbH", "CISO"),
                   public_key=serialization.load_der_public_key(pub.read_bytes()))
    cert = folder / "operator-hsm.der"
    cert.write_bytes(issued.cert.public_bytes(serialization.Encoding.DER))
    run(*tool, "--write-object", str(cert), "--type", "cert", "--id", "02", "--label", "operator-hsm")
    return lib, {"SOFTHSM2_CONF": str(conf)}


# --------------------------------------------------------------------------- timestamps


class LoopbackTSA:
    """An RFC 3161 timestamp authority on 127.0.0.1 (pyHanko's DummyTimeStamper behind http.server).

    ``with LoopbackTSA(pki) as url: ...``
    """

    def __init__(self, pki: Pki):
        from asn1crypto import keys, tsp, x509 as asn1_x509
        from cryptography.hazmat.primitives import serialization
        from pyhanko.sign.timestamps import DummyTimeStamper

        der = serialization.Encoding.DER
        stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(pki.tsa.cert.public_bytes(der)),
            tsa_key=keys.PrivateKeyInfo.load(pki.tsa.key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                                                         serialization.NoEncryption())),
            certs_to_embed=[asn1_x509.Certificate.load(pki.ca.cert.public_bytes(der))],
        )
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
                outer.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
