"""Opening untrusted PDFs and reading their embedded files (pypdf, imported lazily).

Shared by the answers reader (filled forms, PDFs carrying answers.json) and pack verification.
Every failure is one :class:`InputError`: not a PDF, too large, damaged, encrypted.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Location, display_path

#: Largest PDF read (a pack with its embedded evidence).
MAX_PDF_BYTES = 256 * 1024 * 1024


def read_pdf(path: str | Path) -> bytes:
    """The bytes of the PDF at ``path`` (size limit, ``%PDF-`` header); :class:`InputError` otherwise."""
    p = Path(path)
    loc = Location(display_path(p))
    try:
        size = p.stat().st_size
        if size > MAX_PDF_BYTES:
            raise InputError(f"PDF is {size:,} bytes, larger than the limit of {MAX_PDF_BYTES:,}", loc)
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", loc) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a PDF file", loc) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", loc) from None
    if not data[:1024].lstrip(b"\x00\t\r\n \x0c").startswith(b"%PDF-"):
        raise InputError("not a PDF file (no %PDF- header)", loc)
    return data


def open_pdf(path: str | Path):
    """A pypdf reader over the PDF at ``path``; raises :class:`InputError` when unusable."""
    import io
    import logging

    data = read_pdf(path)
    loc = Location(display_path(path))

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # repair chatter is not the user's business
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("PDF is encrypted with a password; decrypt it first", loc)
        reader.trailer["/Root"]  # noqa: B018 - force parsing of the catalogue
        _ = len(reader.pages)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged input
        raise InputError(f"damaged or unreadable PDF ({type(exc).__name__}: {exc})", loc) from None
    return reader


def embedded_files(reader, path: str | Path) -> dict[str, list[bytes]]:
    """All embedded files by name (a name may occur more than once in a doctored PDF)."""
    out: dict[str, list[bytes]] = {}
    try:
        for name, contents in reader.attachments.items():
            items = contents if isinstance(contents, list) else [contents]
            out[str(name)] = [bytes(c) for c in items]
    except Exception as exc:  # noqa: BLE001 - malformed name trees
        raise InputError(
            f"cannot read the PDF's embedded files ({type(exc).__name__})", Location(display_path(path))
        ) from None
    return out
