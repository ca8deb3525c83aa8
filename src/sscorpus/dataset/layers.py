"""The annotation layers a dataset holds, and the layer each document's
counts come from."""

from __future__ import annotations

from collections import defaultdict

from ..corpus.model import GOLD, AnnotationFile, Corpus
from ..findings import SetupError


def check_layer(corpus: Corpus, layer: str | None) -> None:
    """Raise SetupError when ``layer`` is no layer (annotator) of the corpus."""
    names = sorted({f.annotator for f in corpus.files})
    if layer is not None and layer not in names:
        raise SetupError(f"no layer '{layer}': the layers are {', '.join(names) or 'none'}")


class Layers:
    """The annotation files an export holds, and the layer each document's
    counts come from.

    Every annotator is a layer, and so is ``gold``, the adjudicated one. An
    export holds every layer's rows, or one layer's (``layer``). Counts are
    never summed over layers: each document's counts are those of its count
    layer, the exported layer, else gold, else its only annotator, else none.
    """

    def __init__(self, corpus: Corpus, layer: str | None = None) -> None:
        check_layer(corpus, layer)
        self.corpus = corpus
        self.layer = layer
        self.files = [f for f in corpus.files if layer is None or f.annotator == layer]
        by_document: dict[str, list[AnnotationFile]] = defaultdict(list)
        for file in self.files:
            by_document[file.document].append(file)
        self._by_document = by_document

    def annotators(self, doc_id: str) -> list[str]:
        return sorted({f.annotator for f in self._by_document.get(doc_id, [])})

    def count_layer(self, doc_id: str) -> str | None:
        annotators = self.annotators(doc_id)
        if GOLD in annotators:
            return GOLD
        return annotators[0] if len(annotators) == 1 else None

    def counted(self) -> list[AnnotationFile]:
        """The files whose annotations are counted: one layer per document."""
        return [f for f in self.files if f.annotator == self.count_layer(f.document)]
