"""What the interchange and network tests validate and build once per test
process (each xdist worker) and then only read: the repository's own corpus
(whatever it holds: a third of a second to check and build, and some ten
tests read it, as a format writes from a dataset and changes nothing in it),
and the digest that tells that two corpus folders hold the same files."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

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


def digest(root: Path) -> str:
    """What a corpus folder holds: each file's path and bytes (not the lock
    or an edit's temporary files): two folders with the same digest give the
    same findings, dataset and tables."""
    found = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".sscorpus-")):
        data = path.read_bytes()
        found.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode() + data)
    return found.hexdigest()
