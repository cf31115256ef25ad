"""Throwaway keys for trying signatures: a demo CA, the vendor's and the operator's signing keys.

    python scripts/demo_keys.py [FOLDER]     (default: output/demo-keys)

writes ``ca.pem`` (the root to give ``compliance verify --trust``), ``vendor.p12`` (Erik Exempel,
CEO of Nordantenna AB, the example vendor's signatory), ``operator.p12`` (Petra Schneider, CISO of
an example operator) and ``passphrase.txt`` (the passphrase of both). Made with ``cryptography``;
for demonstrations and tests only: real signatures need certificates from a real CA, or a
qualified signature card (see README, "Signing").

The test suite builds its keys with the same functions (tests/sigutil.py).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

DEMO_PASSPHRASE = b"demo only - not secret"


def name(cn: str, org: str, title: str | None = None):
    """An X.509 name: C=DE, O=org, CN=cn and, when given, the person's title."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
             x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if title:
        attrs.append(x509.NameAttribute(NameOID.TITLE, title))
    return x509.Name(attrs)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _usage(*, sign: bool, certify: bool, commitment: bool):
    from cryptography import x509

    return x509.KeyUsage(digital_signature=sign, content_commitment=commitment, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=certify, crl_sign=certify,
                         encipher_only=False, decipher_only=False)


def make_ca(cn: str, org: str = "Compliance Demo"):
    """``(key, certificate)`` of a self-signed root valid ten years either side of now."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = name(cn, org)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - dt.timedelta(days=3650)).not_valid_after(_now() + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(sign=False, certify=True, commitment=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue(ca_key, ca_cert, subject, *, key=None, public_key=None, not_before=None, not_after=None, tsa=False):
    """``(key, certificate)`` for a signer (or a timestamp authority) issued by the CA; with only
    ``public_key`` (a key that lives on a token) the returned key is ``None``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID

    if key is None and public_key is None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = public_key if public_key is not None else key.public_key()
    builder = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject).public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or _now() - dt.timedelta(days=30))
        .not_valid_after(not_after or _now() + dt.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign=True, certify=False, commitment=not tsa), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return key, builder.sign(ca_key, hashes.SHA256())


def pem(cert) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def write_p12(path: Path, key, cert, ca_cert, passphrase: bytes | None) -> Path:
    """A PKCS#12 file with the key, its certificate and the CA's (protected by ``passphrase``)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    enc = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"signing key", key, cert, [ca_cert], enc))
    return path


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca = make_ca("Compliance Demo CA (not for real signatures)")
    (folder / "ca.pem").write_bytes(pem(ca))
    for label, subject in (("vendor", name("Erik Exempel", "Nordantenna AB", "CEO")),
                           ("operator", name("Petra Schneider", "Example Telecom GmbH", "CISO"))):
        key, cert = issue(ca_key, ca, subject)
        write_p12(folder / f"{label}.p12", key, cert, ca, DEMO_PASSPHRASE)
    (folder / "passphrase.txt").write_bytes(DEMO_PASSPHRASE + b"\n")
    print(f"demo keys in {folder}: ca.pem, vendor.p12, operator.p12, passphrase.txt")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "output/demo-keys"))
