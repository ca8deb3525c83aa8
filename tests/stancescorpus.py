"""A corpus with mixed stances for the overview page's tests: the site
tests' corpus (annotators a and b on the essay, no gold) with a gold layer of
the essay and more claims in the brief, so that five speakers take
endorsing, rejecting and neutral stances towards three principles and an
institution; and a step of growth that adds a speaker and a principle."""

from __future__ import annotations

from pathlib import Path

from conftest import BRIEF_FILE, ESSAY, REGISTRY_FILE, CorpusDir
from sitecorpus import build_site_corpus

#: speakers and entities the grown corpus adds to the site tests' corpus
MORE_ENTITIES = (
    "  - id: china\n    name: China\n    kind: state\n    country: CN\n"
    "  - id: united-states\n    name: United States\n    kind: state\n    country: US\n"
    "institutions:"
)
MORE_PRINCIPLES = (
    "principles:\n  - id: multilateralism\n    label: multilateralism\n"
    "    definition: Cooperation among three or more states through shared rules.\n"
)

#: the gold layer of the essay: speakers who agree and disagree on principles and the WTO
GOLD_ESSAY = """\
document: mthembu-multilateralism
annotator: gold
claims:
  - id: g1
    quote: This has exposed a real weakness in the multilateralism system
    kind: evaluative
    about:
      - institution: wto
        stance: rejects
      - principle: multilateralism
        stance: endorses
  - id: g2
    quote: Developing countries have consistently argued that they have limited policy
    kind: descriptive
    speaker: south-africa
    about:
      - principle: policy-space
        stance: endorses
      - institution: wto
        stance: rejects
  - id: g3
    quote: Southern powers have called into question various practices in the multilateral order
    kind: descriptive
    speaker: china
    about:
      - principle: multilateralism
        stance: rejects
      - institution: wto
        stance: neutral
  - id: g4
    quote: it will arguably become more important to seek to build bridges
    kind: prescriptive
    about:
      - principle: multilateralism
        stance: endorses
      - principle: diffuse-reciprocity
        stance: endorses
  - id: g5
    quote: the efforts of the United States to contain the rise of China
    kind: descriptive
    speaker: united-states
    about:
      - principle: multilateralism
        stance: rejects
      - principle: policy-space
        stance: rejects
      - institution: wto
        stance: rejects
  - id: g6
    quote: a growing number of actors are questioning the state of multilateral order
    kind: descriptive
    speaker: china
    about:
      - principle: multilateralism
        stance: rejects
      - principle: policy-space
        stance: endorses
  - id: g7
    quote: countries such as South Africa and India have raised their voices
    kind: evaluative
    speaker: south-africa
    about:
      - principle: multilateralism
        stance: endorses
      - institution: wto
        stance: rejects
"""

#: the brief (one annotator: its count layer) with claims of its default speaker and another
BRIEF_MORE = """\
  - id: b2
    quote: discussed ways to enhance cooperation in counter-terrorism and maritime security
    kind: descriptive
    about:
      - principle: multilateralism
        stance: endorses
  - id: b3
    quote: the US delegation was led by Ely Ratner
    kind: descriptive
    speaker: united-states
    about:
      - institution: wto
        stance: neutral
      - principle: multilateralism
        stance: rejects
"""

#: growth: a new speaker and a new principle, in the brief
GROWTH_REGISTRY = "  - id: brics-bloc\n    name: BRICS countries\n    kind: state-group\n"
GROWTH_PRINCIPLE = (
    "  - id: mutual-interests\n    label: mutual interests\n    definition: Benefits that both sides share.\n"
)
GROWTH_CLAIM = """\
  - id: b4
    quote: Opportunities for increasing cooperation
    kind: prescriptive
    speaker: brics-bloc
    about:
      - principle: mutual-interests
        stance: endorses
      - principle: multilateralism
        stance: endorses
"""


def build_stances_corpus(root: Path) -> CorpusDir:
    """The site tests' corpus (annotators a and b on the essay) with a gold
    layer of the essay and more claims in the brief: mixed stances of five
    speakers towards three principles and an institution."""
    corpus = build_site_corpus(root)
    corpus.edit(REGISTRY_FILE, "institutions:", MORE_ENTITIES)
    corpus.edit(REGISTRY_FILE, "principles:\n", MORE_PRINCIPLES)
    corpus.write(f"annotations/gold/{ESSAY}.yaml", GOLD_ESSAY)
    corpus.write(BRIEF_FILE, corpus.read(BRIEF_FILE) + BRIEF_MORE)
    return corpus


def grow(corpus: CorpusDir) -> None:
    corpus.edit(REGISTRY_FILE, "institutions:", GROWTH_REGISTRY + "institutions:")
    corpus.edit(REGISTRY_FILE, "principles:\n", "principles:\n" + GROWTH_PRINCIPLE)
    corpus.write(BRIEF_FILE, corpus.read(BRIEF_FILE) + GROWTH_CLAIM)
