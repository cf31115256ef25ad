"""Reading the embedded files back out of a PDF (pack or any PDF with attachments)."""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import InputError, Location, display_path

#: Largest PDF read back (a pack with its evidence).
MAX_PDF_BYTES = 256 * 1024 * 1024


def read_pdf_bytes(path: str | Path) -> bytes:
    p = Path(path)
    loc = Location(display_path(p))
    try:
        size = p.stat().st_size
        if size > MAX_PDF_BYTES:
            raise InputError(f"file is {size:,} bytes, larger than {MAX_PDF_BYTES:,}", loc)
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", loc) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a PDF file", loc) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", loc) from None
    if not data.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        raise InputError("not a PDF file (no %PDF- header)", loc)
    return data


def open_pdf(data: bytes, shown: str):
    """A pypdf reader over ``data``; broken or encrypted PDFs are :class:`InputError`."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InputError("PDF is encrypted; decrypt it first", Location(shown))
        _ = len(reader.pages)
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise InputError(f"damaged PDF ({type(exc).__name__}: {exc})", Location(shown)) from None
    return reader


def embedded_files(reader, shown: str) -> dict[str, list[bytes]]:
    """All embedded files by name (a name may occur more than once in a doctored PDF)."""
    from pypdf.errors import PyPdfError

    out: dict[str, list[bytes]] = {}
    try:
        for name, contents in reader.attachments.items():
            out[name] = [bytes(c) for c in contents]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise InputError(f"cannot read the PDF's embedded files ({type(exc).__name__})", Location(shown)) from None
    return out
