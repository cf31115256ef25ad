"""Where a command writes: the one function that decides output paths, and writing there.

Every command that writes a file takes ``-o/--output``:

* not given: the command's default — a file ``output/<profile-id>/<name>`` for documents and
  packs, standard output for reports;
* ``-``: standard output;
* an existing folder, or a path ending in ``/``: the default file name inside that folder;
* anything else: that file.

Every command treats ``-o`` the same way, and the target is checked before any work is done: an
existing target that is not a regular file (a device such as ``/dev/null``, a named pipe, a
socket, a symbolic link) is refused (:func:`compliance.files.atomic.check_target`).
"""

from __future__ import annotations

from pathlib import Path

from .atomic import check_target

#: Folder under the working directory for files written without ``-o``.
DEFAULT_FOLDER = Path("output")
#: ``-o -``: write to standard output.
STDOUT = "-"


def output_target(output: str | Path | None, default_name: str, *, profile_id: str | None = None,
                  default_stdout: bool = False) -> Path | None:
    """The file to write (``None``: standard output) for ``-o output``.

    ``default_name`` is the file name used when no name is given (no ``-o``, or a folder);
    without ``-o`` the file goes to ``output/<profile_id>/`` (or ``output/``), or to standard
    output when ``default_stdout``.
    """
    if output is None:
        if default_stdout:
            return None
        folder = DEFAULT_FOLDER / profile_id if profile_id else DEFAULT_FOLDER
        target = folder / default_name
    elif str(output) == STDOUT:
        return None
    else:
        text = str(output)
        path = Path(output)
        folder_given = text.endswith(("/", "\\")) or path.is_dir()  # a link to a folder: into it
        target = path / default_name if folder_given else path
    check_target(target)
    return target


def document_filename(kind: str, lang: str, as_of: str, fmt: str, *, variant: str | None = None) -> str:
    """``checklist-de-2026-03-01.pdf``; with a variant: ``checklist-fillable-de-2026-03-01.pdf``."""
    middle = f"-{variant}" if variant else ""
    return f"{kind}{middle}-{lang}-{as_of}.{fmt}"


def pack_filename(lang: str, as_of: str, vendor: str | None = None) -> str:
    """``pack-de-2026-03-01.pdf``; in a batch folder, named by vendor: ``lotus-pack-2026-03-01.pdf``."""
    return f"{vendor}-pack-{as_of}.pdf" if vendor else f"pack-{lang}-{as_of}.pdf"
