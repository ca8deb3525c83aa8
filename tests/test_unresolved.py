"""Every annotation resolves to offsets or has a finding: values that JSON
Schema or the schema's patterns let through, and the anchoring could not use,
are findings where they are written (issue 12, items 1 and 2)."""

from __future__ import annotations

import json
import re
import sys

import jsonschema_rs
import pytest

from conftest import CATALOG_FILE, ESSAY, ESSAY_FILE, ESSAY_HEAD, REGISTRY_FILE, CorpusDir
from sscorpus.corpus.anchors import collapse
from sscorpus.corpus.schemas import NOT_BLANK

QUOTE = "This has exposed a real weakness in the multilateralism system"


def claim(extra: str, quote: str = QUOTE) -> str:
    return ESSAY_HEAD + f"claims:\n  - id: c1\n    quote: {quote}\n{extra}    kind: evaluative\n"


def brief_length(corpus: CorpusDir) -> int:
    """The brief's length as its catalog entry gives it (the catalog is the real one)."""
    from conftest import BRIEF

    return len(corpus.path(f"texts/{BRIEF}.txt").read_text(encoding="utf-8"))


def errors(corpus: CorpusDir) -> set[tuple[str, str, int, int]]:
    return corpus.located(corpus.check().report.errors)


@pytest.mark.parametrize(
    ("extra", "line", "column"),
    [
        ("    start: 5.0\n", 6, 12),
        ("    end: 5.0\n", 6, 10),
        ("    occurrence: 99.0\n", 6, 17),
        ("    start: 1e3\n", 6, 12),
        ("    occurrence: 1E0\n", 6, 17),
        ("    start: -0.0\n", 6, 12),
    ],
)
def test_a_whole_number_written_as_a_float_is_a_type_error(
    corpus: CorpusDir, extra: str, line: int, column: int
) -> None:
    corpus.write(ESSAY_FILE, claim(extra))
    assert ("schema.type", ESSAY_FILE, line, column) in errors(corpus)


def test_float_offsets_in_json_files_too(corpus: CorpusDir) -> None:
    corpus.remove(ESSAY_FILE)
    data = {
        "document": "mthembu-multilateralism",
        "annotator": "a",
        "claims": [{"id": "c1", "quote": QUOTE, "start": 5.0, "kind": "evaluative"}],
    }
    rel = ESSAY_FILE.replace(".yaml", ".json")
    corpus.write(rel, json.dumps(data, indent=1))
    found = {(code, path) for code, path, _, _ in errors(corpus)}
    assert ("schema.type", rel) in found


def test_catalog_length_given_as_a_float_is_a_type_error(corpus: CorpusDir) -> None:
    """``characters: 1716.0`` skipped the length check."""
    length = brief_length(corpus)
    corpus.edit(CATALOG_FILE, f"characters: {length}\n", f"characters: {length}.0\n")
    line = corpus.read(CATALOG_FILE).splitlines().index(f"    characters: {length}.0") + 1
    assert errors(corpus) == {("schema.type", CATALOG_FILE, line, 17)}


@pytest.mark.parametrize("blank", ["\\x1c", "\\x1d\\x1e\\x1f", "\\x85", " \\x85 \\x1c", "\\u2028\\u3000"])
@pytest.mark.parametrize("field", ["quote", "prefix", "suffix"])
def test_a_quote_of_unusual_whitespace_is_blank(corpus: CorpusDir, field: str, blank: str) -> None:
    """Python's str.isspace (and so the anchoring) takes U+001C-U+001F and
    U+0085 for whitespace; the schema's pattern now does too."""
    text = claim("", quote=f'"{blank}"') if field == "quote" else claim(f'    {field}: "{blank}"\n')
    corpus.write(ESSAY_FILE, text)
    assert errors(corpus) == {
        ("schema.blank", ESSAY_FILE, 5 if field == "quote" else 6, 12 if field == "quote" else 4 + len(field) + 3)
    }


def test_the_schema_and_the_anchoring_agree_on_every_character() -> None:
    """One notion of whitespace: what the quote pattern refuses alone is
    exactly what the anchoring collapses to nothing, in Python's regex engine
    and in Rust's (the fast pass)."""
    fast = jsonschema_rs.validator_for({"type": "string", "pattern": NOT_BLANK})
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        blank = not collapse(char)
        assert (re.search(NOT_BLANK, char) is None) == blank, hex(code)
        if blank or code % 97 == 0:  # Rust's engine on every blank and a spread of the rest
            assert fast.is_valid(char) is not blank, hex(code)


def test_the_shipped_schemas_use_the_pattern() -> None:
    from conftest import SCHEMAS

    common = json.loads((SCHEMAS / "common.schema.json").read_text(encoding="utf-8"))
    for name in ("quote", "prefix", "suffix"):
        assert common["$defs"][name]["pattern"] == NOT_BLANK


BIG = "9" * 4301


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        (REGISTRY_FILE, "founded: 1995", f"founded: {BIG}"),
        (CATALOG_FILE, "characters: BRIEF\n", f"characters: {BIG}\n"),
        (CATALOG_FILE, "characters: BRIEF\n", f"characters: -{BIG}\n"),
    ],
)
def test_a_number_too_large_for_python_is_a_finding_not_a_traceback(
    corpus: CorpusDir, rel: str, old: str, new: str
) -> None:
    corpus.edit(rel, old.replace("BRIEF", str(brief_length(corpus))), new)
    found = corpus.check().report.errors
    assert [(f.code, corpus.located([f]).pop()[1]) for f in found] == [("file.number-too-large", rel)]
    assert "4,301 digits" in found[0].message


def test_a_number_too_large_hides_no_other_finding(corpus: CorpusDir) -> None:
    """It was an internal.error that hid every other finding of the file."""
    corpus.write(
        ESSAY_FILE,
        claim(f"    start: {BIG}\n") + "  - id: c2\n    quote: not in the text at all\n    kind: evaluative\n",
    )
    assert errors(corpus) == {("file.number-too-large", ESSAY_FILE, 6, 12), ("anchor.not-found", ESSAY_FILE, 9, 12)}


def test_a_number_too_large_in_json(corpus: CorpusDir) -> None:
    corpus.remove(ESSAY_FILE)
    rel = ESSAY_FILE.replace(".yaml", ".json")
    corpus.write(
        rel,
        '{"document": "mthembu-multilateralism", "annotator": "a",\n'
        f' "claims": [{{"id": "c1", "quote": "{QUOTE}", "start": {BIG}, "kind": "evaluative"}}]}}\n',
    )
    codes = {code for code, _, _, _ in errors(corpus)}
    assert codes == {"file.number-too-large"}


def test_the_largest_readable_number_is_read(corpus: CorpusDir) -> None:
    corpus.write(ESSAY_FILE, claim(f"    start: {'9' * 4300}\n"))
    assert {code for code, _, _, _ in errors(corpus)} == {"anchor.offsets-mismatch"}


def test_a_validator_message_that_quotes_a_long_value_is_bounded(corpus: CorpusDir) -> None:
    long = "x" * 20_000
    corpus.edit(REGISTRY_FILE, "    scope: global\n", f"    scope: global\n    aliases: [{long}, {long}]\n")
    # (the two aliases joined are also longer than a workbook cell: export.excel-text)
    found = [f for f in corpus.check().report.errors if f.code.startswith("schema.")]
    assert [f.code for f in found] == ["schema.unique-items"]
    assert len(found[0].message) <= 300 and "characters in all" in found[0].message


def test_the_headings_listed_for_an_unknown_section_are_capped(
    corpus: CorpusDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sscorpus.corpus import catalog
    from sscorpus.corpus.structure import TextStructure

    monkeypatch.setattr(catalog, "LISTED_HEADINGS", 2)
    corpus.edit(CATALOG_FILE, "      - section: References\n", "      - section: Nowhere\n")
    [problem] = corpus.check().report.errors
    assert problem.code == "catalog.unknown-section"
    headings = TextStructure(corpus.read(f"texts/{ESSAY}.txt")).headings
    assert len(headings) > 2
    assert problem.hint is not None and problem.hint.endswith(f" and {len(headings) - 2} more")
