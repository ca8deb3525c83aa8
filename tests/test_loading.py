"""Parsing: YAML 1.2 values, refused YAML features, syntax and encoding
errors, JSON, and the (line, column) of every value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sscorpus.corpus.loading import LoadedFile, load_file, load_text

YAML = Path("x.yaml")
JSON = Path("x.json")


def codes(loaded: LoadedFile) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in loaded.findings]


# -- YAML 1.2 scalars ---------------------------------------------------------

SCALARS: list[tuple[str, Any]] = [
    # YAML 1.1 would make these false, true, a date, 511 and 5400
    ("no", "no"),
    ("yes", "yes"),
    ("on", "on"),
    ("off", "off"),
    ("2024-01-05", "2024-01-05"),
    ("0777", "0777"),
    ("1:30:00", "1:30:00"),
    ("1_000", "1_000"),
    ("0x1F", "0x1F"),
    # the JSON-compatible values
    ("12", 12),
    ("-3", -3),
    ("0", 0),
    ("1.5", 1.5),
    ("-0.25", -0.25),
    ("true", True),
    ("false", False),
    ("null", None),
    ("~", None),
    ("", None),
    # quoted: always text
    ("'12'", "12"),
    ('"true"', "true"),
    ("'null'", "null"),
]


@pytest.mark.parametrize(("source", "expected"), SCALARS, ids=[s or "empty" for s, _ in SCALARS])
def test_yaml_1_2_scalars(source: str, expected: Any) -> None:
    loaded = load_text(YAML, f"value: {source}\n")
    assert loaded.findings == []
    value = loaded.data["value"]
    assert value == expected
    assert type(value) is type(expected)  # True == 1, so compare types too


# -- refused YAML features ------------------------------------------------------

FEATURES = [
    ("duplicate-key", "a: 1\nb: 2\na: 3\n", [("yaml.duplicate-key", 3, 1)], {"a": 1, "b": 2}),
    ("duplicate-nested-key", "x:\n  a: 1\n  b: 2\n  a: 3\n", [("yaml.duplicate-key", 4, 3)], {"x": {"a": 1, "b": 2}}),
    ("duplicate-flow-key", "x: {a: 1, b: 2, a: 3}\n", [("yaml.duplicate-key", 1, 17)], {"x": {"a": 1, "b": 2}}),
    (
        "duplicate-key-in-list-item",
        "- id: c1\n  kind: x\n  id: c2\n",
        [("yaml.duplicate-key", 3, 3)],
        [{"id": "c1", "kind": "x"}],
    ),
    ("anchor-and-alias", "a: &x 1\nb: *x\n", [("yaml.anchor", 1, 4), ("yaml.alias", 2, 4)], {"a": 1, "b": None}),
    ("tag-int", "a: !!int 1\n", [("yaml.tag", 1, 4)], {"a": 1}),
    ("tag-local", "a: x\nb: !foo y\n", [("yaml.tag", 2, 4)], {"a": "x", "b": "y"}),
    ("tag-map", "a: !!map {x: 1}\n", [("yaml.tag", 1, 4)], {"a": {"x": 1}}),
    # the README says tags are refused: !!str as well, and the bare '!'
    ("tag-str", "a: !!str 12\n", [("yaml.tag", 1, 4)], {"a": 12}),
    ("tag-str-quoted", "a: !!str '12'\n", [("yaml.tag", 1, 4)], {"a": "12"}),
    ("tag-non-specific", "a: ! 12\n", [("yaml.tag", 1, 4)], {"a": 12}),
    ("two-documents", "a: 1\n---\nb: 2\n", [("yaml.multiple-documents", 2, 1)], {"a": 1}),
    ("complex-key", "? [a, b]\n: 1\nc: 2\n", [("yaml.complex-key", 1, 3)], {"c": 2}),
]


@pytest.mark.parametrize(("source", "expected", "data"), [f[1:] for f in FEATURES], ids=[f[0] for f in FEATURES])
def test_refused_yaml_features_are_findings_and_loading_goes_on(
    source: str, expected: list[tuple[str, int, int]], data: Any
) -> None:
    loaded = load_text(YAML, source)
    assert codes(loaded) == expected
    assert loaded.parsed
    assert loaded.data == data


@pytest.mark.parametrize("source", ["---\na: 1\n", "a: 1\n...\n", "%YAML 1.2\n---\na: 1\n", "# comment\na: 1\n"])
def test_one_document_with_markers_is_fine(source: str) -> None:
    loaded = load_text(YAML, source)
    assert loaded.findings == []
    assert loaded.data == {"a": 1}


# -- syntax errors ---------------------------------------------------------------

SYNTAX = [
    # name, text, (line, column), hint expected
    ("unquoted-colon", "quote: as follows: the end\n", (1, 18)),
    ("unquoted-colon-after-curly-quotes", "k: “vis-à-vis” : x\n", (1, 16)),
    ("unquoted-colon-line-2", "a: 1\nb: “y” é: c\n", (2, 9)),
    ("unclosed-quote", "a: 1\nb: 'unclosed\n", (2, 4)),  # at the opening quote
    ("list-after-mapping", "- a\nb: 1\n", (2, 1)),
]


@pytest.mark.parametrize(("source", "position"), [s[1:] for s in SYNTAX], ids=[s[0] for s in SYNTAX])
def test_syntax_errors_have_position_and_hint(source: str, position: tuple[int, int]) -> None:
    loaded = load_text(YAML, source)
    assert codes(loaded) == [("yaml.syntax", *position)]
    assert loaded.findings[0].hint
    assert not loaded.parsed
    assert loaded.data is None


TABS = [
    ("tab-before-list-item", "mentions:\n\t- actor: x\n", (2, 1)),
    ("tab-before-key", "a:\n  b: 1\n\tc: 2\n", (3, 1)),
    ("tab-after-value", "a: 1\n\tb: 2\n", (2, 1)),
    ("tab-after-dash", "- a\n-\tb\n", (2, 2)),
]


@pytest.mark.parametrize(("source", "position"), [t[1:] for t in TABS], ids=[t[0] for t in TABS])
def test_tab_indentation_gets_a_hint_about_tabs(source: str, position: tuple[int, int]) -> None:
    loaded = load_text(YAML, source)
    assert codes(loaded) == [("yaml.syntax", *position)]
    hint = loaded.findings[0].hint
    assert hint is not None and "tab" in hint.lower()


@pytest.mark.parametrize("char", ["\x00", "\x0c", "\x07"], ids=["NUL", "form-feed", "bell"])
def test_control_character_is_a_syntax_error_at_its_place(char: str) -> None:
    loaded = load_text(YAML, f"a: 1\nb: x{char}y\n")
    assert codes(loaded) == [("yaml.syntax", 2, 5)]


def test_control_character_after_non_ascii_text_is_placed_by_characters() -> None:
    loaded = load_text(YAML, "a: “x”\nb: “y”\x0c\n")
    assert codes(loaded) == [("yaml.syntax", 2, 7)]


def test_control_character_message_is_one_line() -> None:
    loaded = load_text(YAML, "a: 1\x00\n")
    assert "\n" not in loaded.findings[0].message


def test_control_character_has_a_hint() -> None:
    loaded = load_text(YAML, "a: 1\x0c\n")
    assert loaded.findings[0].hint is not None


def test_syntax_error_at_end_of_file_with_final_newline_is_on_the_empty_last_line() -> None:
    assert codes(load_text(YAML, "a: [1\n")) == [("yaml.syntax", 2, 1)]


@pytest.mark.parametrize(("source", "position"), [("a: [1", (1, 6)), ("a: 1\nb", (2, 2))])
def test_syntax_error_at_end_of_file_without_final_newline_is_on_the_last_line(
    source: str, position: tuple[int, int]
) -> None:
    assert codes(load_text(YAML, source)) == [("yaml.syntax", *position)]


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    loaded = load_text(YAML, "a: " + "[" * 5000 + "\n")
    assert [f.code for f in loaded.findings] == ["yaml.syntax"]


# -- encoding and empty files ------------------------------------------------------

ENCODING = [
    ("latin-1-e-acute", "a: é\nb: caf".encode() + b"\xe9 x\n", (2, 7)),
    ("after-curly-quotes", "a: “x”\nb: “y”".encode() + b"\xff\n", (2, 7)),
    ("first-byte", b"\x92a: 1\n", (1, 1)),
    ("truncated-sequence", b"a: 1\nbb: \xe2\x80\n", (2, 5)),
]


@pytest.mark.parametrize(("raw", "position"), [e[1:] for e in ENCODING], ids=[e[0] for e in ENCODING])
def test_non_utf8_byte_is_reported_where_it_is(tmp_path: Path, raw: bytes, position: tuple[int, int]) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    loaded = load_file(path)
    assert codes(loaded) == [("file.encoding", *position)]
    assert loaded.findings[0].hint
    assert not loaded.parsed


@pytest.mark.parametrize("name", ["x.yaml", "x.json"])
def test_byte_order_mark_is_tolerated(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + (b'{"a": 1}\n' if name.endswith("json") else b"a: 1\n"))
    loaded = load_file(path)
    assert loaded.findings == []
    assert loaded.data == {"a": 1}
    assert loaded.positions["/a"] == ((1, 7) if name.endswith("json") else (1, 4))


@pytest.mark.parametrize("raw", [b"", b"  \n\n", b"\xef\xbb\xbf", b"\n"], ids=["nothing", "blank", "bom", "newline"])
@pytest.mark.parametrize("name", ["x.yaml", "x.json"])
def test_empty_file(tmp_path: Path, name: str, raw: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    loaded = load_file(path)
    assert codes(loaded) == [("file.empty", 1, 1)]
    assert not loaded.parsed


def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    loaded = load_file(tmp_path / "missing.yaml")
    assert [f.code for f in loaded.findings] == ["file.unreadable"]


# -- JSON ------------------------------------------------------------------------------


def test_json_syntax_error_has_line_and_column() -> None:
    loaded = load_text(JSON, '{"a": 1,\n "b": }\n')
    assert codes(loaded) == [("json.syntax", 2, 7)]
    assert not loaded.parsed


def test_json_syntax_error_counts_characters() -> None:
    loaded = load_text(JSON, '{"a": "é",\n "b": "é" "x"}')
    assert codes(loaded) == [("json.syntax", 2, 11)]


def test_json_syntax_error_at_end_of_file() -> None:
    assert codes(load_text(JSON, '{"a": 1')) == [("json.syntax", 1, 8)]


def test_json_two_values_is_a_syntax_error() -> None:
    assert codes(load_text(JSON, '{"a": 1}\n{"b": 2}')) == [("json.syntax", 2, 1)]


def test_json_too_deep_is_a_syntax_error() -> None:
    assert [f.code for f in load_text(JSON, "[" * 50000 + "]" * 50000).findings] == ["json.syntax"]


def test_json_duplicate_key_at_second_key() -> None:
    loaded = load_text(JSON, '{"a": 1,\n "a": 2}\n')
    assert codes(loaded) == [("yaml.duplicate-key", 2, 2)]
    assert loaded.data == {"a": 1}


JSON_DOC = '{\n  "a": {"b": [1, {"c": "é"}]},\n  "é": "ü", "x": 3\n}'


def test_json_positions() -> None:
    loaded = load_text(JSON, JSON_DOC)
    assert loaded.findings == []
    assert loaded.data == {"a": {"b": [1, {"c": "é"}]}, "é": "ü", "x": 3}
    assert loaded.positions == {
        "": (1, 1),
        "/a": (2, 8),
        "/a/b": (2, 14),
        "/a/b/0": (2, 15),
        "/a/b/1": (2, 18),
        "/a/b/1/c": (2, 24),
        "/é": (3, 8),
        "/x": (3, 18),
    }
    assert loaded.key_positions == {"/a": (2, 3), "/a/b": (2, 9), "/a/b/1/c": (2, 19), "/é": (3, 3), "/x": (3, 13)}


def test_json_with_tabs_and_crlf_keeps_positions() -> None:
    loaded = load_text(JSON, '{\r\n\t"a": 1,\r\n\t"b": [true]\r\n}')
    assert loaded.positions["/b/0"] == (3, 8)


def test_json_with_surrogate_pair_escape_keeps_positions() -> None:
    loaded = load_text(JSON, '{"a": "\\ud83d\\ude00",\n "b": 1}')
    assert loaded.data == {"a": "😀", "b": 1}
    assert loaded.positions.get("/b") == (2, 7)


# -- positions in YAML -------------------------------------------------------------------

YAML_DOC = """\
k: x
q: “vis-à-vis” and ‘x’
r: [a, é, “b”]
s:
  - t: é
    u: ü
f: {k: “vis-à-vis”, x: ü}
e: [😀, 😀😀, z]
a/b: {c~d: 1}
"""


def test_yaml_positions_count_characters_not_bytes() -> None:
    loaded = load_text(YAML, YAML_DOC)
    assert loaded.findings == []
    assert loaded.data["f"] == {"k": "“vis-à-vis”", "x": "ü"}
    expected = {
        "/k": (1, 4),
        "/q": (2, 4),
        "/r/1": (3, 8),
        "/r/2": (3, 11),
        "/s/0/t": (5, 8),
        "/s/0/u": (6, 8),
        "/f/k": (7, 8),
        "/f/x": (7, 24),  # after “vis-à-vis”: 11 characters, 19 bytes
        "/e/1": (8, 8),
        "/e/2": (8, 12),  # emoji are one code point each
        "/a~1b/c~0d": (9, 12),  # keys escaped as JSON pointer tokens
    }
    assert {p: loaded.positions[p] for p in expected} == expected
    keys = {"/k": (1, 1), "/s/0/t": (5, 5), "/s/0/u": (6, 5), "/f/x": (7, 21), "/a~1b/c~0d": (9, 7)}
    assert {p: loaded.key_positions[p] for p in keys} == keys


def test_locate_falls_back_to_nearest_ancestor() -> None:
    loaded = load_text(YAML, "a:\n  b:\n    - 1\n")
    assert loaded.locate("/a/b/0/missing/deeper") == (3, 7)
    assert loaded.locate("/nothing") == (1, 1)
    assert loaded.locate("/a/b", key=True) == (2, 3)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_positions_do_not_depend_on_line_endings(newline: str) -> None:
    loaded = load_text(YAML, "a: 1\nb:\n  - c: é\n    d: [x, y]\na: 2\n".replace("\n", newline))
    assert loaded.positions["/b/0/d/1"] == (4, 12)
    assert codes(loaded) == [("yaml.duplicate-key", 5, 1)]


def test_a_key_that_looks_like_an_internal_marker_is_kept() -> None:
    loaded = load_text(Path("x.yaml"), '"\\0discard": 1\nb: 2\n')
    assert loaded.findings == [] and loaded.data == {"\x00discard": 1, "b": 2}
