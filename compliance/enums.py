"""The closed vocabularies every layer shares, as ``StrEnum`` s.

Members compare equal to their values (``Verdict.compliant == "compliant"``) and serialise as
plain strings in JSON, so the documented JSON shapes are unchanged. Orders matter where noted:
verdicts and check statuses are listed worst first.
"""

from __future__ import annotations

from enum import StrEnum


class Lang(StrEnum):
    """Document and message language: German (authoritative) or English (translation)."""

    de = "de"
    en = "en"


#: Every supported language, German (authoritative) first.
LANGS: tuple[Lang, ...] = tuple(Lang)


class Obligation(StrEnum):
    """Obligation level of a rule: MUSS (must), SOLL (should), KANN (may)."""

    MUSS = "MUSS"
    SOLL = "SOLL"
    KANN = "KANN"


class LegalStatus(StrEnum):
    """Where a rule stands in law: a draft, in force, or repealed."""

    draft = "draft"
    in_force = "in_force"
    repealed = "repealed"


class Basis(StrEnum):
    """How a rule's content was checked: against the official text (``primary``), against
    secondary sources only (law-firm notes, commentaries, private consolidated texts, press:
    ``secondary``), or not at all (``unverified``)."""

    primary = "primary"
    secondary = "secondary"
    unverified = "unverified"


#: The marker documents and tables put on an item whose basis is not the official text.
BASIS_MARK: dict[str, str] = {Basis.secondary: "†", Basis.unverified: "‡"}


class Phase(StrEnum):
    """When a question of a rule with a ``due`` date is asked: before ``due`` (``plan``: the
    plan to reach the end state) or from ``due`` on (``end_state``: the end state itself)."""

    plan = "plan"
    end_state = "end_state"


class Severity(StrEnum):
    """Severity of a finding, worst first. Only the first three change a rule's status."""

    error = "error"
    incomplete = "incomplete"
    review = "review"
    warning = "warning"
    info = "info"


class CheckStatus(StrEnum):
    """Status of one checked rule, worst first."""

    non_compliant = "non_compliant"
    incomplete = "incomplete"
    needs_review = "needs_review"
    compliant = "compliant"
    not_applicable = "not_applicable"


class Verdict(StrEnum):
    """Overall verdict of a check, worst first."""

    non_compliant = "non_compliant"
    incomplete = "incomplete"
    needs_review = "needs_review"
    compliant = "compliant"


class Outcome(StrEnum):
    """How one answer was judged against its question."""

    ok = "ok"
    non_compliant = "non_compliant"
    unanswered = "unanswered"
    invalid = "invalid"
    skipped = "skipped"


class VerifyStatus(StrEnum):
    """Result of verifying an attestation pack (or a signature: intact, tampered, untrusted)."""

    intact = "intact"
    tampered = "tampered"
    rules_changed = "rules_changed"
    untrusted = "untrusted"  # a signature is intact but not trusted under --trust, or its certificate was unfit
    unsigned = "unsigned"  # --require-signature, and the file has no signature


class BatchStatus(StrEnum):
    """Row status of a batch vendor that has no verdict of its own this run (else: its verdict)."""

    failed = "failed"  # bad input or an error building the pack: see the row's error
    skipped = "skipped"  # --resume: its pack exists and verifies intact
    interrupted = "interrupted"  # stopped by a signal while its pack was being built; nothing written
    not_started = "not_started"  # stopped by a signal before its turn


#: The rule status each severity forces (warnings and information change nothing).
SEVERITY_STATUS = {
    Severity.error: CheckStatus.non_compliant,
    Severity.incomplete: CheckStatus.incomplete,
    Severity.review: CheckStatus.needs_review,
}


class RequestStatus(StrEnum):
    """Where a questionnaire request of the vendor portal stands (``compliance serve``)."""

    sent = "sent"  # made; the vendor has not opened the link yet
    opened = "opened"  # the vendor opened the link
    draft = "draft"  # the vendor saved answers without submitting them
    submitted = "submitted"  # the vendor submitted the answers as final, findings and all
    compliant = "compliant"  # the last submission checked compliant
    non_compliant = "non_compliant"  # the last submission did not check compliant (any other verdict)
    closed = "closed"  # the operator closed the request


class RequestEvent(StrEnum):
    """What happened to a request, as its history records it."""

    created = "created"
    link_renewed = "link_renewed"
    opened = "opened"
    saved = "saved"
    submitted = "submitted"
    pack_built = "pack_built"
    pack_failed = "pack_failed"
    signed_accepted = "signed_accepted"
    signed_refused = "signed_refused"
    downloaded = "downloaded"
    closed = "closed"


class DueKind(StrEnum):
    """What falls due (``compliance due``): a certificate or waiver expiring, a rule's due date,
    a rule entering into force or reaching its last day."""

    certificate_expires = "certificate_expires"
    waiver_expires = "waiver_expires"
    rule_due = "rule_due"
    rule_in_force = "rule_in_force"
    rule_ends = "rule_ends"
