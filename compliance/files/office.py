"""Office Open XML packages (.xlsx, .docx): a safety check before any XML is parsed, text that
XML can carry, and reproducible zip bytes.

:func:`check_package` runs on every workbook or Word file that comes from outside (a vendor's
answers, a user's Word template) before openpyxl or python-docx sees it. It needs only the
standard library and takes about a millisecond. It refuses:

* macro-enabled and binary formats (``.xlsm``, ``.xltm``, ``.xlsb``, ``.xls``, ``.docm``,
  ``.dotm``, ``.doc``), whatever the file is called, by their parts and content types;
* packages that are not zip files, are too large, have too many parts, or unpack suspiciously
  well (zip bombs; Python's zipfile never reads past a part's declared size, so the declared
  sizes bound the work);
* parts that load or run something: VBA projects, ActiveX controls, embedded objects, Excel 4.0
  macro sheets, external links and data connections, and relationships to external targets
  (a remote Word template is fetched when Word opens the file);
* XML with a document type declaration (entity expansion, external entities), or not in UTF-8.

:func:`xml_text` makes any string safe for an XML text node; :func:`reproducible_zip` rewrites
a package with fixed timestamps, so the same inputs give the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Location, display_path

if TYPE_CHECKING:
    import zipfile

# zipfile is imported where it is used: this module is imported by every answers reader, and
# reading a YAML answers file should not pay for it.

#: Limits of a package read from outside.
MAX_FILE = 20 * 2**20  # bytes on disk
MAX_TOTAL = 100 * 2**20  # declared uncompressed bytes of all parts
MAX_PART = 50 * 2**20  # declared uncompressed bytes of one part
MAX_RATIO = 200  # uncompressed / compressed, for parts over 1 MiB
MAX_PARTS = 1000

#: Extensions refused outright, with the reason.
REFUSED_SUFFIXES = {
    ".xlsm": "a macro-enabled workbook",
    ".xltm": "a macro-enabled workbook template",
    ".xlsb": "a binary workbook",
    ".xls": "an old binary Excel workbook",
    ".docm": "a macro-enabled Word document",
    ".dotm": "a macro-enabled Word template",
    ".doc": "an old binary Word document",
}

_REFUSED_PARTS = (
    (re.compile(r"(^|/)vbaProject\.bin$", re.I), "macros (a VBA project)"),
    (re.compile(r"(^|/)vbaData\.xml$", re.I), "macros (a VBA project)"),
    (re.compile(r"^(xl|word)/activeX/", re.I), "ActiveX controls"),
    (re.compile(r"^(xl|word)/embeddings/", re.I), "embedded objects"),
    (re.compile(r"^xl/macrosheets/", re.I), "Excel 4.0 macro sheets"),
    (re.compile(r"^xl/externalLinks/", re.I), "links to other workbooks"),
    (re.compile(r"^xl/connections\.xml$", re.I), "data connections"),
)
_MACRO_CONTENT_TYPES = ("macroEnabled", "vbaProject", "activeX", "sheet.binary")
_EXTERNAL_TARGET = re.compile(rb"""TargetMode\s*=\s*["']External["']""")
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
_CHUNK = 1 << 16


def check_package(path: str | Path, *, what: str = "file") -> None:
    """Refuse the Office package at ``path`` unless it is safe to parse (see the module text).

    ``what`` names the file in messages (``workbook``, ``Word template``). Raises a located
    :class:`InputError`.
    """
    import zipfile

    p = Path(path)
    where = Location(display_path(p))
    suffix = p.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise InputError(f"{p.suffix} is {REFUSED_SUFFIXES[suffix]}, which is refused; save it as "
                         f"{'.docx' if suffix.startswith('.do') else '.xlsx'} without macros", where)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read the {what}: {exc.strerror or exc}", where) from None
    if size > MAX_FILE:
        raise InputError(f"the {what} is larger than {MAX_FILE >> 20} MiB", where)
    try:
        with zipfile.ZipFile(p) as package:
            _check_parts(package, what, where)
    except zipfile.BadZipFile:
        raise InputError(f"not an Office Open XML {what} (not a zip package; an old binary or an "
                         "encrypted file?)", where) from None
    except OSError as exc:
        raise InputError(f"cannot read the {what}: {exc.strerror or exc}", where) from None


def _check_parts(package: zipfile.ZipFile, what: str, where: Location) -> None:
    infos = package.infolist()
    if len(infos) > MAX_PARTS:
        raise InputError(f"the {what} has too many parts ({len(infos)})", where)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART or total > MAX_TOTAL:
            raise InputError(f"the {what} unpacks too large ({info.filename}: {info.file_size:,} bytes)", where)
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"the {what} is compressed suspiciously well ({info.filename}); refused as a zip bomb", where)
        for pattern, why in _REFUSED_PARTS:
            if pattern.search(info.filename):
                raise InputError(f"the {what} contains {why} ({info.filename}), which is refused", where)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise InputError(f"not an Office Open XML {what} (no [Content_Types].xml)", where)
    types = package.read("[Content_Types].xml")
    for marker in _MACRO_CONTENT_TYPES:
        if marker.encode() in types:
            raise InputError(f"the {what} declares {marker} content (macros or a binary format), which is refused", where)
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            _check_xml(package, info, what, where)


def _check_xml(package: zipfile.ZipFile, info: zipfile.ZipInfo, what: str, where: Location) -> None:
    """No DTD anywhere in the part, UTF-8 only, and no relationship to an external target."""
    rels = info.filename.endswith(".rels")
    tail = b""
    with package.open(info) as fh:
        first = True
        while chunk := fh.read(_CHUNK):
            if first:
                if chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:64]:
                    raise InputError(f"the {what}'s part {info.filename} is not UTF-8, which is refused", where)
                first = False
            window = tail + chunk
            if any(marker in window for marker in _DTD):
                raise InputError(f"the {what}'s part {info.filename} declares a DTD or entities, which is refused", where)
            if rels and _EXTERNAL_TARGET.search(window) and not _only_hyperlinks(package, info):
                raise InputError(f"the {what} refers to an external target ({info.filename}), which is refused", where)
            tail = window[-64:]


_REL = re.compile(rb"<Relationship\b[^>]*>")
_HYPERLINK_TYPE = b"/relationships/hyperlink"


def _only_hyperlinks(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """External relationships are harmless when they are plain hyperlinks (opened only on a click)."""
    data = package.read(info)
    return all(_HYPERLINK_TYPE in rel for rel in _REL.findall(data) if _EXTERNAL_TARGET.search(rel))


# ---------------------------------------------------------------------------- writing

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``value`` as text an XML text node can carry: control characters (other than tab and line
    breaks), lone surrogates and non-characters become U+FFFD. Libraries refuse them otherwise."""
    text = str(value)
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


#: Timestamp of every part in a reproducible package (the zip format's earliest).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def reproducible_zip(data: bytes) -> bytes:
    """The package ``data`` rewritten with fixed part timestamps and attributes,
    ``[Content_Types].xml`` first: the same parts give the same bytes."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in sorted(names, key=lambda n: (n != "[Content_Types].xml", names.index(n))):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()
