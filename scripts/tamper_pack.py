"""Forge a copy of an attestation pack: change or drop embedded files, as anyone with a PDF tool
could. Used by the demo and the tests to show that `compliance verify` catches it.

    python scripts/tamper_pack.py PACK.pdf OUT.pdf --flip answers.json
    python scripts/tamper_pack.py PACK.pdf OUT.pdf --drop evidence/ownership-chart.pdf
    python scripts/tamper_pack.py SIGNED.pdf OUT.pdf --flip answers.json --incremental

``--incremental`` appends the change as an update, as a forger of a signed pack would: the signed
bytes stay as they were, and `compliance verify` names the signatures the change comes after.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def rewrite(src: Path, dst: Path, *, replace: dict[str, bytes] | None = None, drop: frozenset[str] | set[str] = frozenset(),
            incremental: bool = False) -> Path:
    """Copy ``src`` to ``dst`` with embedded files replaced (name -> new bytes) or dropped;
    ``incremental``: as an update appended to ``src``'s bytes."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(PdfReader(str(src)), incremental=True) if incremental else PdfWriter(clone_from=str(src))
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    keep = []
    for i in range(0, len(names), 2):
        name, spec = str(names[i]), names[i + 1].get_object()
        if name in drop:
            continue
        if replace and name in replace:
            spec["/EF"][NameObject("/F")].get_object().set_data(replace[name])
        keep += [names[i], names[i + 1]]
    names.clear()
    names.extend(keep)
    with Path(dst).open("wb") as fh:
        writer.write(fh)
    return Path(dst)


def flipped(src: Path, name: str) -> bytes:
    """The embedded file ``name`` with one bit of its middle byte flipped."""
    from pypdf import PdfReader

    data = bytearray(PdfReader(str(src)).attachments[name][0])
    data[len(data) // 2] ^= 0x01
    return bytes(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pack", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--flip", action="append", default=[], help="embedded file whose middle byte to change")
    ap.add_argument("--drop", action="append", default=[], help="embedded file to remove")
    ap.add_argument("--incremental", action="store_true", help="append the change as an update (keeps signed bytes)")
    args = ap.parse_args()
    rewrite(args.pack, args.out, replace={n: flipped(args.pack, n) for n in args.flip}, drop=set(args.drop),
            incremental=args.incremental)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
