"""The dataset is built from the model alone: once ``check`` has read the
corpus, building the dataset (tables, layers, agreement, the inputs'
checksum) reads no input file again, and its checksum is the one that
``export --check`` computes from the files without a model."""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import BRIEF_FILE, CorpusDir
from sscorpus.dataset.checksums import _read_digests, inputs_checksum
from sscorpus.dataset.dataset import build, inputs_of


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every file opened for reading from now on (``Path.read_bytes`` and
    ``read_text`` go through ``io.open``)."""
    opened: list[Path] = []
    real_open = io.open

    def spy(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and "r" in mode:
            opened.append(Path(os.fsdecode(file)).resolve())
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    yield opened


def test_building_the_dataset_reads_no_input_again(corpus: CorpusDir, reads: list[Path]) -> None:
    checked = corpus.check()
    assert not checked.report.errors
    inputs = {p.resolve() for p in inputs_of(checked.corpus)}
    assert corpus.path(BRIEF_FILE).resolve() in inputs
    assert reads  # the spy sees what check read
    reads.clear()
    build(checked)
    assert inputs.isdisjoint(reads), sorted(inputs.intersection(reads))


def test_the_models_checksum_is_the_one_computed_from_the_files(corpus: CorpusDir) -> None:
    corpus.write(BRIEF_FILE, corpus.read(BRIEF_FILE).replace("\n", "\r\n"))  # a Windows checkout
    checked = corpus.check()
    digests = inputs_of(checked.corpus)
    assert None not in digests.values()
    assert inputs_checksum(corpus.root, digests) == inputs_checksum(corpus.root, _read_digests(digests))
    corpus.write(BRIEF_FILE, corpus.read(BRIEF_FILE).replace("\r\n", "\n"))
    assert inputs_checksum(corpus.root, digests) == inputs_checksum(corpus.root, _read_digests(digests))
    corpus.edit(BRIEF_FILE, "annotator: a", "annotator: b")
    assert inputs_checksum(corpus.root, digests) != inputs_checksum(corpus.root, _read_digests(digests))
