"""Ground floor: safe file access.

* :mod:`.reader` — the strict, located YAML/JSON reader (``load_document`` → :class:`Document`);
* :mod:`.pdf` — opening untrusted PDFs and reading their embedded files (pypdf, lazily);
* :mod:`.atomic` — writing a file atomically (temporary file in the same folder, then rename);
* :mod:`.outputs` — where a command writes: the one function that decides output paths;
* :mod:`.bundled` — where the bundled rules, templates and examples live.

Nothing here knows about rules, answers or documents.
"""
