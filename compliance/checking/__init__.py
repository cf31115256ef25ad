"""Checking a vendor's answers against the rules that apply to it on a date.

    from compliance.checking import check
    result = check(ruleset, profile, answers, as_of=datetime.date(2026, 3, 1), evidence_dir="evidence")
    result.verdict                 # compliant | non_compliant | incomplete | needs_review
    for r in result.rules:         # RuleResult: id, status, obligation, findings
        for f in r.findings:       # Finding: question, severity, message
            print(r.id, r.status, f.severity, f.message)
    result.to_dict()               # the documented JSON shape (README.md, "Checking")

Semantics: see :mod:`compliance.checking.engine` and :mod:`compliance.checking.policy`.
"""

from .engine import check, verdict_of
from .evidence import EvidenceFolder
from .policy import JUSTIFICATION_MIN_LENGTH
from .result import CheckResult, EvidenceRecord, Finding, RuleResult

__all__ = [
    "check", "verdict_of", "CheckResult", "RuleResult", "Finding", "EvidenceRecord", "EvidenceFolder",
    "JUSTIFICATION_MIN_LENGTH",
]
