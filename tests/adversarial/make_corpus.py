"""Writes the adversarial input corpus under tests/adversarial/ (run once; the files are committed).

Each file is a hostile or broken input; tests/test_adversarial.py runs every file through every
command that reads that kind of input and expects exit 2 with one clear line per problem.

    python tests/adversarial/make_corpus.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GOOD_PROFILE = (ROOT / "examples" / "nordantenna" / "profile.yaml").read_text(encoding="utf-8")

GOOD = """id: acme
legal_name: Acme GmbH
role: manufacturer
country: DE
headquarters_country: DE
signatory:
  name: A. Person
  title: CEO
components:
  - id: box
    name: Box
    domain: core
    critical_functions: [authentication]
    certifications:
      - scheme: NESAS-CCS-GI
        id: C-1
        valid_until: 2027-01-01
"""


def broken_yaml() -> dict[str, bytes]:
    """Malformed YAML: every case must be rejected by the reader with a location."""
    b = GOOD.encode()
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return {
        "tab-indent.yaml": b.replace(b"  name: A. Person", b"\tname: A. Person"),
        "bad-indent.yaml": b.replace(b"  title: CEO", b" title: CEO"),
        "unclosed-single-quote.yaml": b.replace(b"legal_name: Acme GmbH", b"legal_name: 'Acme GmbH"),
        "unclosed-double-quote.yaml": b.replace(b"legal_name: Acme GmbH", b'legal_name: "Acme GmbH'),
        "unclosed-flow-list.yaml": b.replace(b"[authentication]", b"[authentication"),
        "unclosed-flow-map.yaml": b + b"extra: {a: 1\n",
        "duplicate-top-key.yaml": b + b"role: operator\n",
        "duplicate-nested-key.yaml": b.replace(b"  title: CEO", b"  title: CEO\n  name: B. Other"),
        "anchor.yaml": b.replace(b"legal_name: Acme GmbH", b"legal_name: &n Acme GmbH"),
        "alias.yaml": b.replace(b"legal_name: Acme GmbH", b"legal_name: &n Acme GmbH\naddress: *n"),
        "merge-key.yaml": b"base: &b {x: 1}\n" + b + b"more:\n  <<: *b\n",
        "billion-laughs.yaml": bomb.encode(),
        "python-object-tag.yaml": b + b"x: !!python/object/apply:os.system ['echo pwned']\n",
        "python-name-tag.yaml": b + b"x: !!python/name:os.system\n",
        "custom-tag.yaml": b + b"x: !include /etc/passwd\n",
        "binary-garbage.yaml": bytes(range(256)) * 4,
        "nul-bytes.yaml": b.replace(b"Acme", b"Ac\x00me"),
        "latin1.yaml": GOOD.replace("Acme GmbH", "Acme Grüße GmbH").encode("latin-1"),
        "utf16.yaml": GOOD.encode("utf-16"),
        "bom-then-garbage.yaml": b"\xef\xbb\xbf" + b"id: [\n",
        "multi-document.yaml": b + b"---\nid: second\n",
        "empty.yaml": b"",
        "only-comment.yaml": b"# nothing here\n",
        "top-level-list.yaml": b"- id: acme\n- id: other\n",
        "top-level-scalar.yaml": b"just a string\n",
        "complex-key.yaml": b"? [a, b]\n: 1\n" + b,
        "invalid-date.yaml": b.replace(b"2027-01-01", b"2027-02-30"),
        "invalid-date-month.yaml": b.replace(b"2027-01-01", b"2027-13-01"),
        "deep-nesting.yaml": b + b"x: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "control-chars-key.yaml": b + b'"bad\\u0007key": 1\n',
    }


def schema_violations() -> dict[str, bytes]:
    """Well-formed YAML that breaks the profile schema."""
    out: dict[str, bytes] = {}
    for key in ("id", "legal_name", "role", "country", "headquarters_country", "signatory"):
        lines = GOOD.splitlines(keepends=True)
        if key == "signatory":
            text = "".join(l for l in lines if not l.startswith(("signatory", "  name: A.", "  title: CEO")))
        else:
            text = "".join(l for l in lines if not l.startswith(f"{key}:"))
        out[f"missing-{key}.yaml"] = text.encode()
    for key in ("id", "name", "domain"):
        text = GOOD.replace(f"  - {key}:" if key == "id" else f"    {key}:", "    zz_removed:" if key != "id" else "  - zz_removed:", 1)
        out[f"component-missing-{key}.yaml"] = text.encode()
    swaps = {
        "wrong-type-role.yaml": ("role: manufacturer", "role: 42"),
        "wrong-type-components.yaml": ("components:\n", "components: lots\nx_components:\n"),
        "wrong-type-signatory.yaml": ("signatory:\n  name: A. Person\n  title: CEO\n", "signatory: A. Person\n"),
        "wrong-type-critical-functions.yaml": ("[authentication]", "authentication"),
        "wrong-type-valid-until.yaml": ("valid_until: 2027-01-01", "valid_until: soon"),
        "bool-as-country.yaml": ("country: DE\n", "country: no\n"),
        "lowercase-country.yaml": ("country: DE\n", "country: de\n"),
        "three-letter-country.yaml": ("headquarters_country: DE", "headquarters_country: DEU"),
        "unknown-top-key.yaml": ("role: manufacturer", "role: manufacturer\nsecret_flag: true"),
        "unknown-component-key.yaml": ("    domain: core", "    domain: core\n    colour: red"),
        "unknown-certification-key.yaml": ("        id: C-1", "        id: C-1\n        notes: x"),
        "unknown-domain.yaml": ("domain: core", "domain: space"),
        "unknown-role.yaml": ("role: manufacturer", "role: vendor"),
        "bad-slug-id.yaml": ("id: acme", "id: Acme Corp"),
        "bad-slug-component.yaml": ("  - id: box", "  - id: ../box"),
        "dot-in-component-id.yaml": ("  - id: box", "  - id: box.v1"),
        "duplicate-component-id.yaml": ("components:\n", "components:\n  - {id: box, name: B, domain: ran}\n"),
        "unknown-critical-function.yaml": ("[authentication]", "[mind-control]"),
        "bad-email.yaml": ("  title: CEO", "  title: CEO\n  email: not-an-email"),
        "empty-legal-name.yaml": ("legal_name: Acme GmbH", "legal_name: ''"),
        "null-components.yaml": ("components:\n", "components: ~\nx:\n"),
        "number-as-name.yaml": ("legal_name: Acme GmbH", "legal_name: [1, 2]"),
    }
    for name, (old, new) in swaps.items():
        assert old in GOOD, name
        out[name] = GOOD.replace(old, new, 1).encode()
    # Every kind of problem in one file: all of them must be reported in one run (issue #12, case 12).
    out["all-errors-at-once.yaml"] = ALL_AT_ONCE_PROFILE.encode()
    return out


#: A profile with a bad date, seven schema errors and a vocabulary error (ten lines expected).
ALL_AT_ONCE_PROFILE = """id: Bad Id
legal_name: ''
role: vendor
country: de
headquarters_country: DEU
signatory: {name: X, title: Y, email: nope}
components:
  - id: box
    name: Box
    domain: space
    critical_functions: [mind-control]
    certifications:
      - {scheme: S, id: C, valid_until: 2027-02-30}
  - {id: ../up, name: Up, domain: core, critical_functions: [authentication]}
"""


# --------------------------------------------------------------------------- answers
# Answers for tests/data/check/profile.yaml (profile id test-vendor) under tests/data/check-ruleset.

GOOD_ANSWERS = """profile: test-vendor
answers:
  CHK-MUSS-01-Q1:
    value: true
    comment: Signed by the board.
    evidence: [declaration.txt]
  CHK-MUSS-01-Q2:
    value: Audited suppliers, signed contracts and yearly on-site reviews.
  CHK-MUSS-02-Q1: {value: 24}
  CHK-MUSS-02-Q2: {value: 2025-11-03}
  CHK-CERT-01-Q1: {value: nesas, evidence: [certs/nesas.txt]}
  CHK-CERT-01-Q2: {value: 2026-06-30}
  CHK-SOLL-01-Q1:
    value: partial
    waiver:
      reason: Ownership audit scheduled for Q3
      approver: Compliance board
      expires: 2026-09-30
  CHK-SOLL-01-Q2: {evidence: [security-concept.txt]}
  CHK-KANN-01-Q1: {value: true}
"""


def bad_answers() -> dict[str, bytes]:
    """Answers files that are malformed or break the answers schema: `check` and `pack` exit 2."""
    a = GOOD_ANSWERS
    swaps = {
        "tab-indent.yaml": ("    value: true\n    comment", "\tvalue: true\n    comment"),
        "unclosed-quote.yaml": ("comment: Signed by the board.", "comment: 'Signed by the board."),
        "duplicate-question.yaml": ("  CHK-KANN-01-Q1: {value: true}", "  CHK-KANN-01-Q1: {value: true}\n  CHK-MUSS-02-Q1: {value: 1}"),
        "duplicate-field.yaml": ("  CHK-MUSS-02-Q1: {value: 24}", "  CHK-MUSS-02-Q1: {value: 24, value: 1}"),
        "anchor-alias.yaml": ("  CHK-MUSS-02-Q1: {value: 24}", "  CHK-MUSS-02-Q1: &x {value: 24}\n  CHK-MUSS-02-Q3: *x"),
        "python-tag.yaml": ("  CHK-MUSS-02-Q1: {value: 24}", "  CHK-MUSS-02-Q1: {value: !!python/object/apply:os.system [id]}"),
        "missing-profile.yaml": ("profile: test-vendor\n", ""),
        "profile-mismatch.yaml": ("profile: test-vendor", "profile: other-vendor"),
        "profile-bad-slug.yaml": ("profile: test-vendor", "profile: Test Vendor"),
        "profile-bool.yaml": ("profile: test-vendor", "profile: yes"),
        "profile-list.yaml": ("profile: test-vendor", "profile: [test-vendor]"),
        "answers-list.yaml": ("answers:\n", "answers: [CHK-MUSS-01-Q1]\nx_answers:\n"),
        "answers-null.yaml": ("answers:\n", "answers: ~\nx_answers:\n"),
        "answer-scalar.yaml": ("  CHK-MUSS-02-Q1: {value: 24}", "  CHK-MUSS-02-Q1: 24"),
        "unknown-top-key.yaml": ("profile: test-vendor", "profile: test-vendor\nsigned: true"),
        "unknown-answer-key.yaml": ("  CHK-MUSS-02-Q1: {value: 24}", "  CHK-MUSS-02-Q1: {valeu: 24}"),
        "dot-in-question-id.yaml": ("  CHK-MUSS-02-Q1: {value: 24}", "  CHK-MUSS-02.Q1: {value: 24}"),
        "space-in-question-id.yaml": ("  CHK-MUSS-02-Q1: {value: 24}", "  'CHK MUSS 02 Q1': {value: 24}"),
        "slash-in-question-id.yaml": ("  CHK-MUSS-02-Q1: {value: 24}", "  ../CHK-MUSS-02-Q1: {value: 24}"),
        "numeric-question-id.yaml": ("  CHK-MUSS-02-Q1: {value: 24}", "  12: {value: 24}"),
        "value-mapping.yaml": ("  CHK-MUSS-02-Q1: {value: 24}", "  CHK-MUSS-02-Q1: {value: {hours: 24}}"),
        "value-list.yaml": ("  CHK-MUSS-02-Q1: {value: 24}", "  CHK-MUSS-02-Q1: {value: [24]}"),
        "comment-list.yaml": ("comment: Signed by the board.", "comment: [Signed, by, the, board]"),
        "evidence-string.yaml": ("evidence: [declaration.txt]", "evidence: declaration.txt"),
        "evidence-empty-name.yaml": ("evidence: [declaration.txt]", "evidence: ['']"),
        "evidence-number.yaml": ("evidence: [declaration.txt]", "evidence: [42]"),
        "nan-value.yaml": ("{value: 24}", "{value: .nan}"),
        "infinite-value.yaml": ("{value: 24}", "{value: -.inf}"),
        "bad-date-value.yaml": ("{value: 2025-11-03}", "{value: 2025-02-30}"),
        "bad-date-month.yaml": ("{value: 2025-11-03}", "{value: 2025-13-03}"),
        "waiver-missing-reason.yaml": ("      reason: Ownership audit scheduled for Q3\n", ""),
        "waiver-missing-approver.yaml": ("      approver: Compliance board\n", ""),
        "waiver-missing-expires.yaml": ("      expires: 2026-09-30\n", ""),
        "waiver-bad-expires.yaml": ("expires: 2026-09-30", "expires: next quarter"),
        "waiver-invalid-date.yaml": ("expires: 2026-09-30", "expires: 2026-09-31"),
        "waiver-empty-reason.yaml": ("reason: Ownership audit scheduled for Q3", "reason: ''"),
        "waiver-unknown-key.yaml": ("approver: Compliance board", "approver: Compliance board\n      signed_by: nobody"),
        "waiver-scalar.yaml": ("    waiver:\n      reason: Ownership audit scheduled for Q3\n      approver: Compliance board\n      expires: 2026-09-30\n", "    waiver: yes\n"),
    }
    out: dict[str, bytes] = {}
    for name, (old, new) in swaps.items():
        assert old in a, name
        out[name] = a.replace(old, new, 1).encode()
    import json

    good = {"profile": "test-vendor", "answers": {"CHK-MUSS-02-Q1": {"value": 24}}}
    out["trailing-comma.json"] = b'{"profile": "test-vendor", "answers": {},}\n'
    out["single-quotes.json"] = b"{'profile': 'test-vendor'}\n"
    out["duplicate-key.json"] = b'{"profile": "test-vendor", "profile": "other"}\n'
    out["top-level-list.json"] = b'[{"profile": "test-vendor"}]\n'
    out["nan.json"] = json.dumps({**good, "answers": {"CHK-MUSS-02-Q1": {"value": float("nan")}}}).encode()
    out["huge-float.json"] = b'{"profile": "test-vendor", "answers": {"CHK-MUSS-02-Q1": {"value": 1e400}}}\n'
    out["deep-nesting.json"] = b'{"profile": "test-vendor", "x": ' + b"[" * 100000 + b"]" * 100000 + b"}\n"
    out["wrong-types.json"] = json.dumps({"profile": 7, "answers": {"CHK-MUSS-02-Q1": {"value": None, "evidence": {"a": 1}}}}).encode()
    out["utf16.json"] = json.dumps(good).encode("utf-16")
    out["unsupported-suffix.txt"] = GOOD_ANSWERS.encode()
    # a 100,000-digit number must not be echoed into a 100 KB error line (case 13)
    out["huge-number.yaml"] = GOOD_ANSWERS.replace("{value: 24}", "{value: " + "9" * 100_000 + "}").encode()
    out["huge-number.json"] = b'{"profile": "test-vendor", "answers": {"CHK-MUSS-02-Q1": {"value": ' + b"9" * 100_000 + b"}}}\n"
    out["duplicate-key-nested.json"] = b'{\n  "profile": "test-vendor",\n  "answers": {\n    "CHK-MUSS-02-Q1": {"value": 24},\n    "CHK-MUSS-02-Q1": {"value": 25}\n  }\n}\n'
    return out


def many_unknown_answers(n: int = 100_000) -> str:
    """Answers with ``n`` ids no rule asks (made at test time: 3 MB; case 14)."""
    return "profile: test-vendor\nanswers:\n" + "".join(f"  UNKNOWN-{i:06d}-Q1: {{value: true}}\n" for i in range(n))


def hostile_evidence() -> dict[str, bytes]:
    """Valid answers whose evidence paths try to leave --evidence-dir: each must be refused
    (a finding; a pack does not embed it). Symbolic links are made at test time."""
    paths = {
        "parent-traversal.yaml": "../outside-secret.txt",
        "deep-traversal.yaml": "certs/../../outside-secret.txt",
        "absolute-path.yaml": "/etc/passwd",
        "windows-drive.yaml": "C:\\\\Windows\\\\win.ini",
        "backslash-traversal.yaml": "..\\\\outside-secret.txt",
        "nul-byte.yaml": "declaration.txt\\0.pdf",
        "symlink-out.yaml": "link-out.txt",
        "symlink-dir-out.yaml": "link-dir/outside-secret.txt",
        "file-url.yaml": "file:///etc/passwd",
    }
    return {
        name: GOOD_ANSWERS.replace("evidence: [declaration.txt]", f'evidence: ["{path}"]').encode()
        for name, path in paths.items()
    }


# --------------------------------------------------------------------------- rules
# One rule file each, dropped into a copy of tests/data/mini-ruleset by the tests.

GOOD_RULE = """rules:
  - id: MINI-01
    title: {de: Titel, en: Title}
    text: {de: Der Hersteller erklärt etwas., en: The manufacturer declares something.}
    obliged: manufacturer
    obligation: MUSS
    status: in_force
    effective_from: 2021-01-01
    source:
      law: TKG
      section: § 1
      version: Test
      url: https://example.org/tkg
    provenance:
      basis: secondary
      checked: 2026-11-26
      sources:
        - {title: Test source, url: "https://example.org/tkg-commentary", seen: 2026-11-26}
    applies:
      when: {critical_function: [authentication]}
    questions:
      - id: MINI-01-Q1
        text: {de: Erklärt?, en: Declared?}
        type: boolean
        expected: true
    evidence:
      - id: declaration
        text: {de: Erklärung, en: Declaration}
    tags: [test]
"""


def bad_rules() -> dict[str, bytes]:
    """Rule files breaking the rule schema or the rule-set checks: `rules validate` exits 2."""
    r = GOOD_RULE
    out: dict[str, bytes] = {}
    for key in ("id", "title", "text", "obliged", "obligation", "status", "effective_from", "source"):
        lines = r.splitlines(keepends=True)
        start = next(i for i, l in enumerate(lines) if l.lstrip(" -").startswith(f"{key}:"))
        end = start + 1
        while end < len(lines) and lines[end].startswith("      ") and not lines[start].startswith("  - "):
            end += 1
        if lines[start].startswith("  - "):  # the first key carries the list dash
            lines[start + 1] = "  - " + lines[start + 1][4:]
        out[f"missing-{key.replace('_', '-')}.yaml"] = "".join(lines[:start] + lines[end:]).encode()
    for key in ("law", "section", "version", "url"):
        out[f"source-missing-{key}.yaml"] = "".join(
            l for l in r.splitlines(keepends=True) if not l.startswith(f"      {key}:")
        ).encode()
    swaps = {
        "missing-title-en.yaml": ("title: {de: Titel, en: Title}", "title: {de: Titel}"),
        "empty-text-de.yaml": ("text: {de: Der Hersteller erklärt etwas.,", "text: {de: '  ',"),
        "question-missing-id.yaml": ("      - id: MINI-01-Q1\n        text:", "      - text:"),
        "question-missing-type.yaml": ("        type: boolean\n", ""),
        "question-unknown-type.yaml": ("type: boolean", "type: slider"),
        "question-dot-in-id.yaml": ("- id: MINI-01-Q1", "- id: MINI-01.Q1"),
        "question-duplicate-id.yaml": ("    evidence:\n", "      - {id: MINI-01-Q1, text: {de: X, en: X}, type: text}\n    evidence:\n"),
        "boolean-without-expected.yaml": ("        expected: true\n", ""),
        "choice-without-choices.yaml": ("type: boolean\n        expected: true", "type: choice"),
        "min-greater-than-max.yaml": ("type: boolean\n        expected: true", "type: number\n        min: 10\n        max: 1"),
        "bad-effective-from.yaml": ("effective_from: 2021-01-01", "effective_from: 2021-02-30"),
        "effective-from-not-a-date.yaml": ("effective_from: 2021-01-01", "effective_from: soon"),
        "until-before-from.yaml": ("effective_from: 2021-01-01", "effective_from: 2021-01-01\n    effective_until: 2020-12-31"),
        "repealed-without-until.yaml": ("status: in_force", "status: repealed"),
        "unverified-without-review-note.yaml": ("basis: secondary", "basis: unverified"),
        "primary-without-sources.yaml": ("basis: secondary\n      checked: 2026-11-26\n      sources:\n        - {title: Test source, url: \"https://example.org/tkg-commentary\", seen: 2026-11-26}", "basis: primary\n      checked: 2026-11-26"),
        "unknown-basis.yaml": ("basis: secondary", "basis: official"),
        "verified-and-provenance.yaml": ("status: in_force", "status: in_force\n    verified: true"),
        "answered-by-obliged.yaml": ("obliged: manufacturer", "obliged: manufacturer\n    answered_by: manufacturer"),
        "phase-without-due.yaml": ("        expected: true\n", "        expected: true\n        phase: plan\n"),
        "due-before-from.yaml": ("effective_from: 2021-01-01", "effective_from: 2021-01-01\n    due: 2020-12-31"),
        "plan-obligation-without-due.yaml": ("obligation: MUSS", "obligation: MUSS\n    plan_obligation: SOLL"),
        "unknown-status.yaml": ("status: in_force", "status: active"),
        "unknown-obligation.yaml": ("obligation: MUSS", "obligation: MUST"),
        "unknown-obliged.yaml": ("obliged: manufacturer", "obliged: vendor"),
        "unknown-rule-key.yaml": ("status: in_force", "status: in_force\n    penalty: high"),
        "unknown-source-key.yaml": ("      law: TKG", "      law: TKG\n      page: 3"),
        "unknown-question-key.yaml": ("        expected: true", "        expected: true\n        weight: 2"),
        "unknown-applies-key.yaml": ("    applies:\n", "    applies:\n      region: eu\n"),
        "condition-two-keys.yaml": ("when: {critical_function: [authentication]}", "when: {critical_function: [authentication], role: [manufacturer]}"),
        "condition-no-keys.yaml": ("when: {critical_function: [authentication]}", "when: {}"),
        "condition-unknown-key.yaml": ("when: {critical_function: [authentication]}", "when: {python: 'os.system(1)'}"),
        "condition-unknown-critical-function.yaml": ("[authentication]}", "[mind-control]}"),
        "condition-empty-any.yaml": ("when: {critical_function: [authentication]}", "when: {any: []}"),
        "condition-expression-string.yaml": ("when: {critical_function: [authentication]}", "when: \"profile.country == 'CN'\""),
        "http-source-url.yaml": ("url: https://example.org/tkg", "url: http://example.org/tkg"),
        "javascript-source-url.yaml": ("url: https://example.org/tkg", "url: 'javascript:alert(1)'"),
        "lowercase-rule-id.yaml": ("- id: MINI-01\n", "- id: mini-01\n"),
        "bad-tag.yaml": ("tags: [test]", "tags: [Not A Slug]"),
        "questions-not-a-list.yaml": ("    questions:\n      - id: MINI-01-Q1\n        text: {de: Erklärt?, en: Declared?}\n        type: boolean\n        expected: true\n", "    questions: yes\n"),
        "rules-empty.yaml": (r, "rules: []\n"),
        "rules-not-a-list.yaml": (r, "rules: {id: MINI-01}\n"),
        "top-level-unknown-key.yaml": ("rules:\n", "version: 2\nrules:\n"),
        "duplicate-rule-id.yaml": (r, r + r.replace("rules:\n", "").replace("MINI-01-Q1", "MINI-01-Q9")),
        "duplicate-key.yaml": ("obligation: MUSS", "obligation: MUSS\n    obligation: KANN"),
        # a bad date, schema errors and a vocabulary error in one file: all in one run (case 12)
        "all-errors-at-once.yaml": ("effective_from: 2021-01-01\n", "effective_from: 2021-02-30\n"
                                    "    effective_until: 2020-13-01\n    penalty: high\n"),
    }
    for name, (old, new) in swaps.items():
        assert old in r, name
        out[name] = r.replace(old, new, 1).encode()
    out["all-errors-at-once.yaml"] = (out["all-errors-at-once.yaml"].decode()
                                      .replace("obligation: MUSS", "obligation: MUST")
                                      .replace("[authentication]}", "[mind-control]}")).encode()
    return out


# --------------------------------------------------------------------------- hostile content
# Valid inputs whose every free-text field carries markup. __SPY__ (a spy HTTP server) and
# __MARKER__ (a file that must never be read) are replaced by the tests.

def hostile(tag: str) -> str:
    """One hostile text: HTML, script, URLs, CSS, an attachment link, Jinja and Rich markup."""
    return (
        f'<script>alert("{tag}")</script><img src="file://__MARKER__">'
        f'<link rel="attachment" href="file://__MARKER__"><img src="__SPY__/{tag}.png">'
        f"<style>body{{background:url(__SPY__/{tag}.css)}}</style>"
        f"{{{{ 7*7 }}}} {{% raw %}} [bold]{tag}[/] [/{tag}] ZZ{tag}ZZ"
    )


def _q(text: str) -> str:
    """As a YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_profile() -> str:
    h = lambda t: _q(hostile(t))  # noqa: E731
    return f"""# Every free-text field of a profile carries markup (valid under tests/data/check-ruleset).
id: test-vendor
legal_name: {h("legalname")}
role: manufacturer
country: DE
headquarters_country: CN
address: {h("address")}
signatory:
  name: {h("signame")}
  title: {h("sigtitle")}
  email: "<script>@example.com"
components:
  - id: tv-core
    name: {h("compname")}
    version: {h("compversion")}
    domain: core
    critical_functions: [authentication]
    certifications:
      - scheme: {h("certscheme")}
        id: {h("certid")}
        issuer: {h("certissuer")}
        valid_until: 2027-12-31
  - id: tv-ran
    name: "Line one\\nprofile: injected\\n# ZZnewlineZZ"
    domain: ran
    critical_functions: [ran-management]
"""


def hostile_answers() -> str:
    h = lambda t: _q(hostile(t))  # noqa: E731
    return f"""# Every free-text field of an answers file carries markup (for hostile-profile.yaml).
profile: test-vendor
answers:
  CHK-MUSS-01-Q1:
    value: true
    comment: {h("comment1")}
    evidence: [declaration.txt, {h("evidencename")}]
  CHK-MUSS-01-Q2:
    value: {h("textvalue")}
  CHK-MUSS-02-Q1: {{value: 24}}
  CHK-MUSS-02-Q2: {{value: 2025-11-03}}
  CHK-CERT-01-Q1: {{value: {h("choicevalue")}, evidence: [certs/nesas.txt]}}
  CHK-CERT-01-Q2: {{value: 2026-06-30}}
  CHK-SOLL-01-Q1:
    value: partial
    comment: "Line one\\nprofile: injected"
    waiver:
      reason: {h("waiverreason")}
      approver: {h("waiverapprover")}
      expires: 2026-09-30
  CHK-SOLL-01-Q2: {{evidence: [security-concept.txt]}}
  CHK-KANN-01-Q1: {{value: true, comment: {h("comment2")}}}
"""


#: What must never reach a terminal raw: colours, an OSC 8 hyperlink, a title change, a carriage
#: return that hides the start of a line, C1 CSI, a bidi override (case 10).
ESCAPES = "\x1b[31mRED\x1b[0m \x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\ \x1b]0;title\x07 \rHIDE \x9b2J \u202eRTL"


def terminal_escapes_profile() -> str:
    """A valid profile (for tests/data/check-ruleset) whose texts carry terminal escapes."""
    import json

    q = json.dumps  # a JSON string is a YAML double-quoted scalar
    return f"""# Terminal escape sequences in every text printed by rules list/diff, check and profile validate.
id: test-vendor
legal_name: {q("Escapes " + ESCAPES + " GmbH")}
role: manufacturer
country: DE
headquarters_country: CN
signatory: {{name: {q("Signer " + ESCAPES)}, title: CEO}}
components:
  - id: tv-core
    name: {q("Core " + ESCAPES)}
    domain: core
    critical_functions: [authentication]
    certifications:
      - {{scheme: NESAS-CCS-GI, id: C-1, valid_until: 2027-12-31}}
"""


# --------------------------------------------------------------------------- PDFs

def broken_pdfs() -> dict[str, bytes]:
    """PDFs that are not usable answers or packs (packs derived from a real one are made at test time)."""
    import io

    from pypdf import PdfWriter

    def blank(**kw) -> bytes:
        w = PdfWriter()
        w.add_blank_page(200, 200)
        for name, data in kw.get("attach", {}).items():
            w.add_attachment(name, data)
        if kw.get("password"):
            w.encrypt(kw["password"], algorithm="RC4-128")  # AES needs `cryptography`
        buf = io.BytesIO()
        w.write(buf)
        return buf.getvalue()

    page = blank()
    with tempfile.TemporaryDirectory() as tmp:  # AES-256 with qpdf, as real tools write it
        src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(page)
        subprocess.run(["qpdf", "--encrypt", "user-pw", "owner-pw", "256", "--", str(src), str(dst)], check=True)
        aes = dst.read_bytes()
    return {
        "encrypted-aes256.pdf": aes,
        "zero-bytes.pdf": b"",
        "not-a-pdf.pdf": b"profile: test-vendor\nanswers: {}\n",
        "html-named-pdf.pdf": b"<html><body><script>alert(1)</script></body></html>\n",
        "header-only.pdf": b"%PDF-1.7\n",
        "header-then-garbage.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 8,
        "truncated.pdf": page[: len(page) // 2],
        "no-trailer.pdf": page[: page.rindex(b"trailer")],
        "encrypted.pdf": blank(password="s3cret"),
        "blank-page.pdf": page,
        "attached-answers-not-json.pdf": blank(attach={"answers.json": b"profile: test-vendor\n{"}),
        "attached-answers-schema.pdf": blank(attach={"answers.json": b'{"profile": "test-vendor", "answers": {"A.B": {}}}'}),
        "attached-answers-binary.pdf": blank(attach={"answers.json": bytes(range(256))}),
        "fake-pack-bad-manifest.pdf": blank(attach={"manifest.json": b"{not json", "answers.json": b"{}"}),
    }


def readable_pdfs() -> dict[str, bytes]:
    """PDFs that must be read: encrypted with an *empty* user password, as many PDF tools write
    them (AES-256 and AES-128 need the `cryptography` package; issue #12, case 7). Each carries
    answers.json with the good answers (as JSON) for tests/data/check/profile.yaml."""
    import io
    import json

    import yaml
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.add_attachment("answers.json", json.dumps(yaml.safe_load(GOOD_ANSWERS), default=str).encode())
    buf = io.BytesIO()
    w.write(buf)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(buf.getvalue())
        for bits in ("256", "128"):
            dst = Path(tmp) / f"aes{bits}.pdf"
            extra = ["--use-aes=y"] if bits == "128" else []
            subprocess.run(["qpdf", "--encrypt", "", "owner-pw", bits, *extra, "--", str(src), str(dst)], check=True)
            out[f"aes{bits}-empty-user-password.pdf"] = dst.read_bytes()
    return out


# --------------------------------------------------------------------------- hostile PDF structure
# Hand-written PDFs whose structure makes a naive reader loop, recurse or inflate without bound
# (issue #12, case 9). Each must end as one exit-2 line in bounded time and memory.

def raw_pdf(objects: dict[int, bytes], *, root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF with a correct cross-reference table over ``objects`` (number -> body)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[num]) if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, root, trailer, xref)
    return bytes(out)


_PAGES = {
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
}


def _flate_bomb_objstm(inflated: int = 256 * 1024 * 1024) -> bytes:
    """The catalogue lives in an object stream that inflates to ``inflated`` bytes (a few
    hundred KB on disk), referenced through a cross-reference stream."""
    import zlib

    comp = zlib.compressobj(9)
    head = b"1 0 "
    body = bytearray(comp.compress(head + b"<< /Type /Catalog /Pages 2 0 R >> "))
    chunk = b" " * (1 << 20)
    for _ in range(inflated // len(chunk)):
        body += comp.compress(chunk)
    body += comp.flush()
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    objs = {
        2: _PAGES[2], 3: _PAGES[3],
        4: b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(head), len(body))
           + bytes(body) + b"\nendstream",
    }
    for num, data in objs.items():
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + data + b"\nendobj\n"
    xref_at = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff", b"\x02" + (4).to_bytes(4, "big") + b"\x00\x00"]
    rows += [b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00" for n in (2, 3, 4)]
    rows.append(b"\x01" + xref_at.to_bytes(4, "big") + b"\x00\x00")
    data = b"".join(rows)
    out += (b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(data)
            + data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    return bytes(out)


def hostile_pdfs() -> dict[str, bytes]:
    deep = b"[" * 100_000 + b"]" * 100_000
    return {
        # an AcroForm whose /Fields is the AcroForm itself; a field that is its own kid and parent
        "fields-self-reference.pdf": raw_pdf({1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>", **_PAGES,
                                              4: b"<< /Fields 4 0 R >>"}),
        "fields-array-self-reference.pdf": raw_pdf({1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields 4 0 R >> >>",
                                                    **_PAGES, 4: b"[4 0 R 5 0 R]",
                                                    5: b"<< /T (Q1) /FT /Btn /Kids [5 0 R] /Parent 5 0 R /Opt 5 0 R >>"}),
        "deep-array.pdf": raw_pdf({1: b"<< /Type /Catalog /Pages 2 0 R /X 4 0 R >>", **_PAGES, 4: deep}),
        "deep-array-in-info.pdf": raw_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **_PAGES, 4: b"<< /Title " + deep + b" >>"},
                                          trailer=b"/Info 4 0 R "),
        "deep-array-in-fields.pdf": raw_pdf({1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields 4 0 R >> >>",
                                             **_PAGES, 4: deep}),
        "deep-array-in-names.pdf": raw_pdf({1: b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names 4 0 R >> >> >>",
                                            **_PAGES, 4: b"[(answers.json) " + deep + b"]"}),
        "page-tree-loop.pdf": raw_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>",
                                       2: b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", 3: _PAGES[3]}),
        "names-tree-loop.pdf": raw_pdf({1: b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
                                        **_PAGES, 4: b"<< /Kids [4 0 R] >>"}),
        "flate-bomb-objstm.pdf": _flate_bomb_objstm(),
    }


# --------------------------------------------------------------------------- forged packs
# Forgeries of a real pack, made at test time (a pack's bytes depend on the rule set): every one
# must verify TAMPERED (exit 1) naming what disagrees, never INTACT and never "internal error".

INFO_KEY = "/ComplianceManifestSHA256"


def forge_pack(src, dst, *, files: dict | None = None, manifest=None, incremental: bool = False,
               info_hash: bool = True) -> Path:
    """A copy of the pack ``src`` with embedded files replaced, added (name -> bytes) or dropped
    (name -> None). The manifest is kept *self-consistent*: the SHA-256 and size of every changed
    file are updated, then ``manifest(dict)`` may change fields (or return raw bytes), and the
    document information gets the new manifest's SHA-256 (``info_hash``). The cover page is not
    touched: only a re-rendered cover could show the new hash. ``incremental``: append the
    changes as an incremental update, as a PDF editor saving in place would."""
    import hashlib
    import json

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    files = dict(files or {})
    current = {name: items[0] for name, items in PdfReader(str(src)).attachments.items()}
    m = json.loads(current["manifest.json"])
    for name, data in files.items():
        if name == "manifest.json":
            continue
        if data is None:
            m["files"].pop(name, None)
        else:
            m["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    if manifest is not None:
        out = manifest(m)
        m = m if out is None else out
    if "manifest.json" not in files:
        files["manifest.json"] = m if isinstance(m, bytes) else (json.dumps(m, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    w = PdfWriter(str(src), incremental=True) if incremental else PdfWriter(clone_from=str(src))
    tree = w._root_object["/Names"]["/EmbeddedFiles"]
    names = tree["/Names"]
    keep = []
    for i in range(0, len(names), 2):
        name = str(names[i])
        if name in files and files[name] is None:
            continue
        if name in files:
            names[i + 1].get_object()["/EF"][NameObject("/F")].get_object().set_data(files[name])
        keep += [names[i], names[i + 1]]
    tree[NameObject("/Names")] = ArrayObject(keep)
    for name, data in files.items():
        if data is not None and name not in current:
            w.add_attachment(name, data)
    if info_hash and files.get("manifest.json") is not None:
        w.add_metadata({INFO_KEY: hashlib.sha256(files["manifest.json"]).hexdigest()})
    with open(dst, "wb") as fh:
        w.write(fh)
    return Path(dst)


def _set(key, value):
    def change(m):
        m[key] = value
    return change


def _sizes(m):
    for meta in m["files"].values():
        meta["size"] += 1


#: name -> keyword arguments of :func:`forge_pack`, applied to a real non-compliant pack; each
#: must verify TAMPERED with the phrase given (issue #12, cases 3 and 4).
PACK_FORGERIES = {
    "manifest-verdict-compliant": ({"manifest": _set("verdict", "compliant")}, "verdict"),
    "manifest-other-profile": ({"manifest": _set("profile", "another-vendor")}, "profile"),
    "manifest-wrong-sizes": ({"manifest": _sizes}, "bytes, the manifest says"),
    "manifest-as-of-not-a-date": ({"manifest": _set("as_of", "soon")}, "as_of"),
    "manifest-files-a-list": ({"manifest": _set("files", [])}, "files"),
    "manifest-ruleset-a-string": ({"manifest": _set("ruleset", "de-telecom-security")}, "ruleset"),
    "manifest-not-json": ({"manifest": lambda m: b"{not json"}, "manifest.json"),
    "findings-not-json": ({"files": {"findings.json": b"{not json"}}, "findings.json"),
    "findings-a-list": ({"files": {"findings.json": b"[]\n"}}, "findings.json"),
    "answers-not-utf8": ({"files": {"answers.json": b"\xff\xfe{}"}}, "answers.json"),
    "profile-not-json": ({"files": {"profile.json": b"<xml/>"}}, "profile.json"),
    "evidence-file-and-folder": (
        {"files": {"evidence/x.txt": b"a\n", "evidence/x.txt/inner": b"b\n"}}, "evidence/x.txt"),
    "evidence-escapes": ({"files": {"evidence/../../escape.txt": b"x\n"}}, "evidence/../../escape.txt"),
    "findings-verdict-compliant": (
        {"files": {"findings.json": b'{"verdict": "compliant"}\n'}, "manifest": _set("verdict", "compliant")},
        "verdict"),
}


def forge_update(src, dst, change) -> Path:
    """Append an incremental update to the pack ``src``, made by ``change(writer)`` (pypdf)."""
    from pypdf import PdfWriter

    w = PdfWriter(str(src), incremental=True)
    change(w)
    with open(dst, "wb") as fh:
        w.write(fh)
    return Path(dst)


def _draw_on_cover(w) -> None:
    """Paint over part of the cover (as a forger covering the printed checksum would)."""
    contents = w.pages[0]["/Contents"].get_object()
    stream = contents[0].get_object() if isinstance(contents, list) else contents
    stream.set_data(stream.get_data() + b"\nq 1 1 1 rg 40 400 500 20 re f Q\n")


def _annotation(w, subtype: str, **extra) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    annot = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject(subtype),
        NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
    })
    for key, value in extra.items():
        annot[NameObject(f"/{key}")] = NameObject(value) if value.startswith("/") else TextStringObject(value)
    ref = w._add_object(annot)
    page = w.pages[0]
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else ArrayObject()
    annots.append(ref)
    page[NameObject("/Annots")] = annots
    if subtype == "/Widget":
        w._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([ref])})


def _text_overlay(w) -> None:
    _annotation(w, "/FreeText", Contents="erfüllt / compliant", DA="/Helv 12 Tf 0 g")


def _signature_field(w) -> None:
    _annotation(w, "/Widget", FT="/Sig", T="Signature1")


def _metadata_only(w) -> None:
    w.add_metadata({"/Keywords": "filed 2026-10-02"})


#: name -> (change, status, phrase): incremental updates appended to a real pack.
UPDATE_FORGERIES = {
    "update-draws-on-cover": (_draw_on_cover, "tampered", "changes what page 1 shows"),
    "update-text-overlay": (_text_overlay, "tampered", "/FreeText annotation on page 1"),
    "update-signature-field": (_signature_field, "intact", "incremental update after the pack was written"),
    "update-metadata-only": (_metadata_only, "intact", "incremental update after the pack was written"),
}


# --------------------------------------------------------------------------- templates
# User template folders (--templates) carrying server-side template injection payloads. Each
# folder replaces partials/signature.html.j2 (used by checklist, attestation and pack) or a
# whole document; the payload sits on line 2 so that the error names file:2.

SSTI = {
    "mro": "{{ ''.__class__.__mro__ }}",
    "mro-subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "base-subclasses": "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "tuple-bases": "{{ ().__class__.__bases__[0] }}",
    "dict-mro": "{{ dict.mro()[1].__subclasses__() }}",
    "cycler-globals": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "joiner-globals": "{{ joiner.__init__.__globals__ }}",
    "namespace-init": "{{ namespace.__init__.__globals__ }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].environ }}",
    "range-globals": "{{ range.__globals__ }}",
    "self-context": "{{ self._TemplateReference__context }}",
    "self-init": "{{ self.__init__.__globals__ }}",
    "request": "{{ request.application.__globals__ }}",
    "config": "{{ config.items() }}",
    "attr-filter": "{{ ''|attr('__class__')|attr('__mro__') }}",
    "attr-filter-escaped": "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "map-attribute": "{{ [1]|map(attribute='__class__')|list }}",
    "getitem-dunder": "{{ ''['__class__'] }}",
    "format-string": "{{ '{0.__class__.__mro__}'.format('') }}",
    "format-map": "{{ '{x.__class__}'.format_map({'x': ''}) }}",
    "set-dunder": "{% set x = lipsum.__globals__ %}{{ x }}",
    "include-etc-passwd": "{% include '/etc/passwd' %}",
    "include-traversal": "{% include '../../../../../../etc/passwd' %}",
    "import-traversal": "{% import '../../etc/passwd' as p %}",
    "from-import-traversal": "{% from '../../x' import y %}",
    "extends-traversal": "{% extends '../../x' %}",
    "huge-range": "{{ range(10**9)|list|length }}",
    "pow-bomb": "{{ 9**99999999 }}",
    "repeat-bomb": "{{ 'x' * 10**10 }}",
    "list-repeat-bomb": "{{ [0] * 2000000 }}",
    "recursive-macro": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "include-absolute-bundled": "{% include '/work/../etc/hostname' %}",
    "nested-range": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "macro-exponential": "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}",
    "syntax-error": "{{ 1 + }}",
    "unknown-filter": "{{ 'x'|system }}",
}


def ssti_templates() -> dict[str, bytes]:
    out = {}
    for case, payload in SSTI.items():
        out[f"{case}/partials/signature.html.j2"] = ("<p>signature</p>\n" + payload + "\n").encode()
    return out


def main() -> None:
    kinds = (
        ("yaml", broken_yaml()),
        ("profile", schema_violations()),
        ("answers", bad_answers()),
        ("evidence", hostile_evidence()),
        ("rules", bad_rules()),
        ("hostile", {"hostile-profile.yaml": hostile_profile().encode(), "hostile-answers.yaml": hostile_answers().encode(),
                     "terminal-escapes-profile.yaml": terminal_escapes_profile().encode()}),
        ("pdf", {**broken_pdfs(), **hostile_pdfs()}),
        ("pdf-readable", readable_pdfs()),
        ("templates", ssti_templates()),
    )
    for sub, files in kinds:
        folder = HERE / sub
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    (HERE / "good-profile.yaml").write_text(GOOD, encoding="utf-8")
    (HERE / "good-answers.yaml").write_text(GOOD_ANSWERS, encoding="utf-8")
    (HERE / "good-rule.yaml").write_text(GOOD_RULE, encoding="utf-8")
    total = sum(1 for p in HERE.rglob("*") if p.is_file() and p.suffix != ".py")
    print(f"wrote {total} files under {HERE}")


if __name__ == "__main__":
    main()
