"""Edits to hand-written YAML: every value read back as written, comments and
line ends kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sscorpus.corpus.loading import load_text
from sscorpus.corpus.yamledit import EditError, replace_value, scalar

PATH = Path("t.yaml")


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\ufeff")))
def test_every_string_reads_back_as_itself(value: str) -> None:
    loaded = load_text(PATH, f"key: {scalar(value)}\n")
    assert loaded.findings == [] and loaded.data == {"key": value}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("South Africa", "South Africa"),
        ("no", '"no"'),  # YAML 1.1 would read false
        ("2024-09-12", '"2024-09-12"'),  # YAML 1.1 would read a date
        ("Talks: a new round", '"Talks: a new round"'),
        ("null", '"null"'),
        ("- a list?", '"- a list?"'),
        (12, "12"),
    ],
)
def test_plain_where_safe_quoted_otherwise(value: object, written: str) -> None:
    assert scalar(value) == written


def test_replace_value_keeps_comments_and_crlf_line_ends() -> None:
    text = "# a catalog\r\ndocuments:\r\n  - id: x\r\n    sha256: TODO  # fill in\r\n    characters: 3\r\n"
    loaded = load_text(PATH, text)
    edited = replace_value(text, loaded, "/documents/0/sha256", "ab" * 32)
    assert edited == text.replace("TODO", "ab" * 32)


def test_replace_value_needs_the_key_to_be_written() -> None:
    text = "documents:\n  - id: x\n"
    with pytest.raises(EditError):
        replace_value(text, load_text(PATH, text), "/documents/0/sha256", "x")
