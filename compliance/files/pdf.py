"""Opening untrusted PDFs and reading their embedded files (pypdf, imported lazily).

Shared by the answers reader (filled forms, PDFs carrying answers.json) and pack verification.
Every failure is one :class:`InputError`: not a PDF, too large, damaged, encrypted. Hostile
structure (self-referencing objects, arrays nested 100,000 deep, compression bombs) is bounded:
pypdf's own limits stop inflation, and :func:`pdf_errors` turns what pypdf raises on the way
(recursion, limits, type confusion) into that one line.

Revisions: a PDF editor saving in place appends an *incremental update* (new versions of some
objects, a new cross-reference section and trailer) after the original file's ``%%EOF``;
:func:`revisions` finds where each revision ends, so a reader can look at the file as it was
first written.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, Location, display_path, shorten

#: Largest PDF read (a pack with its embedded evidence).
MAX_PDF_BYTES = 256 * 1024 * 1024


def read_pdf_bytes(path: str | Path) -> bytes:
    """The bytes of the PDF at ``path`` (size-capped, ``%PDF-`` header checked)."""
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


@contextlib.contextmanager
def pdf_errors(where: str | Path) -> Iterator[None]:
    """Anything pypdf raises on a damaged or hostile PDF becomes one located :class:`InputError`."""
    try:
        yield
    except InputError:
        raise
    except RecursionError:
        raise InputError("damaged or hostile PDF (objects nested or linked too deeply)", Location(str(where))) from None
    except MemoryError:
        raise InputError("damaged or hostile PDF (too large when decompressed)", Location(str(where))) from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged input
        detail = shorten(str(exc), 120)
        raise InputError(f"damaged or unreadable PDF ({type(exc).__name__}: {detail})", Location(str(where))) from None


def open_pdf_bytes(data: bytes, where: str | Path):
    """A pypdf reader over ``data``; ``where`` names the file in errors. Decrypts PDFs with an
    empty user password (RC4 or AES, as many tools write them)."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # repair chatter is not the user's business
    with pdf_errors(where):
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("PDF is encrypted with a password; decrypt it first", Location(str(where)))
        reader.trailer["/Root"]  # noqa: B018 - force parsing of the catalogue
        _ = len(reader.pages)
    return reader


def open_pdf(path: str | Path):
    """A pypdf reader over the PDF at ``path``; raises :class:`InputError` when unusable."""
    return open_pdf_bytes(read_pdf_bytes(path), display_path(path))


def embedded_files(reader, path: str | Path) -> dict[str, list[bytes]]:
    """All embedded files by name (a name may occur more than once in a doctored PDF)."""
    out: dict[str, list[bytes]] = {}
    try:
        for name, contents in reader.attachments.items():
            items = contents if isinstance(contents, list) else [contents]
            out[str(name)] = [bytes(c) for c in items]
    except Exception as exc:  # noqa: BLE001 - malformed name trees, loops, bombs
        raise InputError(
            f"cannot read the PDF's embedded files ({type(exc).__name__})", Location(display_path(path))
        ) from None
    return out


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF[ \t]*(?:\r\n|\r|\n)?")
_XREF_AT = re.compile(rb"\s*(?:xref|\d+\s+\d+\s+obj)")


def revisions(data: bytes) -> list[int]:
    """Where each revision of the PDF ``data`` ends (offsets just after its ``%%EOF``), oldest
    first. A revision ends with ``startxref N %%EOF`` where N points at a cross-reference section
    (``%%EOF`` inside an embedded file does not count). One entry: no incremental update;
    bytes after the last entry are an unfinished or damaged update."""
    ends = []
    for m in _STARTXREF.finditer(data):
        offset = int(m.group(1))
        if offset < m.start() and _XREF_AT.match(data, offset):
            ends.append(m.end())
    return ends
