"""Writes the adversarial input corpus under tests/adversarial/ (run once; the files are committed).

Each file is a hostile or broken input; tests/test_adversarial.py runs every file through every
command that reads that kind of input and expects exit 2 with one clear line per problem.

    python tests/adversarial/make_corpus.py
"""

from __future__ import annotations

import shutil
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
    return out


def main() -> None:
    for sub, files in (("yaml", broken_yaml()), ("profile", schema_violations())):
        folder = HERE / sub
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
    (HERE / "good-profile.yaml").write_text(GOOD, encoding="utf-8")
    print(f"wrote {sum(1 for _ in HERE.rglob('*.yaml'))} files under {HERE}")


if __name__ == "__main__":
    main()
