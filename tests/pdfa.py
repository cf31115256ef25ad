"""What can be checked of PDF/A-3 and of tagged PDF without a PDF/A validator (none is on the
package indexes reachable here; veraPDF would be the real thing).

:func:`pdf_problems` returns a list of problems (empty: nothing found):

* every PDF: not encrypted, no JavaScript (name tree, actions), every font embedded (poppler's
  ``pdffonts``, which also looks into annotation appearances), tagged (``MarkInfo /Marked``,
  ``StructTreeRoot`` whose elements have roles, ``/Lang``, ``DisplayDocTitle`` with a title);
* a PDF that claims PDF/A in its XMP (``pdfaid:part``/``conformance``), additionally: part 3 and
  a known conformance, PDF 1.x (no ``/Version`` 2.0), an sRGB-style output intent
  (``GTS_PDFA1`` with a profile), document information that agrees with the XMP, associated
  files (each embedded file has an ``AFRelationship``, a MIME subtype, a modification date and is
  listed in the catalogue's ``/AF``), no ``NeedAppearances``, and every annotation printable with
  an appearance.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

_XMP_INFO = {  # Info key -> XMP property that must carry the same text (ISO 19005-3, 6.6.2.3)
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
}


def _reader(pdf: bytes | Path):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))


def _xmp_value(xmp: str, prop: str) -> str | None:
    """An XMP property's text (attribute form, simple element, or the first rdf:li)."""
    attr = re.search(rf'{re.escape(prop)}="([^"]*)"', xmp)
    if attr:
        return attr.group(1)
    elem = re.search(rf"<{re.escape(prop)}\b[^>]*>(.*?)</{re.escape(prop)}>", xmp, re.S)
    if not elem:
        return None
    li = re.search(r"<rdf:li\b[^>]*>(.*?)</rdf:li>", elem.group(1), re.S)
    text = li.group(1) if li else elem.group(1)
    return _unescape(text.strip())


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def xmp(reader) -> str:
    meta = reader.trailer["/Root"].get("/Metadata")
    return meta.get_object().get_data().decode("utf-8") if meta is not None else ""


def claims_pdfa(pdf: bytes | Path) -> tuple[str, str] | None:
    """``(part, conformance)`` the XMP claims, or ``None``."""
    text = xmp(_reader(pdf))
    part, conformance = _xmp_value(text, "pdfaid:part"), _xmp_value(text, "pdfaid:conformance")
    return (part, conformance) if part else None


def structure_roles(reader) -> dict[str, int]:
    """Structure element roles (``/S``) in the structure tree, counted."""
    counts: dict[str, int] = {}
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return counts
    stack, seen = [root.get_object()], set()
    while stack:
        node = stack.pop()
        if hasattr(node, "indirect_reference") and node.indirect_reference is not None:
            key = (node.indirect_reference.idnum, node.indirect_reference.generation)
            if key in seen:
                continue
            seen.add(key)
        if isinstance(node, dict):
            if "/S" in node and node.get("/Type") != "/OBJR":
                counts[str(node["/S"])] = counts.get(str(node["/S"]), 0) + 1
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    kid = kid.get_object() if hasattr(kid, "get_object") else kid
                    if isinstance(kid, (dict, list)):
                        stack.append(kid)
        elif isinstance(node, list):
            stack.extend(k.get_object() if hasattr(k, "get_object") else k for k in node)
    return counts


def _true(value) -> bool:
    """A PDF boolean (pypdf's BooleanObject is not the ``True`` singleton)."""
    return value is not None and value == True  # noqa: E712


def _all_dictionaries(reader):
    """Every dictionary of the file, indirect or nested directly in another object (pypdf), for
    scans such as 'any JavaScript?'."""
    import logging

    from pypdf.generic import IndirectObject

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # "Object n 0 not defined": free entries
    roots = [reader.trailer]
    for num in range(1, reader.trailer.get("/Size", 0)):
        try:
            obj = reader.get_object(num)
        except Exception:  # noqa: BLE001 - free entries
            continue
        if obj is not None:
            roots.append(obj)
    for top in roots:
        stack = [top]
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                continue  # visited as a top-level object
            if isinstance(obj, dict):
                yield obj
                stack.extend(obj.values())
            elif isinstance(obj, list):
                stack.extend(obj)


def _fonts_unembedded(pdf: bytes | Path) -> list[str]:
    """Fonts poppler's pdffonts lists as not embedded (pages, forms, annotation appearances)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = pdf if isinstance(pdf, Path) else Path(tmp) / "file.pdf"
        if isinstance(pdf, bytes):
            path.write_bytes(pdf)
        proc = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    bad = []
    for line in proc.stdout.splitlines()[2:]:  # after the header and its rule
        cols = line.split()
        # name, type (1-2 words), encoding, emb, sub, uni, object number, generation
        if len(cols) >= 7 and cols[-5] != "yes":
            bad.append(cols[0])
    return bad


def pdf_problems(pdf: bytes | Path) -> list[str]:
    """Problems found (see the module docstring); ``[]`` when none."""
    reader = _reader(pdf)
    root = reader.trailer["/Root"]
    problems: list[str] = []

    if "/Encrypt" in reader.trailer:
        problems.append("encrypted")
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        problems.append("JavaScript name tree")
    for obj in _all_dictionaries(reader):
        if isinstance(obj, dict) and ("/JS" in obj or obj.get("/S") == "/JavaScript"):
            problems.append("JavaScript action")
            break
    problems += [f"font not embedded: {name}" for name in _fonts_unembedded(pdf)]

    mark = root.get("/MarkInfo")
    if not (mark is not None and _true(mark.get_object().get("/Marked"))):
        problems.append("not marked as tagged (MarkInfo /Marked true)")
    roles = structure_roles(reader)
    if not roles:
        problems.append("no structure tree")
    if not str(root.get("/Lang") or "").strip():
        problems.append("no document language (/Lang)")
    prefs = root.get("/ViewerPreferences")
    if not (prefs is not None and _true(prefs.get_object().get("/DisplayDocTitle"))):
        problems.append("title not shown as window title (DisplayDocTitle)")
    info = reader.metadata or {}
    text = xmp(reader)
    if not str(info.get("/Title") or _xmp_value(text, "dc:title") or "").strip():
        problems.append("no title")

    part = _xmp_value(text, "pdfaid:part")
    if part is None:
        return problems
    conformance = _xmp_value(text, "pdfaid:conformance")
    if part != "3" or conformance not in ("A", "B", "U"):
        problems.append(f"XMP claims PDF/A-{part}{(conformance or '?').lower()}, expected PDF/A-3a/b/u")
    header = reader.pdf_header
    if not header.startswith("%PDF-1."):
        problems.append(f"header {header}: PDF/A-3 is based on PDF 1.7")
    version = root.get("/Version")
    if version is not None and not str(version).lstrip("/").startswith("1."):
        problems.append(f"catalog /Version {version}: PDF/A-3 is based on PDF 1.7")
    intents = [i.get_object() for i in root.get("/OutputIntents") or []]
    if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        problems.append("no PDF/A output intent (GTS_PDFA1 with DestOutputProfile)")
    for key, prop in _XMP_INFO.items():
        if key in info:
            got = _xmp_value(text, prop)
            if got != str(info[key]):
                problems.append(f"document information {key} {str(info[key])!r} differs from XMP {prop} {got!r}")
    af = {(r.idnum, r.generation) for r in (root.get("/AF") or []) if hasattr(r, "idnum")}
    embedded = names.get_object().get("/EmbeddedFiles") if names is not None else None
    if embedded is not None:
        entries = embedded.get_object().get("/Names") or []
        for name, ref in zip(entries[0::2], entries[1::2]):
            spec = ref.get_object()
            if "/AFRelationship" not in spec:
                problems.append(f"embedded file {name}: no AFRelationship")
            if (ref.idnum, ref.generation) not in af:
                problems.append(f"embedded file {name}: not an associated file of the document (/AF)")
            stream = spec["/EF"]["/F"].get_object()
            if "/Subtype" not in stream:
                problems.append(f"embedded file {name}: no MIME type (/Subtype)")
            if "/ModDate" not in (stream.get("/Params") or {}):
                problems.append(f"embedded file {name}: no modification date")
    acro = root.get("/AcroForm")
    if acro is not None and _true(acro.get_object().get("/NeedAppearances")):
        problems.append("AcroForm NeedAppearances true")
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            flags = int(annot.get("/F", 0))
            if not flags & 4 or flags & (1 | 2 | 32):
                problems.append(f"page {number}: annotation {annot.get('/Subtype')} not printable (F={flags})")
            if annot.get("/Subtype") != "/Link" and "/N" not in (annot.get("/AP") or {}):
                problems.append(f"page {number}: annotation {annot.get('/Subtype')} without appearance")
    return problems
