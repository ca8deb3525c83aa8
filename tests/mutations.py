"""A seeded mutator of valid corpus files, for the fuzzing test and for
benchmarks/fuzz.py: values that the layers below the anchoring once let
through (floats for whole numbers, numbers too large for Python, quotes of
unusual whitespace, lookalikes, links and keys with line breaks...), put
where annotations are anchored, written as YAML (block or flow) or JSON.

It needs only a ``random.Random``, so a script can run thousands of inputs
from a seed and a Hypothesis test can draw the Random.
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Raw:
    """A token written into the file as it is (``1e3``, ``5.0``, 5,000 digits)."""

    token: str


BIG = Raw("9" * 4301)
SELECTOR_FIELDS = ["quote", "occurrence", "prefix", "suffix", "start", "end"]
NUMBERS: list[Any] = [
    Raw("5.0"),
    Raw("99.0"),
    Raw("1e3"),
    Raw("-0.0"),
    Raw("1.5"),
    Raw("1E0"),
    BIG,
    Raw("-" + BIG.token),
    -1,
    0,
    1,
    2,
    7,
    10_799,
    2**64,
    True,
    False,
    None,
]
TEXTS: list[Any] = [
    "",
    " ",
    "\t",
    "\x1c",
    "\x1d\x1e\x1f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u3000",
    "\ufeff",
    "\u200b",
    "\x85South Africa\x1c",
    "South\u2028Africa",
    "South Africa",
    "the",
    "of",
    ".",
    "-",
    "“",
    "\\",
    unicodedata.normalize("NFD", "vis-à-vis the North"),
    "vis-a-vis the North",
    "This has exposed a real weakness",
    "x" * 5000,
    "South Africa " * 300,
    "a\nb: c",
    "key: value",
    "- item",
    "'",
    '"',
    "#",
    "&a",
    "*a",
    "!!str",
    [],
    {},
    ["x"],
    {"a": 1},
]


def _random_text(rng: random.Random, source: str) -> str:
    """A slice of the document, maybe with one character changed."""
    start = rng.randrange(max(1, len(source) - 1))
    piece = source[start : start + rng.choice([1, 3, 12, 40, 200, 2000])]
    if piece and rng.random() < 0.5:
        i = rng.randrange(len(piece))
        piece = piece[:i] + rng.choice("xé’\x85\u2028 ") + piece[i + 1 :]
    return piece


def value(rng: random.Random, field: str, source: str) -> Any:
    if field in ("occurrence", "start", "end"):
        return rng.choice(NUMBERS + TEXTS[:4]) if rng.random() < 0.9 else rng.choice(TEXTS)
    if rng.random() < 0.4:
        return _random_text(rng, source)
    return rng.choice(TEXTS + NUMBERS[:7])


def mutate_annotations(data: dict[str, Any], rng: random.Random, source: str) -> dict[str, Any]:
    """One to three selector fields of the file's annotations (or of their
    pieces) set to adversarial values; sometimes a key with a line break."""
    places: list[dict[str, Any]] = []
    for key in ("mentions", "claims", "evidence", "not_mentions"):
        for item in data.get(key) or []:
            places.append(item)
            places.extend(item.get("pieces") or [])
    for _ in range(rng.randint(1, 3)):
        if not places:
            break
        place = rng.choice(places)
        roll = rng.random()
        if roll < 0.05:
            place["note\nannotations/a/x.yaml:1:1: error[fake.finding] injected"] = "x"
        elif roll < 0.1:
            place.pop("quote", None)
        else:
            field = rng.choice(SELECTOR_FIELDS)
            place[field] = value(rng, field, source)
    return data


def mutate_catalog(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    document = rng.choice(data["documents"])
    field = rng.choice(["characters", "characters", "text", "sha256"])
    document[field] = rng.choice([Raw("1716.0"), Raw("19028.0"), BIG, -1, 0, "x.txt", "../secret.txt", None, 3.5])
    return data


def mutate_registry(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    institutions = data.get("institutions") or []
    if institutions:
        rng.choice(institutions)["founded"] = rng.choice([BIG, Raw("1995.0"), Raw("2e3"), -5, "1995"])
    return data


def dump(data: Any, style: str, indent: int = 0, *, ascii: bool = True) -> str:
    """``data`` as ``style`` ("block" YAML, "flow" YAML, or "json"), with Raw
    tokens as they are; with ``ascii`` False, U+0085, U+2028... stand raw in the file."""
    if style != "block" or not isinstance(data, dict | list) or not data:
        return _flow(data, style == "json", ascii)
    pad = "  " * indent
    lines: list[str] = []
    items = data.items() if isinstance(data, dict) else ((None, v) for v in data)
    for key, item in items:
        head = f"{pad}{json.dumps(key, ensure_ascii=ascii)}:" if key is not None else f"{pad}-"
        if isinstance(item, dict | list) and item:
            lines.append(head)
            lines.append(dump(item, style, indent + 1, ascii=ascii))
        else:
            lines.append(f"{head} {_flow(item, False, ascii)}")
    return "\n".join(lines)


def _flow(data: Any, pretty: bool, ascii: bool) -> str:
    if isinstance(data, Raw):
        return data.token
    if isinstance(data, dict):
        inner = ", ".join(f"{json.dumps(k, ensure_ascii=ascii)}: {_flow(v, pretty, ascii)}" for k, v in data.items())
        return "{" + ("\n" if pretty else "") + inner + "}"
    if isinstance(data, list):
        return "[" + ", ".join(_flow(v, pretty, ascii) for v in data) + "]"
    return json.dumps(data, ensure_ascii=ascii)
