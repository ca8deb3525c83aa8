"""A seeded fuzz test of curate: random pairs of annotators (YAML or JSON,
their own ids), random gold files (indented by 0, 2 or 4, flow lists, empty
lists with comments, missing sections, ids that collide, Windows line ends, a
byte order mark, data after the disagreements block, JSON), then curate with
or without --merge. Every case holds: no traceback; nothing written but the
gold file; a written gold file validates, keeps what it had, and each item
it received marks the characters the first annotator's item marks (and
links the claims that mark the characters of that item's claims); a refusal
leaves the gold file as it was and says why with located findings.

``benchmarks/fuzz.py --mode curate`` runs more cases of the same generator.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

import sscorpus
from conftest import ESSAY, ESSAY_MENTIONS, TEXTS, CorpusDir, build_corpus, depth
from sscorpus.agreement.curate import SECTIONS, CurateError
from sscorpus.agreement.goldfile import Curated, write_gold
from sscorpus.authoring.locating import anchor_for
from sscorpus.codes import CODES
from sscorpus.corpus.anchors import TextIndex, collapse
from sscorpus.corpus.model import AnnotationFile, Evidence
from sscorpus.corpus.schemas import SchemaSet

# SSCORPUS_DEEP=1: the long run. The suite's 120 seeds reach what the first 200 reach: every branch of
# sscorpus that those reach (seeds 0-9 already do, measured with coverage's branch arcs case by case)
# and every scenario with every outcome (written, refused for a layout or a JSON gold file, a usage
# error), the last first met at seed 115 (a JSON gold file without --merge).
CASES = depth(120, 600)
Item = dict[str, Any]
Pieces = tuple[tuple[int, int], ...]


# PyYAML's safe loader and dumper through libyaml (written in C, as sscorpus reads YAML): the same
# data and, for every case of the generator, the same bytes as PyYAML's own Python ones, which
# took a sixth of each case.
def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)


def dump_yaml(data: Item) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)


def selector_pool(text: str, rng: random.Random, size: int = 40) -> list[Item]:
    """Anchors (quote and, where needed, occurrence or prefix) of random
    stretches of whole words of ``text``."""
    index = TextIndex(text)
    words = list(re.finditer(r"\S+", text))
    pool: list[Item] = []
    starts: set[int] = set()
    while len(pool) < size:
        i = rng.randrange(len(words) - 12)
        s, e = words[i].start(), words[i + rng.randint(0, 9)].end()
        found = [m for m in index.find_all(collapse(text[s:e])) if m.start == s]
        if found and s not in starts:
            starts.add(s)
            pool.append(dict(anchor_for(index, found[0])))
    return pool


MENTIONS: list[Item] = load_yaml(ESSAY_MENTIONS)["mentions"]
KINDS = ["descriptive", "causal", "evaluative", "predictive", "prescriptive"]
EVIDENCE_KINDS = ["event", "example", "cited-work", "document", "statistic"]
LINKS = [{"principle": "policy-space"}, {"institution": "wto"}, {"principle": "diffuse-reciprocity"}]
STANCES = ["endorses", "rejects", "neutral"]


def anchor(pool: list[Item], rng: random.Random, used: set[int]) -> Item:
    """A free anchor of the pool: one stretch, or now and then two in text order."""
    free = [i for i in range(len(pool)) if i not in used]
    first = rng.choice(free)
    used.add(first)
    if rng.random() < 0.2 and len(free) > 2:
        second = rng.choice([i for i in free if i != first])
        used.add(second)
        a, b = sorted((first, second), key=lambda n: POSITIONS[n])
        if POSITIONS[a][1] <= POSITIONS[b][0]:
            return {"pieces": [copy.deepcopy(pool[a]), copy.deepcopy(pool[b])]}
    return copy.deepcopy(pool[first])


#: the characters of each anchor of the pool (filled with the pool)
POSITIONS: list[tuple[int, int]] = []


def annotator_data(annotator: str, pool: list[Item], rng: random.Random) -> Item:
    used: set[int] = set()
    numbers = rng.sample(range(1, 9), 8)
    style = rng.choice(["c{}", "claim-{}", "c{}"])
    claims = []
    for n in range(rng.randint(0, 5)):
        claim: Item = {"id": style.format(numbers[n]), **anchor(pool, rng, used), "kind": rng.choice(KINDS)}
        if rng.random() < 0.3:
            claim["hedged"] = True
        links = rng.sample(LINKS, rng.randint(0, 2))
        if links:
            claim["about"] = [{**link, "stance": rng.choice(STANCES)} for link in links]
        if rng.random() < 0.2:
            claim["note"] = rng.choice(["a note: with a colon", "#not a comment", "yes", "  spaced  ", "é – “quoted”"])
        claims.append(claim)
    evidence = []
    ids = [c["id"] for c in claims]
    for n in range(rng.randint(0, 3) if ids else 0):
        item: Item = {"id": f"e{n + 1}", **anchor(pool, rng, used), "kind": rng.choice(EVIDENCE_KINDS)}
        linked = rng.sample(ids, rng.randint(1, min(2, len(ids))))
        if rng.random() < 0.3 and len(linked) > 1:
            item["supports"], item["challenges"] = linked[:1], linked[1:]
        else:
            item[rng.choice(["supports", "challenges"])] = linked
        evidence.append(item)
    data: Item = {"document": ESSAY, "annotator": annotator}
    mentions = [copy.deepcopy(m) for m in MENTIONS if rng.random() < 0.8]
    if mentions:
        data["mentions"] = mentions
    if rng.random() < 0.3:
        data["not_mentions"] = [{"quote": "South Africa", "occurrence": 2, "note": "the country as a place"}]
    if claims:
        data["claims"] = claims
    if evidence:
        data["evidence"] = evidence
    return data


def perturbed(data: Item, annotator: str, rng: random.Random) -> Item:
    """Another annotator's version: ids renumbered, codes changed, units dropped or added."""
    other = copy.deepcopy(data)
    other["annotator"] = annotator
    claims = other.get("claims", [])
    if rng.random() < 0.5:
        names = {c["id"]: f"k{n}" for c, n in zip(claims, rng.sample(range(1, 20), len(claims)), strict=True)}
        for claim in claims:
            claim["id"] = names[claim["id"]]
        for item in other.get("evidence", []):
            for relation in ("supports", "challenges"):
                if relation in item:
                    item[relation] = [names[c] for c in item[relation]]
    for section, kinds in (("claims", KINDS), ("evidence", EVIDENCE_KINDS)):
        for item in other.get(section, []):
            if rng.random() < 0.15:
                item["kind"] = rng.choice(kinds)
    if claims and rng.random() < 0.2:
        dropped = claims.pop(rng.randrange(len(claims)))["id"]
        for item in other.get("evidence", []):
            for relation in ("supports", "challenges"):
                if relation in item:
                    item[relation] = [c for c in item[relation] if c != dropped]
                    if not item[relation]:
                        del item[relation]
        other["evidence"] = [e for e in other.get("evidence", []) if "supports" in e or "challenges" in e]
    if other.get("mentions") and rng.random() < 0.3:
        other["mentions"].pop(rng.randrange(len(other["mentions"])))
    return {k: v for k, v in other.items() if v != []}


def flow(value: object) -> str:
    return json.dumps(value)  # JSON is YAML's flow style


def block_item(item: Item, dash: int, rng: random.Random) -> list[str]:
    if rng.random() < 0.15:
        return [f"{' ' * dash}- {flow(item)}"]
    content = dash + rng.choice([2, 2, 4])
    lines = [f"{' ' * content}{key}: {flow(value)}" for key, value in item.items()]
    return [f"{' ' * dash}-{' ' * (content - dash - 1)}{lines[0][content:]}", *lines[1:]]


@dataclass
class Gold:
    text: str
    suffix: str = ".yaml"
    #: whether curate may refuse it for its layout (a flow list with items)
    may_refuse: bool = False


def gold_text(data: Item, rng: random.Random) -> Gold:
    """``data`` written by hand, in one of the layouts people write."""
    dash = rng.choice([0, 2, 4])
    lines = [f"document: {ESSAY}", "annotator: gold"]
    if rng.random() < 0.3:
        lines.insert(0, "# adjudicated by hand")
    may_refuse = False
    later: list[str] = []
    for section in SECTIONS:
        items = data.get(section, [])
        out = later if rng.random() < 0.15 else lines
        if not items:
            choice = rng.random()
            if choice < 0.3:
                out.append(f"{section}: []")
            elif choice < 0.5:
                out.append(f"{section}: []   # to do")
            continue
        if rng.random() < 0.1:
            out.append(f"{section}: {flow(items)}")
            may_refuse = True
            continue
        out.append(f"{section}:" + ("  # decided" if rng.random() < 0.2 else ""))
        for item in items:
            out += block_item(item, dash, rng)
        if rng.random() < 0.2:
            out += ["", "# a comment after the list"]
    if later or rng.random() < 0.3:
        lines += ["", "# == Disagreements to adjudicate: 1 ==", "# 1. claim: kind: a / b", "#"]
    text = "\n".join([*lines, *later]) + "\n"
    if rng.random() < 0.15:
        text = text.replace("\n", "\r\n")
    if rng.random() < 0.1:
        text = "\ufeff" + text
    return Gold(text, may_refuse=may_refuse)


def gold_data(first: Item, second: Item, pool: list[Item], rng: random.Random) -> Item:
    """A gold layer an adjudicator may have written: some units of either
    annotator, under ids of its own that may be the annotators' ids for
    other characters, and a claim of its own."""
    units = [c for c in (*first.get("claims", []), *second.get("claims", [])) if rng.random() < 0.35]
    claims, seen = [], set()
    for claim in units:
        key = json.dumps({k: v for k, v in claim.items() if k in ("quote", "pieces", "occurrence", "prefix")})
        if key not in seen:
            seen.add(key)
            claims.append(copy.deepcopy(claim))
    if rng.random() < 0.5:
        claims.append({"id": "c1", **copy.deepcopy(rng.choice(pool)), "kind": "descriptive"})
    names = [c["id"] for c in first.get("claims", [])] + [f"c{n}" for n in range(1, 12)]
    for claim, name in zip(claims, rng.sample(list(dict.fromkeys(names)), len(claims)), strict=True):
        claim["id"] = name  # often the id an annotator gave other characters
    data: Item = {"document": ESSAY, "annotator": "gold", "claims": claims}
    if claims and first.get("evidence") and rng.random() < 0.5:
        item = copy.deepcopy(rng.choice(first["evidence"]))
        item.pop("challenges", None)
        item["supports"] = [rng.choice(claims)["id"]]
        data["evidence"] = [item]
    if first.get("mentions") and rng.random() < 0.5:
        data["mentions"] = first["mentions"][: rng.randint(1, len(first["mentions"]))]
    return {k: v for k, v in data.items() if v != []}


def write_annotator(corpus: CorpusDir, data: Item, rng: random.Random) -> None:
    folder = f"annotations/{data['annotator']}"
    for suffix in (".yaml", ".json"):
        corpus.path(f"{folder}/{ESSAY}{suffix}").unlink(missing_ok=True)
    if rng.random() < 0.25:
        corpus.write(f"{folder}/{ESSAY}.json", json.dumps(data, indent=rng.choice([None, 2]), ensure_ascii=False))
    else:
        corpus.write(f"{folder}/{ESSAY}.yaml", dump_yaml(data))


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".sscorpus-lock"
    }


@dataclass
class Outcome:
    written: bool = False
    refused: bool = False
    codes: list[str] = field(default_factory=list)


def spans(file: AnnotationFile, section: str) -> list[Pieces | None]:
    found: tuple[Any, ...] = getattr(file, section)
    return [a.span.pieces if a.span else None for a in found]


def links(file: AnnotationFile, evidence: Evidence) -> list[tuple[str, Pieces | None]]:
    claims = {c.id: c.span.pieces if c.span else None for c in file.claims}
    return sorted((relation, claims.get(ref.id)) for relation, ref in evidence.relations())


def run_case(corpus: CorpusDir, pool: list[Item], schemas: SchemaSet, seed: int) -> Outcome:
    """One random case, its rules asserted."""
    rng = random.Random(seed)
    gold_rel = f"annotations/gold/{ESSAY}"
    for suffix in (".yaml", ".json"):
        corpus.path(gold_rel + suffix).unlink(missing_ok=True)
    first = annotator_data("a", pool, rng)
    second = perturbed(first, "b", rng)
    write_annotator(corpus, first, rng)
    write_annotator(corpus, second, rng)
    scenario = rng.choice(["new", "merge-new", "curated", "curated", *["by-hand"] * 5, "json"])
    may_refuse = False
    if scenario == "curated":
        assert write_gold(corpus.root, ESSAY, ["a", "b"], schemas=schemas).written
        second = perturbed(first, "b", rng)
        write_annotator(corpus, second, rng)
        if rng.random() < 0.5:
            corpus.write(gold_rel + ".yaml", corpus.read(gold_rel + ".yaml") + "# after the block\n")
    elif scenario == "by-hand":
        gold = gold_text(gold_data(first, second, pool, rng), rng)
        corpus.write(gold_rel + ".yaml", gold.text.encode("utf-8"))
        may_refuse = gold.may_refuse
    elif scenario == "json":
        corpus.write(gold_rel + ".json", json.dumps(gold_data(first, second, pool, rng), indent=2))
    merge = scenario != "new" and (scenario == "merge-new" or rng.random() < 0.9)
    errors_before = sscorpus.check(corpus.root, schemas=schemas).report.errors
    before = snapshot(corpus.root)
    gold_path = next((p for p in corpus.root.glob(f"{gold_rel}.*")), corpus.path(gold_rel + ".yaml"))
    old = before.get(gold_path.relative_to(corpus.root).as_posix())
    outcome = Outcome()
    try:
        result = write_gold(corpus.root, ESSAY, ["a", "b"], merge=merge, schemas=schemas)
    except CurateError:
        assert old is not None and not merge, "only an existing gold file without --merge is a usage error"
        assert snapshot(corpus.root) == before
        outcome.refused = True
        return outcome
    after = snapshot(corpus.root)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed <= {result.path.relative_to(corpus.root).as_posix()}, changed
    if not result.written:
        assert changed == set()
        assert result.findings and all(f.code in CODES and f.path.is_absolute() for f in result.findings)
        assert errors_before or may_refuse or scenario == "json", [f.code for f in result.findings]
        outcome.refused, outcome.codes = True, [f.code for f in result.findings]
        return outcome
    assert not errors_before and scenario != "json"
    assert_written(corpus, schemas, result, old)
    outcome.written = True
    return outcome


def assert_written(corpus: CorpusDir, schemas: SchemaSet, result: Curated, old: bytes | None) -> None:
    checked = sscorpus.check(corpus.root, schemas=schemas)
    assert checked.report.errors == [], [(f.code, f.line, f.message) for f in checked.report.errors]
    files = {f.annotator: f for f in checked.corpus.files if f.document == ESSAY}
    gold, source = files["gold"], files["a"]
    new_data = load_yaml(result.path.read_bytes().decode("utf-8-sig"))
    old_data = load_yaml(old.decode("utf-8-sig")) if old is not None else {}
    assert {k: v for k, v in new_data.items() if k not in SECTIONS and k != "note"} == {
        k: v for k, v in old_data.items() if k not in SECTIONS and k != "note"
    } or old is None
    for section in SECTIONS:
        kept = old_data.get(section) or []
        assert (new_data.get(section) or [])[: len(kept)] == kept, f"{section}: the gold file's items changed"
        theirs = spans(source, section)
        for n, pieces in enumerate(spans(gold, section)[len(kept) :], len(kept)):
            assert pieces is not None and pieces in theirs, f"{section} {n} marks characters a did not mark"
            if section == "evidence":
                original = source.evidence[theirs.index(pieces)]
                assert links(gold, gold.evidence[n]) == links(source, original), "evidence links other claims"
    assert result.agreed == {s: len(new_data.get(s) or []) - len(old_data.get(s) or []) for s in SECTIONS}


@pytest.fixture(scope="module")
def fuzz_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CorpusDir, list[Item], SchemaSet]]:
    corpus = build_corpus(tmp_path_factory.mktemp("fuzz") / "corpus")
    yield corpus, make_pool(), SchemaSet(corpus.root / "schemas")


def make_pool() -> list[Item]:
    text = (TEXTS / f"{ESSAY}.txt").read_text(encoding="utf-8")
    pool = selector_pool(text, random.Random(0))
    index = TextIndex(text)
    POSITIONS.clear()
    for item in pool:
        found = index.find_all(item["quote"])
        match = found[item.get("occurrence", 1) - 1] if "prefix" not in item else None
        if match is None:
            match = next(m for m in found if collapse(text[: m.start]).endswith(item["prefix"]))
        POSITIONS.append((match.start, match.end))
    return pool


def test_curate_fuzz(fuzz_corpus: tuple[CorpusDir, list[Item], SchemaSet]) -> None:
    corpus, pool, schemas = fuzz_corpus
    outcomes = [run_case(corpus, pool, schemas, seed) for seed in range(CASES)]
    written = sum(o.written for o in outcomes)
    assert written >= CASES * 0.6, (written, [o.codes for o in outcomes if o.refused])
