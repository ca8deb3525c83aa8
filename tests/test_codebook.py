"""The codebook as a whole: the quick reference in front of the manual, rule
numbers that resolve, and the kinds the schemas must offer.

The examples themselves (every YAML block of the manual, every schema
example) are checked against the texts by test_examples.py; this file checks
what holds the manual together: a newcomer reads the quick reference first,
follows its rule numbers, and finds a kind for every entity the manual tells
them to register.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
GUIDELINES = REPO / "docs" / "guidelines.md"
README = REPO / "README.md"
SCHEMAS = REPO / "schemas"
REGISTRY = REPO / "annotations" / "registry.yaml"

#: one printed page, with some slack
PAGE = 100
#: a rule number ("2.5", "12.4") where it stands as one, not inside "$5.3" or "2020-12"
RULE = re.compile(r"(?<![\w.$/-])(\d{1,2}\.\d{1,2})(?![\w.]*\d)")
#: a section of the guidelines named by its number alone ("section 12")
SECTION = re.compile(r"\bsections? (\d{1,2})\b")
#: kinds the United Nations texts need (guidelines 2.6): the schemas must offer them
REQUIRED_KINDS = {"actor": {"organisation-body"}, "institution": {"agenda", "observance"}}
#: the sections of the guidelines: "## 1. Overview", "### 2.6 Bodies ..."
HEADING = re.compile(r"^(##|###) (\d{1,2}(?:\.\d{1,2})?)\.? ", flags=re.M)


def _guidelines() -> str:
    return GUIDELINES.read_text(encoding="utf-8")


def _headings(text: str) -> set[str]:
    return {number for _level, number in HEADING.findall(text)}


def _quick_reference(text: str) -> str:
    """The section titled 'Quick reference', up to the next section of the same level."""
    match = re.search(r"^## Quick reference\n(.*?)(?=^## )", text, flags=re.M | re.S)
    assert match, "the guidelines have no '## Quick reference' section"
    return match.group(1)


def _cited(text: str) -> set[str]:
    return set(RULE.findall(text)) | set(SECTION.findall(text))


def test_the_quick_reference_comes_before_the_rules_and_fits_on_a_page() -> None:
    text = _guidelines()
    first = re.search(r"^## (.+)$", text, flags=re.M)
    assert first and first.group(1) == "Quick reference"
    assert len(_quick_reference(text).strip().splitlines()) <= PAGE


def test_the_quick_reference_cites_every_section_of_rules() -> None:
    """The page is the decisions in order: each numbered section of rules is reached from it.

    Sections 9 to 11 (open points, consistency with the schemas, changes) hold no rules.
    """
    text = _guidelines()
    cited = _cited(_quick_reference(text))
    sections = {n for n in _headings(text) if "." not in n and int(n) not in (9, 10, 11)}
    reached = {n.split(".")[0] for n in cited}
    assert sections - reached == set()


def test_every_rule_number_the_guidelines_cite_exists() -> None:
    """A number in the quick reference or the prose ("(4.5)", "section 12") names a heading."""
    text = _guidelines()
    assert _cited(text) - _headings(text) == set()


def test_the_readme_cites_only_rules_that_exist() -> None:
    cited = set(re.findall(r"guidelines,? (?:rule |part |section )?(\d{1,2}(?:\.\d{1,2})?)\b", README.read_text()))
    assert cited, "the README cites no rule of the guidelines: the pattern is wrong"
    assert cited - _headings(_guidelines()) == set()


def test_the_rule_checks_catch_a_dangling_number() -> None:
    """The checks above can fail: a cited number that is no heading is found."""
    text = (
        "## Quick reference\n\nsee 2.1 and 4.9, and section 13; not $5.3 or 2020-12\n\n"
        "## 2. Registry\n\n### 2.1 Actors\n"
    )
    assert _cited(_quick_reference(text)) - _headings(text) == {"4.9", "13"}


def _kinds(name: str) -> list[str]:
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    kinds: list[str] = schema["properties"]["kind"]["enum"]
    return kinds


@pytest.mark.parametrize("name", sorted(REQUIRED_KINDS))
def test_the_schemas_have_the_kinds_the_un_texts_need(name: str) -> None:
    assert REQUIRED_KINDS[name] <= set(_kinds(name))


def _example_entities() -> list[dict[str, Any]]:
    """Registry entries of the registry, the schemas' examples and the guidelines' YAML blocks."""
    found: list[dict[str, Any]] = []
    registry = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", _guidelines(), flags=re.S)]
    for data in [registry, *blocks]:
        if isinstance(data, dict):
            for key in ("actors", "institutions"):
                found += data.get(key) or []
    for name in ("actor", "institution"):
        found += json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))["examples"]
    return found


@pytest.mark.parametrize("name", ["actor", "institution"])
def test_every_kind_has_an_entry_to_copy(name: str) -> None:
    """Each kind of actor and institution is shown by an entry: the registry's, or an example's."""
    shown = {entity.get("kind") for entity in _example_entities()}
    assert set(_kinds(name)) - shown == set()
