"""Data models (pydantic v2, unknown keys rejected). No logic beyond self-consistency."""

from .answers import Answer, Answers, Waiver
from .common import EU_EEA, LANGS, Lang, Text
from .profile import Certification, Component, OperatorInfo, Profile, Signatory
from .rules import (
    Applicability,
    AttestationTitle,
    Choice,
    Condition,
    CriticalFunction,
    EvidenceItem,
    GlossaryEntry,
    LegalEvent,
    Provenance,
    Question,
    Rule,
    RuleFile,
    RuleSetHeader,
    SeenSource,
    Source,
)

__all__ = [
    "Answer", "Answers", "AttestationTitle", "Waiver", "EU_EEA", "LANGS", "Lang", "Text", "Certification",
    "Component", "OperatorInfo", "Profile", "Signatory", "Provenance", "SeenSource", "Applicability", "Choice", "Condition",
    "CriticalFunction", "EvidenceItem", "GlossaryEntry", "LegalEvent", "Question", "Rule", "RuleFile",
    "RuleSetHeader", "Source",
]
