"""The answers wing: what the vendor said, read from any format with locations.

* :mod:`.read` — :func:`read_answers` (YAML, JSON, filled PDF form, pack, workbook), the one loader;
* :mod:`.formfields` — the naming contract between fillable PDFs and the reader;
* :mod:`.pdf` — reading a filled form or an embedded ``answers.json``;
* :mod:`.workbook` — the contract between the answers workbook and its reader;
* :mod:`.xlsx` — reading a filled answers workbook, every problem located at its cell;
* :mod:`.vendors` — vendor folders (profile, answers, evidence) for batch runs.

How an answer value is coerced to its question's type is the question type's own business
(:mod:`compliance.questions`).
"""

from .read import ANSWER_SUFFIXES, LoadedAnswers, load_answers, read_answers, require_profile

__all__ = ["ANSWER_SUFFIXES", "LoadedAnswers", "load_answers", "read_answers", "require_profile"]
