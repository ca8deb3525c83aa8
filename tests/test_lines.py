"""Line numbers as a person sees them in an editor: LF, CRLF and CR end a
line; U+0085, U+2028 and U+2029 do not (YAML 1.2), in YAML files and texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sscorpus.corpus.anchors import TextIndex
from sscorpus.corpus.lines import LineMap
from sscorpus.corpus.loading import load_file, load_text

YAML = Path("x.yaml")
JSON = Path("x.json")


def codes(loaded: object) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in loaded.findings]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        ("ab\ncd", 3, (2, 1)),
        ("ab\r\ncd", 4, (2, 1)),
        ("ab\r\ncd", 3, (1, 4)),  # the LF of a CRLF still belongs to line 1
        ("ab\rcd", 3, (2, 1)),
        ("ab\u2028cd", 3, (1, 4)),
        ("ab\u2029cd\x85e", 6, (1, 7)),
        ("a\n", 2, (2, 1)),
        ("", 0, (1, 1)),
    ],
)
def test_line_map(text: str, offset: int, expected: tuple[int, int]) -> None:
    assert LineMap(text).line_column(offset) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\r\u2028\x85é"), max_size=40), st.data())
def test_line_map_agrees_with_splitting_by_hand(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    # the LF of a CRLF ends the line the CR is on: count up to the CR
    upto = offset - 1 if text[offset - 1 : offset + 1] == "\r\n" else offset
    before = text[:upto].replace("\r\n", "\n").replace("\r", "\n")
    assert LineMap(text).line(offset) == before.count("\n") + 1


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "bb", "c-d"]),
            st.text(alphabet=st.sampled_from("xy é\u2028\u2029\x85“"), min_size=1, max_size=6).filter(
                lambda s: s.strip() == s and s[:1] not in "\u2028\u2029\x85"
            ),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda kv: kv[0],
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_positions_of_values_are_editor_lines(items: list[tuple[str, str]], newline: str) -> None:
    """Whatever the line ending, and with YAML 1.1 breaks inside values,
    the value on line n is reported on line n, and keeps its characters."""
    text = newline.join(f"{key}: {value}" for key, value in items) + newline
    loaded = load_text(YAML, text)
    assert loaded.findings == []
    assert loaded.data == dict(items)
    lines = LineMap(text)
    for n, (key, _) in enumerate(items, 1):
        assert loaded.positions[f"/{key}"] == (n, len(key) + 3)
        start = len(newline.join(f"{k}: {v}" for k, v in items[: n - 1]) + newline) if n > 1 else 0
        assert text.startswith(f"{key}: ", start) and lines.line(start) == n


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_yaml_1_1_line_breaks_are_ordinary_characters(char: str) -> None:
    """libyaml breaks lines at them: a valid YAML 1.2 file got a syntax error,
    or every later finding one line off."""
    text = f"quote: the end{char}of it\nkind: 1\nx: [1\n"
    loaded = load_text(YAML, text)
    assert codes(loaded) == [("yaml.syntax", 4, 1)]  # the unclosed flow list, at the end: line 4 of 3+1
    loaded = load_text(YAML, f"quote: the end{char}of it\nkind: {char}x\n")
    assert loaded.findings == []
    assert loaded.data == {"quote": f"the end{char}of it", "kind": f"{char}x"}
    assert loaded.positions["/kind"] == (2, 7)


def test_private_use_characters_of_the_file_survive_the_masking() -> None:
    text = "a: \ue000\u2028\ue001\nb: \ue002\x85\n"
    loaded = load_text(YAML, text)
    assert loaded.findings == []
    assert loaded.data == {"a": "\ue000\u2028\ue001", "b": "\ue002\x85"}


def test_cr_only_file_reports_the_editor_line() -> None:
    """A CR-only file reported 1:7949 for line 229."""
    body = "".join(f"k{i}: v\r" for i in range(228))
    loaded = load_text(YAML, body + "bad: [1, 2\r")
    assert codes(loaded) == [("yaml.syntax", 230, 1)]
    loaded = load_text(YAML, body + "x: as follows: y\r")
    assert codes(loaded) == [("yaml.syntax", 229, 14)]


def test_json_syntax_error_in_a_cr_only_file() -> None:
    loaded = load_text(JSON, '{\r"a": 1,\r"b": }\r')
    assert codes(loaded) == [("json.syntax", 3, 6)]


def test_encoding_error_line_in_a_crlf_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\r\nb: 2\rc: caf\xe9\r\n")
    assert codes(load_file(path)) == [("file.encoding", 3, 7)]


UNCLOSED = """\
document: mthembu-multilateralism
annotator: a
claims:
  - id: c1
    quote: "This has exposed a real weakness
    kind: evaluative
  - id: c2
    quote: "Developing countries have consistently argued"
    kind: descriptive
  - id: c3
    quote: plain text
    kind: descriptive
"""


def test_unclosed_quote_is_reported_where_it_opens() -> None:
    """libyaml fails lines below, with an indentation message; the quote that
    swallowed 'kind:' and the next items is the mistake."""
    loaded = load_text(YAML, UNCLOSED)
    assert codes(loaded) == [("yaml.syntax", 5, 12)]
    assert "not closed" in loaded.findings[0].message
    assert "indent" not in (loaded.findings[0].hint or "")


def test_a_legitimate_multi_line_quote_is_not_blamed() -> None:
    text = 'a: "one\n  two"\nb: [1\n'
    loaded = load_text(YAML, text)
    assert codes(loaded) == [("yaml.syntax", 4, 1)]


def test_quotes_inside_comments_and_plain_values_are_not_openers() -> None:
    text = "# it's here\na: India's\nb: [1\n"
    assert codes(load_text(YAML, text)) == [("yaml.syntax", 4, 1)]


def test_text_index_counts_lines_like_the_yaml_files() -> None:
    index = TextIndex("one\rtwo\u2028three\r\nfour")
    assert index.line_column(4) == (2, 1)
    assert index.line_column(8) == (2, 5)  # U+2028 is not a break
    assert index.line_of(16) == 3
