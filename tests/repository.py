"""The repository's own corpus, as the interchange tests read it: validated
and built once per test process (each xdist worker), whatever it holds.
Checking and building it takes a third of a second, and some ten tests only
read it: a format writes from a dataset and changes nothing in it."""

from __future__ import annotations

import functools

import sscorpus
from conftest import REPO
from sscorpus import Checked
from sscorpus.dataset.dataset import build
from sscorpus.dataset.value import Dataset


@functools.cache
def repository_checked() -> Checked:
    """The repository's corpus as ``sscorpus.check`` finds it, without errors."""
    checked = sscorpus.check(REPO)
    assert not checked.report.errors, checked.report.errors[:3]
    return checked


@functools.cache
def repository_dataset() -> Dataset:
    """The dataset of every layer of the repository's corpus."""
    return build(repository_checked())
