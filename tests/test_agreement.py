"""Agreement of annotators on a corpus built in a temporary folder: annotator
``b``'s file is ``a``'s with known changes (two kinds changed, two claims
deleted, one stance flipped), so every figure and every disagreement is
known in advance."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import krippendorff
import pytest

from conftest import ESSAY, ESSAY_MENTIONS, REPO, CorpusDir
from sscorpus.agreement.disagreements import disagreements
from sscorpus.agreement.measure import ALL_DOCUMENTS, VARIABLES, Agreement, Result, agree
from sscorpus.agreement.report import agreement_rows, disagreement_rows
from sscorpus.dataset.tables import TABLES

# quotes of six consecutive sentences of the essay, c1 to c6 in text order
C1 = (
    "Given the lack of international cooperation witnessed during the COVID-19 pandemic, a growing number of "
    "actors are questioning the state of multilateral order"
)
C2 = (
    "This has been quite evident as countries such as South Africa and India have raised their voices and taken "
    "diplomatic efforts against vaccine nationalism"
)
C3 = "This has exposed a real weakness in the multilateralism system"
C4 = "The broader effect of this lack of cooperation has been to serve immediate interests of some countries"
C5 = "Indeed, the short sighted strategies of countries and corporations in the Global North"
C6 = "The experiences of COVID-19 point out towards the deviations between what multilateral institutions"
E1 = "the lack of international cooperation witnessed during the COVID-19 pandemic"
E2 = "efforts to block a waiver of certain sections of the TRIPS Agreement"

A_FILE = f"""\
document: {ESSAY}
annotator: a
{ESSAY_MENTIONS}claims:
  - id: c1
    quote: {C1}
    kind: descriptive
    about:
      - institution: wto
        stance: endorses
  - id: c2
    quote: {C2}
    kind: descriptive
    about:
      - actor: south-africa
        stance: endorses
  - id: c3
    quote: {C3}
    kind: causal
    about:
      - principle: policy-space
        stance: neutral
  - id: c4
    quote: {C4}
    kind: evaluative
    about:
      - principle: diffuse-reciprocity
        stance: rejects
  - id: c5
    quote: {C5}
    kind: evaluative
    about:
      - principle: policy-space
        stance: rejects
  - id: c6
    quote: {C6}
    kind: prescriptive
evidence:
  - id: e1
    quote: {E1}
    kind: event
    supports: [c1, c6]
  - id: e2
    quote: {E2}
    kind: event
    supports: [c2, c3]
"""


def changed(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def b_file() -> str:
    """a's file with known changes."""
    text = changed(A_FILE, "annotator: a", "annotator: b")
    text = changed(text, f"{C2}\n    kind: descriptive", f"{C2}\n    kind: evaluative")  # kind changed
    text = changed(text, f"{C5}\n    kind: evaluative", f"{C5}\n    kind: descriptive")  # kind changed
    text = changed(
        text,
        f"""  - id: c3
    quote: {C3}
    kind: causal
    about:
      - principle: policy-space
        stance: neutral
""",
        "",
    )  # deleted
    text = changed(
        text,
        f"""  - id: c6
    quote: {C6}
    kind: prescriptive
""",
        "",
    )  # deleted
    text = changed(text, "wto\n        stance: endorses", "wto\n        stance: rejects")  # stance flipped
    text = changed(text, "supports: [c1, c6]", "supports: [c1]")
    return changed(text, "supports: [c2, c3]", "supports: [c2]")


A_PATH = f"annotations/a/{ESSAY}.yaml"
B_PATH = f"annotations/b/{ESSAY}.yaml"


@pytest.fixture
def two(corpus: CorpusDir) -> CorpusDir:
    corpus.write(A_PATH, A_FILE)
    corpus.write(B_PATH, b_file())
    checked = corpus.check()
    assert checked.report.errors == []
    return corpus


def line_of(text: str, needle: str, after: str = "") -> int:
    """1-based line of the first ``needle`` after ``after`` in ``text``."""
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def figure(
    agreement: Agreement, type_: str, variable: str, measure: str, rule: str = "exact", scope: str = ALL_DOCUMENTS
) -> Result:
    found = [
        r
        for r in agreement.results
        if (r.scope, r.type, r.variable, r.measure, r.matching) == (scope, type_, variable, measure, rule)
    ]
    assert len(found) == 1, (type_, variable, measure, rule, scope)
    return found[0]


def test_unitizing_f1_of_the_changed_copy(two: CorpusDir) -> None:
    result = agree(two.check().corpus, ["a", "b"])
    assert result.documents == (ESSAY,)  # the brief has no file of b: not compared
    for rule in ("exact", "overlap"):
        # 6 claims of a, 4 of b, all 4 matched: P = 4/4, R = 4/6, F1 = 2*4/10
        precision = figure(result, "claim", "units", "precision", rule)
        recall = figure(result, "claim", "units", "recall", rule)
        f1 = figure(result, "claim", "units", "f1", rule)
        assert (precision.figure.value, precision.figure.n, precision.matched) == (1.0, 4, 4)
        assert recall.figure.value == pytest.approx(4 / 6) and recall.figure.n == 6
        assert f1.figure.value == pytest.approx(0.8) and f1.figure.n == 10
        assert figure(result, "evidence", "units", "f1", rule).figure.value == 1.0
        assert figure(result, "mention", "units", "f1", rule).figure.value == 1.0
        # the per-document figures are the same as the pooled ones with one document
        assert figure(result, "claim", "units", "f1", rule, scope=ESSAY).figure == f1.figure


def test_kind_agreement_equals_the_krippendorff_package_and_hand_computation(two: CorpusDir) -> None:
    result = agree(two.check().corpus, ["a", "b"])
    # the matched claims c1, c2, c4, c5
    a_kinds = ["descriptive", "descriptive", "evaluative", "evaluative"]
    b_kinds = ["descriptive", "evaluative", "evaluative", "descriptive"]
    domain = sorted(set(a_kinds + b_kinds))
    data = [[domain.index(k) for k in a_kinds], [domain.index(k) for k in b_kinds]]
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    alpha = figure(result, "claim", "kind", "alpha")
    assert alpha.figure.value == pytest.approx(expected)
    # by hand: n = 8 values, 4 and 4; two disagreeing units: alpha = 1 - 7 * 4 / (2 * 4 * 4)
    assert alpha.figure.value == pytest.approx(1 - 28 / 32)
    assert alpha.figure.n == 4
    # p_o = 1/2, p_e = (2*2 + 2*2) / 16 = 1/2: kappa 0
    assert figure(result, "claim", "kind", "kappa").figure.value == pytest.approx(0.0)
    assert figure(result, "claim", "kind", "agreement").figure.value == pytest.approx(0.5)


def test_links_stance_and_targets(two: CorpusDir) -> None:
    result = agree(two.check().corpus, ["a", "b"])
    # every matched claim links the same target: 4 of 4
    target = figure(result, "claim", "about-target", "f1")
    assert (target.figure.value, target.matched) == (1.0, 4)
    # stances a: endorses endorses rejects rejects; b: rejects endorses rejects rejects
    stance = figure(result, "claim", "about-stance", "alpha")
    assert stance.figure.value == pytest.approx(1 - 7 * 2 / (2 * 3 * 5))
    assert stance.figure.value == pytest.approx(
        krippendorff.alpha(reliability_data=[[0, 0, 1, 1], [1, 0, 1, 1]], level_of_measurement="nominal")
    )
    assert figure(result, "claim", "about-stance", "kappa").figure.value == pytest.approx(0.5)
    # links to the deleted claims c3 and c6 are left out: e1 -> c1 and e2 -> c2 remain, alike
    claims = figure(result, "evidence", "claims-target", "f1")
    assert (claims.figure.value, claims.matched) == (1.0, 2)


def test_undefined_figures_say_why(two: CorpusDir) -> None:
    result = agree(two.check().corpus, ["a", "b"])
    for variable in ("hedged", "speaker"):  # nobody hedged; every speaker is the author
        for measure in ("alpha", "kappa"):
            found = figure(result, "claim", variable, measure).figure
            assert found.value is None and "one category" in found.note and found.n == 4
    relation = figure(result, "evidence", "claims-relation", "alpha").figure
    assert relation.value is None and "supports" in relation.note


def test_the_disagreement_list(two: CorpusDir) -> None:
    corpus = two.check().corpus
    a_text, b_text = two.read(A_PATH), two.read(B_PATH)
    found = disagreement_rows(disagreements(corpus, "a", "b"), two.root)
    got = [
        (r["type"], r["what"], r["id_1"], r["value_1"], r["where_1"], r["id_2"], r["value_2"], r["where_2"])
        for r in found
    ]

    def a_at(needle: str, after: str = "") -> str:
        return f"{A_PATH}:{line_of(a_text, needle, after)}"

    def b_at(needle: str, after: str = "") -> str:
        return f"{B_PATH}:{line_of(b_text, needle, after)}"

    assert got == [
        (
            "claim",
            "about wto",
            "c1",
            "endorses",
            a_at("- institution: wto", "id: c1"),
            "c1",
            "rejects",
            b_at("- institution: wto", "id: c1"),
        ),
        ("claim", "kind", "c2", "descriptive", a_at("- id: c2"), "c2", "evaluative", b_at("- id: c2")),
        ("claim", "unit", "c3", f"{found[2]['value_1']}", a_at("- id: c3"), None, None, None),
        ("claim", "kind", "c5", "evaluative", a_at("- id: c5"), "c5", "descriptive", b_at("- id: c5")),
        ("claim", "unit", "c6", f"{found[4]['value_1']}", a_at("- id: c6"), None, None, None),
    ]
    # an unmatched unit's value is its offsets and quote
    text = two.read(f"texts/{ESSAY}.txt")
    start = text.index(C3)
    assert found[2]["value_1"] == f"{start}:{start + len(C3)} '{C3}'"
    assert all(r["doc_id"] == ESSAY and (r["annotator_1"], r["annotator_2"]) == ("a", "b") for r in found)


def test_a_span_cut_differently_is_one_disagreement(two: CorpusDir) -> None:
    shorter = C4[: -len(" of some countries")]
    two.edit(B_PATH, C4, shorter)
    corpus = two.check().corpus
    result = agree(corpus, ["a", "b"])
    assert figure(result, "claim", "units", "f1", "exact").figure.value == pytest.approx(2 * 3 / 10)
    assert figure(result, "claim", "units", "f1", "overlap").figure.value == pytest.approx(0.8)
    spans = [d for d in disagreements(corpus, "a", "b") if d.what == "span"]
    assert [(d.first.id, d.second.id) for d in spans] == [("c4", "c4")]


def test_three_annotators_all_together(two: CorpusDir) -> None:
    two.write(f"annotations/c/{ESSAY}.yaml", changed(A_FILE, "annotator: a", "annotator: c"))
    result = agree(two.check().corpus, ["a", "b", "c"])
    assert {r.annotators for r in result.results} == {("a", "b"), ("a", "c"), ("b", "c"), ("a", "b", "c")}
    alpha = figure_of(result, ("a", "b", "c"), "kind")
    # joint units: c1..c6 of a and c; b has no c3, c6
    nan = math.nan
    kinds = ["causal", "descriptive", "evaluative", "prescriptive"]
    a: list[float] = [1, 1, 0, 2, 2, 3]
    b: list[float] = [1, 2, nan, 2, 1, nan]
    assert alpha.figure.n == 6
    assert alpha.figure.value == pytest.approx(
        krippendorff.alpha(reliability_data=[a, b, a], value_domain=range(len(kinds)), level_of_measurement="nominal")
    )
    # kappa is pairwise only
    assert not [r for r in result.results if r.annotators == ("a", "b", "c") and r.measure == "kappa"]
    assert figure_of(result, ("a", "c"), "kind").figure.value == 1.0


def figure_of(agreement: Agreement, annotators: tuple[str, ...], variable: str) -> Result:
    found = [
        r
        for r in agreement.results
        if r.annotators == annotators
        and r.variable == variable
        and r.type == "claim"
        and r.measure == "alpha"
        and r.matching == "exact"
        and r.scope == ALL_DOCUMENTS
    ]
    assert len(found) == 1
    return found[0]


def test_agreement_rows_have_the_documented_columns(two: CorpusDir) -> None:
    corpus = two.check().corpus
    rows = agreement_rows(agree(corpus, ["a", "b"]))
    names = TABLES["agreement"].column_names
    assert rows and all(list(row) == names for row in rows)
    for row in rows:
        assert (row["value"] is None) == (row["note"] is not None)
        assert (row["matched"] is not None) == (row["measure"] in ("precision", "recall", "f1"))
    assert {(row["type"], row["variable"]) for row in rows} == set(VARIABLES)
    f1 = [
        r
        for r in rows
        if (r["doc_id"], r["type"], r["variable"], r["measure"], r["matching"])
        == (ALL_DOCUMENTS, "claim", "units", "f1", "exact")
    ]
    assert [(r["annotators"], r["value"], r["n"], r["matched"]) for r in f1] == [("a | b", pytest.approx(0.8), 10, 4)]
    disagreement = disagreement_rows(disagreements(corpus, "a", "b"), two.root)
    assert disagreement and all(list(row) == TABLES["disagreements"].column_names for row in disagreement)
    for table in ("agreement", "disagreements"):
        assert all(c.type in ("string", "integer", "number") and c.description for c in TABLES[table].columns)


def test_identical_annotations_agree_fully(corpus: CorpusDir) -> None:
    corpus.write(A_PATH, A_FILE)
    corpus.write(B_PATH, changed(A_FILE, "annotator: a", "annotator: b"))
    checked = corpus.check()
    result = agree(checked.corpus, ["a", "b"])
    for r in result.results:
        assert r.figure.value is None or r.figure.value == pytest.approx(1.0), r
    assert disagreements(checked.corpus, "a", "b") == []


# -- the real annotation of annotator a, copied under another annotator with known changes --------

KINDS = ("descriptive", "causal", "evaluative", "predictive", "prescriptive")


def _block(text: str, claim_id: str) -> str:
    """The lines of one claim in an annotation file written as the corpus writes them."""
    start = text.index(f"\n  - id: {claim_id}\n") + 1
    ends = [i for i in (text.find("\n  - id: ", start + 1), text.find("\nevidence:", start)) if i != -1]
    return text[start : min(ends) + 1]


def test_a_copy_of_the_real_file_with_known_changes(tmp_path: Path) -> None:
    source = REPO / "annotations" / "a" / f"{ESSAY}.yaml"
    root = tmp_path / "real"
    for name in ("texts", "schemas"):
        shutil.copytree(REPO / name, root / name)
    (root / "annotations" / "a").mkdir(parents=True)
    shutil.copyfile(REPO / "annotations" / "registry.yaml", root / "annotations" / "registry.yaml")
    shutil.copyfile(source, root / A_PATH)
    copy = CorpusDir(root)
    original = copy.check()
    assert original.report.errors == []
    a_file = next(f for f in original.corpus.files if f.annotator == "a")
    claims = {c.id: c for c in a_file.claims}
    referenced = {ref.id for e in a_file.evidence for _, ref in e.relations()}
    free = [c.id for c in a_file.claims if c.id is not None and c.id not in referenced]
    deleted, rest = free[:2], [c for c in a_file.claims if c.id not in free[:2]]
    recoded = [c.id for c in rest[:2] if c.id is not None]
    assert len(deleted) == 2 and len(recoded) == 2
    flipped = next(c for c in rest[2:] if any(link.stance == "endorses" for link in c.about))
    link = next(link for link in flipped.about if link.stance == "endorses")

    text = changed(copy.read(A_PATH), "annotator: a", "annotator: b")
    new_kinds = {}
    for claim_id in recoded:
        old_kind = claims[claim_id].kind
        new_kinds[claim_id] = next(k for k in KINDS if k != old_kind)
        block = _block(text, claim_id)
        text = changed(text, block, changed(block, f"    kind: {old_kind}\n", f"    kind: {new_kinds[claim_id]}\n"))
    block = _block(text, str(flipped.id))
    target = f"{link.target.expected}: {link.target.id}\n        stance: "
    text = changed(text, block, changed(block, target + "endorses", target + "rejects"))
    for claim_id in deleted:
        text = changed(text, _block(text, claim_id), "")
    copy.write(B_PATH, text)
    checked = copy.check()
    assert checked.report.errors == []

    result = agree(checked.corpus, ["a", "b"])
    n = len(claims)
    f1 = figure(result, "claim", "units", "f1")
    assert f1.figure.value == pytest.approx(2 * (n - 2) / (2 * n - 2)) and f1.matched == n - 2
    assert figure(result, "claim", "units", "precision").figure.value == 1.0
    assert figure(result, "claim", "units", "recall").figure.value == pytest.approx((n - 2) / n)
    # the kinds of the matched claims, as the krippendorff package takes them
    a_kinds = [c.kind for c in rest]
    b_kinds = [new_kinds.get(str(c.id), c.kind) for c in rest]
    data = [[KINDS.index(str(k)) for k in a_kinds], [KINDS.index(str(k)) for k in b_kinds]]
    alpha = figure(result, "claim", "kind", "alpha")
    assert alpha.figure.n == n - 2
    assert alpha.figure.value == pytest.approx(
        krippendorff.alpha(reliability_data=data, value_domain=range(len(KINDS)), level_of_measurement="nominal")
    )
    found = disagreements(checked.corpus, "a", "b")
    assert sorted((d.what, d.first.id, d.second.id) for d in found) == sorted(
        [
            *(("unit", claim_id, None) for claim_id in deleted),
            *(("kind", claim_id, claim_id) for claim_id in recoded),
            (f"about {link.target.id}", flipped.id, flipped.id),
        ]
    )


def test_evidence_links_and_speakers_that_differ(two: CorpusDir) -> None:
    two.edit(B_PATH, "supports: [c2]", "supports: [c2, c4]")
    two.edit(B_PATH, f"{C4}\n    kind: evaluative", f"{C4}\n    speaker: south-africa\n    kind: evaluative")
    corpus = two.check().corpus
    result = agree(corpus, ["a", "b"])
    # e1: c1 for both; e2: c2 for both, c4 for b only (a's link to c3 has no match: left out)
    target = figure(result, "evidence", "claims-target", "f1")
    assert target.figure.value == pytest.approx(2 * 2 / 5) and target.matched == 2
    assert figure(result, "evidence", "claims-target", "precision").figure.value == pytest.approx(2 / 3)
    b_text, a_text = two.read(B_PATH), two.read(A_PATH)
    rows = {r["what"]: r for r in disagreement_rows(disagreements(corpus, "a", "b"), two.root)}
    link = rows["claim c4/c4"]
    assert (link["type"], link["id_1"], link["value_1"], link["id_2"], link["value_2"]) == (
        "evidence",
        "e2",
        "none",
        "e2",
        "supports",
    )
    assert link["where_1"] == f"{A_PATH}:{line_of(a_text, '- id: e2')}"
    assert link["where_2"] == f"{B_PATH}:{line_of(b_text, 'supports: [c2, c4]')}"
    speaker = rows["speaker"]
    assert (speaker["id_1"], speaker["value_1"], speaker["value_2"]) == ("c4", "philani-mthembu", "south-africa")
    assert figure(result, "claim", "speaker", "agreement").figure.value == pytest.approx(3 / 4)


def test_groups_that_join_two_units_of_one_annotator_are_left_out(corpus: CorpusDir) -> None:
    first, second = C3[:31], C3[31:]  # two halves of 31 characters: each half of the whole (Jaccard 0.5)
    head = f"document: {ESSAY}\nannotator: {{}}\nclaims:\n"

    def claim(claim_id: str, quote: str) -> str:
        return f"  - id: {claim_id}\n    quote: {quote}\n    kind: descriptive\n"

    corpus.write(A_PATH, head.format("a") + claim("c1", first) + claim("c2", second))
    corpus.write(B_PATH, head.format("b") + claim("c1", C3))
    corpus.write(f"annotations/c/{ESSAY}.yaml", head.format("c") + claim("c1", second))
    checked = corpus.check()
    assert checked.report.errors == []
    result = agree(checked.corpus, ["a", "b", "c"])
    # overlap: b's whole claim matches a half of a's and c's half; a's other half is c's exactly:
    # one group with two claims of a, left out; exact: a's second half and c's only
    assert result.left_out[(ALL_DOCUMENTS, "overlap")] == 1
    assert result.left_out[(ALL_DOCUMENTS, "exact")] == 0
    kinds = [
        r
        for r in result.results
        if r.annotators == ("a", "b", "c")
        and r.type == "claim"
        and r.variable == "kind"
        and r.measure == "alpha"
        and r.scope == ALL_DOCUMENTS
    ]
    assert {r.matching: r.figure.n for r in kinds} == {"exact": 1, "overlap": 0}
