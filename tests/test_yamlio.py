"""The strict YAML/JSON reader: every error kind is reported with its file:line:column."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.errors import InputError
from compliance.files.reader import MAX_INPUT_BYTES, load_document, parse_yaml_text


def err_of(text: str) -> str:
    with pytest.raises(InputError) as info:
        parse_yaml_text(text, "f.yaml")
    return str(info.value)


def test_values_and_positions():
    doc = parse_yaml_text("a: 1\nb:\n  - x: 2021-05-28\n    y: [true, 'z']\n", "f.yaml")
    assert doc.data == {"a": 1, "b": [{"x": dt.date(2021, 5, 28), "y": [True, "z"]}]}
    assert doc.positions[("b", 0, "y")] == (4, 5)
    assert str(doc.locate(("b", 0, "y", 1))) == "f.yaml:4:15"
    # unknown paths fall back to the nearest ancestor
    assert str(doc.locate(("b", 0, "nope", 3))) == "f.yaml:3:5"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: 1\nb: 2\na: 3\n", "f.yaml:3:1: duplicate key 'a'"),
        ("x:\n  k: 1\n  k: 2\n", "f.yaml:3:3: duplicate key 'k'"),
        ("a: &anchor 1\n", "f.yaml:1:4: YAML anchors"),
        ("a: 1\nb: *x\n", "f.yaml:2:4: YAML aliases"),
        ("d: 2021-02-30\n", "f.yaml:1:4: invalid date '2021-02-30'"),
        ("a: !!python/object/apply:os.system ['ls']\n", "f.yaml:1:4: YAML tag"),
        ("a: !custom 1\n", "f.yaml:1:4: YAML tag '!custom' is not allowed"),
        ("a: [1, 2\n", "f.yaml:2:1: YAML syntax error"),
        ("a: 1\n\tb: 2\n", "f.yaml:2:1: YAML syntax error"),
        ("a: 'unclosed\n", "YAML syntax error"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1: only one YAML document"),
        ("? [a, b]\n: 1\n", "f.yaml:1:3: mapping keys must be plain scalars"),
    ],
)
def test_yaml_errors_are_located(text, expected):
    assert expected in err_of(text)


def test_billion_laughs_is_refused_before_expansion():
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    assert "f.yaml:1:4: YAML anchors" in err_of(bomb)


def test_file_errors(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_INPUT_BYTES + 1))
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"a: \x00\x01\x02")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: 1\nname: Gr\xfc\xdfe\n".encode("latin-1"))
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n")
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    cases = {
        big: "larger than the limit",
        binary: "binary file",
        latin: "latin.yaml:2: not valid UTF-8",
        listing: "list.yaml:1:1: top level must be a mapping",
        empty: "found empty",
        tmp_path / "missing.yaml": "file not found",
        tmp_path: "is a directory",
    }
    for path, fragment in cases.items():
        with pytest.raises(InputError) as info:
            load_document(path)
        assert fragment in str(info.value), (path, str(info.value))


def test_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.yaml"
    p.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_document(p).data == {"a": 1}


def test_json_strict(tmp_path):
    dup = tmp_path / "a.json"
    dup.write_text('{"a": 1, "a": 2}')
    bad = tmp_path / "b.json"
    bad.write_text('{"a": 1,\n "b": }')
    good = tmp_path / "c.json"
    good.write_text('{"a": {"b": [1, 2]}}')
    with pytest.raises(InputError, match="duplicate key 'a'"):
        load_document(dup)
    with pytest.raises(InputError, match=r"b.json:2:7: JSON syntax error"):
        load_document(bad)
    doc = load_document(good)
    assert doc.data == {"a": {"b": [1, 2]}}
    assert doc.positions[("a", "b")] == (1, 8)


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("a.json", '{"a": 1,\n "b": NaN}', r"a.json:2:7: JSON: NaN is not a finite number"),
        ("b.json", '{"a": [-Infinity]}', r"b.json:1:8: JSON: -Infinity is not a finite number"),
        ("c.json", '{"a": 1e400}', r"c.json:1:7: JSON: 1e400 is not a finite number"),
        ("d.yaml", "a: 1\nb: .nan\n", r"d.yaml:2:4: '.nan' is not a finite number"),
        ("e.yaml", "a: [-.inf]\n", r"e.yaml:1:5: '-.inf' is not a finite number"),
        ("f.yaml", "a: 1.0e+400\n", r"f.yaml:1:4: '1.0e\+400' is not a finite number"),
    ],
)
def test_non_finite_numbers_are_refused(tmp_path, name, text, expected):
    """NaN and infinities are no numbers an answer or rule can use (and JSON output cannot carry)."""
    (tmp_path / name).write_text(text)
    with pytest.raises(InputError, match=expected):
        load_document(tmp_path / name)
