"""Shared fixtures: a small, valid corpus built fresh in a temporary folder.

The corpus uses the repository's real schemas and texts (copied byte for
byte, so the catalog's checksums hold) and a registry and annotation files
of its own, so the tests never depend on the annotations being written in
the repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

import sscorpus
from sscorpus import Checked, Finding

#: The processes the tests start (xdist's workers, the sscorpus commands) compile the package
#: once and reuse it, as an installation does: where the environment forbids writing bytecode
#: (PYTHONDONTWRITEBYTECODE), each of some hundred processes would compile every module again.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

#: Where the tests' temporary folders go when the machine has a memory file system with room:
#: the tests write, and then remove, some 35,000 files (corpora, exports, sites), and on a disk
#: file system every one costs the kernel a journal entry and, mounted `discard`, a trim. Put in
#: memory (Linux's /dev/shm), the README's test command took 47.8-48.4 s instead of 54.2-56.5 s on a
#: 2-core machine whose /tmp is ext4, the tests and their results the same. Nothing else moves: the
#: commands the tests run keep the system's temporary folder.
MEMORY = Path("/dev/shm")
#: the suite's folders held at most 21 MB at once (sampled every half second), a failed test's are kept:
#: a gigabyte free leaves room for many failed runs, and passes over a container's /dev/shm of 64 MB
MEMORY_NEEDED = 1 << 30


def memory_for_temporary_folders(
    memory: Path = MEMORY, needed: int = MEMORY_NEEDED, environ: Mapping[str, str] = os.environ
) -> Path | None:
    """``memory`` when it can take the tests' temporary folders, else None (another system, a small
    or read-only /dev/shm, or a temporary folder chosen on purpose: TMPDIR, TEMP or TMP set)."""
    if any(environ.get(name) for name in ("TMPDIR", "TEMP", "TMP")) or not memory.is_dir():
        return None
    try:
        free = shutil.disk_usage(memory).free
    except OSError:
        return None
    if free < needed or not os.access(memory, os.W_OK | os.X_OK):
        return None
    return memory


# pytest's root for its numbered temporary folders (pytest-of-<user>/pytest-<n>, the last three kept, a passed
# run's removed), read when the first folder is made; `--basetemp` still overrides it
if (_memory := memory_for_temporary_folders()) is not None:
    os.environ.setdefault("PYTEST_DEBUG_TEMPROOT", str(_memory))

REPO = Path(__file__).resolve().parents[1]
TEXTS = REPO / "texts"
SCHEMAS = REPO / "schemas"

ESSAY = "mthembu-multilateralism"
BRIEF = "india-us-2plus2"
ESSAY_FILE = f"annotations/a/{ESSAY}.yaml"
BRIEF_FILE = f"annotations/a/{BRIEF}.yaml"
REGISTRY_FILE = "annotations/registry.yaml"
CATALOG_FILE = "texts/catalog.yaml"

#: every entity here is mentioned by one of the two files below, and the
#: catalog's authors and default speakers (philani-mthembu, india-mea) are here
REGISTRY = """\
actors:
  - id: philani-mthembu
    name: Philani Mthembu
    kind: person
    country: ZA
  - id: india-mea
    name: Ministry of External Affairs (India)
    kind: government-body
    country: IN
  - id: south-africa
    name: South Africa
    kind: state
    country: ZA
    region: africa
institutions:
  - id: wto
    name: World Trade Organization
    acronym: WTO
    kind: organisation
    founded: 1995
    scope: global
principles:
  - id: diffuse-reciprocity
    label: diffuse reciprocity
    definition: Doing things for others without expecting an immediate payback.
  - id: policy-space
    label: policy space
    definition: The freedom of a state to choose its own policies.
"""

# Line numbers matter: tests point at them. (line 1 = "document: ...")
#: a mention of every entity of REGISTRY in the essay
ESSAY_MENTIONS = """\
mentions:
  - actor: philani-mthembu
    quote: Philani Mthembu
  - actor: south-africa
    quote: South Africa
    occurrence: 1
  - institution: wto
    quote: World Trade Organisation (WTO)
  - principle: diffuse-reciprocity
    quote: diffuse reciprocity
    prefix: "relationships of"
  - principle: policy-space
    quote: policy space
    occurrence: 1
"""

ESSAY_ANNOTATIONS = (
    """\
document: mthembu-multilateralism
annotator: a
"""
    + ESSAY_MENTIONS
    + """\
claims:
  - id: c1
    quote: This has exposed a real weakness in the multilateralism system
    kind: evaluative
    about:
      - institution: wto
        stance: neutral
  - id: c2
    pieces:
      - quote: Developing countries have consistently argued that they have limited policy
      - quote: space when it comes to issues such as trade and development
    kind: descriptive
    about:
      - principle: policy-space
        stance: endorses
evidence:
  - id: e1
    quote: efforts to block a waiver of certain sections of the TRIPS Agreement
    kind: event
    supports: [c1]
"""
)

BRIEF_ANNOTATIONS = """\
document: india-us-2plus2
annotator: a
mentions:
  - actor: india-mea
    quote: external affairs ministry (India)
claims:
  - id: b1
    quote: India-US 2+2 Intersessional Dialogue was held in Washington
    kind: descriptive
"""

#: the head of an annotation file of the essay, for tests that write their own
ESSAY_HEAD = "document: mthembu-multilateralism\nannotator: a\n"

Located = tuple[str, str, int, int]


@dataclass
class CorpusDir:
    """A corpus folder that tests may change and check."""

    root: Path

    def path(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        rewrite(path, content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> Path:
        """Replace the one occurrence of ``old`` in a file (which must be there)."""
        text = self.read(rel)
        assert text.count(old) == 1, f"{old!r} should occur once in {rel}"
        return self.write(rel, text.replace(old, new))

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def check(self, *paths: str) -> Checked:
        return sscorpus.check(self.root, [self.root / p for p in paths])

    def located(self, findings: Iterable[Finding]) -> set[Located]:
        return {located(f, self.root) for f in findings}


def rewrite(path: Path, data: bytes) -> None:
    """Give the file ``path`` the content ``data``, as ``write_bytes`` does
    (the same file, its mode kept), but writing over the old content before
    cutting what is left of it: a file truncated to nothing and written
    again makes ext4 flush it to the disk (auto_da_alloc), a few
    milliseconds each time, and the fuzz tests rewrite files thousands of
    times."""
    try:
        with path.open("r+b") as stream:
            stream.write(data)
            stream.truncate()
    except FileNotFoundError:
        path.write_bytes(data)


def located(finding: Finding, root: Path) -> Located:
    """(code, path relative to the corpus, line, column) of a finding."""
    # as the finding names it (a link by its own name), else with links followed
    try:
        rel = Path(os.path.normpath(finding.path.absolute())).relative_to(root.absolute()).as_posix()
    except ValueError:
        try:
            rel = finding.path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = str(finding.path.resolve())
    return (finding.code, rel, finding.line, finding.column)


def sample_catalog() -> str:
    """The repository's catalog with only the essay's and the brief's entries
    (as written, so that their line numbers stay): the corpus may grow."""
    kept: list[str] = []
    keep = True
    for line in (TEXTS / "catalog.yaml").read_text(encoding="utf-8").splitlines(keepends=True):
        entry = re.match(r"  - id: (\S+)", line)
        if entry:
            keep = entry.group(1) in (ESSAY, BRIEF)
        if keep:
            kept.append(line)
    return "".join(kept)


def build_corpus(root: Path) -> CorpusDir:
    """A fresh, valid corpus in ``root`` (which may exist and be empty)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SCHEMAS, root / "schemas")
    (root / "texts").mkdir()
    for name in (f"{ESSAY}.txt", f"{BRIEF}.txt"):
        shutil.copyfile(TEXTS / name, root / "texts" / name)  # byte for byte
    corpus = CorpusDir(root)
    corpus.write(CATALOG_FILE, sample_catalog())
    corpus.write(REGISTRY_FILE, REGISTRY)
    corpus.write(ESSAY_FILE, ESSAY_ANNOTATIONS)
    corpus.write(BRIEF_FILE, BRIEF_ANNOTATIONS)
    return corpus


def _fsync_skipped(fd: int) -> None:
    os.fstat(fd)  # what fsync would refuse (a closed descriptor), refused


@pytest.fixture(autouse=True, scope="session")
def _no_fsync() -> Iterator[None]:
    """fsync does nothing in the tests' process (and the copies it forks):
    an edit's data reaches the page cache, as before, without waiting for
    the disk (4 ms a call here, four or five calls an edit). No test can see
    the difference, which only a power cut would show: a process killed on
    purpose loses nothing that the page cache holds. The commands that the
    tests run as processes of their own still sync."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", _fsync_skipped)
        yield


@pytest.fixture
def corpus(tmp_path: Path) -> CorpusDir:
    return build_corpus(tmp_path / "corpus")


@pytest.fixture(scope="session")
def essay_text() -> str:
    return (TEXTS / f"{ESSAY}.txt").read_text(encoding="utf-8")


#: The fuzz tests' depth. The suite (the README's test command) runs a seeded sample that
#: reaches every path in seconds; SSCORPUS_DEEP=1 runs the long hunt (.ci/run runs it as a step
#: of its own, and benchmarks/fuzz.py runs longer still).
DEEP = os.environ.get("SSCORPUS_DEEP") == "1"


def depth(quick: int, deep: int) -> int:
    """How many cases a fuzz test runs: ``quick`` in the suite, ``deep`` under SSCORPUS_DEEP=1."""
    return deep if DEEP else quick


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in ``cwd`` as a test user, with main as the first branch."""
    identity = ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main"]
    return subprocess.run(["git", *identity, *args], cwd=cwd, check=check, capture_output=True, text=True)


# The suite runs in parallel (pytest-xdist, `-n auto --dist worksteal` in pyproject.toml's
# addopts): each worker starts on a contiguous share of the tests, in file order, and a worker
# that runs out takes half of what another has left, test by test, so no single file bounds
# the wall time. A worker may therefore run part of a file: what a file's tests share and is
# costly to make is session-scoped where it can be (the built sites of test_site_browser.py:
# once per run, by the first worker that needs one: ``shared``), and a module-scoped fixture
# is made again by a worker that takes over part of its module. No test may rely on another
# having run before it in the same process.
# (`loadgroup` would keep chosen tests together, but its xdist_group marks have no effect with
# pytest 9.2 and pytest-xdist 3.8: the group is added to a node id that pytest no longer reads.)

# The slowest tests (a browser, a wheel, processes killed at every step): the README's test
# command runs them; `pytest -m "not slow"` leaves them out for a quick look while working.
_SLOW_FILES = {"test_site_browser.py", "test_wheel.py"}
_SLOW_TESTS = {
    "test_an_export_killed_at_any_step_leaves_the_old_set_or_the_new_one",
    "test_a_site_killed_at_random_moments_is_the_old_one_or_the_new_one",
    "test_kill_9_at_any_moment_leaves_the_corpus_whole",
    "test_kill_at_any_moment_leaves_the_corpus_old_or_new",
    "test_kill_at_any_moment_leaves_the_gold_file_old_or_new",
    "test_kill_at_any_moment_leaves_old_or_new",
    "test_curate_fuzz",
    "test_seeded_add_text_requests_never_raise_nor_write_elsewhere",
    "test_a_new_text_is_added_scaffolded_annotated_and_exported",
    "test_libreoffice_opens_the_workbook_and_each_sheet_equals_its_csv",
    "test_two_exports_into_one_folder_take_turns",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in _SLOW_FILES or getattr(item, "originalname", item.name) in _SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


# -- made once per run -----------------------------------------------------------------------------
# The folders below are only read (or copied) by the tests: the first xdist worker that needs one
# makes it in the run's folder, which the workers share, and the others wait for it and read it,
# rather than each making its own (the repository's site alone takes most of a second).


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder ``name`` of this run, which ``make`` fills (given the folder, which does not
    exist yet) in the first process that asks for it; the others wait until it is there."""
    from filelock import FileLock  # sscorpus's own dependency, as its locks are

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, of which each worker's is a subfolder
    folder = base / f"shared-{name}"
    with FileLock(base / f"shared-{name}.lock"):
        if not folder.is_dir():
            staging = base / f"shared-{name}.staging"
            shutil.rmtree(staging, ignore_errors=True)  # left by a worker that was stopped
            make(staging)
            staging.rename(folder)  # whole, or not there
    return folder


# -- made once per run, copied into each test that uses them -------------------------------------
# An export (every format) of the conftest corpus takes about a second; most export tests start
# from one and then change something. The template is made once and copied whole (corpus,
# exports and the lock file beside them) into the test's own folder.


@pytest.fixture(scope="session")
def _exported_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sscorpus.exporting import export  # here, not at the top: not every test file exports

    def make(folder: Path) -> None:
        assert export(build_corpus(folder / "corpus").root).ok

    return shared(tmp_path_factory, "exported", make) / "corpus"


@pytest.fixture
def exported_corpus(_exported_template: Path, tmp_path: Path) -> CorpusDir:
    """The ``corpus`` fixture's corpus, at the same place, as ``export(corpus.root)`` leaves it:
    its export (every format) in ``exports/``."""
    shutil.copytree(_exported_template, tmp_path / "corpus", symlinks=True)
    return CorpusDir(tmp_path / "corpus")


@pytest.fixture(scope="session")
def _site_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sscorpus.site.build import build_site  # here, not at the top: not every test file builds a site

    def make(folder: Path) -> None:
        assert not build_site(build_corpus(folder / "corpus").root, folder / "site").report.errors

    return shared(tmp_path_factory, "built", make)


@pytest.fixture
def corpus_with_site(_site_template: Path, tmp_path: Path) -> CorpusDir:
    """The ``corpus`` fixture's corpus, at the same place, and its site in
    ``tmp_path / "site"``, as ``build_site(corpus.root, tmp_path / "site")``
    leaves them (the lock file beside the site too)."""
    shutil.copytree(_site_template, tmp_path, symlinks=True, dirs_exist_ok=True)
    return CorpusDir(tmp_path / "corpus")


# -- built once per run, read (never changed) by the tests of several files ---------------------
# The site tests read these folders as they are; a test that changes a corpus or a site builds
# its own. Built once, by the first xdist worker that needs one (``shared``).


def _built_site(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], CorpusDir]
) -> tuple[Path, Path]:
    """(corpus, site): the corpus ``build`` makes in a folder of its own, and its site beside it."""
    from sscorpus.site.build import build_site

    def make(folder: Path) -> None:
        assert not build_site(build(folder / "corpus").root, folder / "site").report.errors

    root = shared(tmp_path_factory, name, make)
    return root / "corpus", root / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(corpus, site) for the site tests' corpus (sitecorpus.py: the sample corpus with a second
    annotator, nested, overlapping and split spans, hostile notes)."""
    from sitecorpus import build_site_corpus  # here, not at the top: it imports this module

    return _built_site(tmp_path_factory, "site-corpus", build_site_corpus)


@pytest.fixture(scope="session")
def stances_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(corpus, site) for a corpus with mixed stances and a gold layer: an
    overview page with both matrices, the network and the charts."""
    from stancescorpus import build_stances_corpus  # here, not at the top: it imports this module

    return _built_site(tmp_path_factory, "stances-corpus", build_stances_corpus)


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(corpus, site) for the repository's own corpus, whatever it holds."""
    from sscorpus.site.build import build_site

    def make(folder: Path) -> None:
        result = build_site(REPO, folder / "site")
        assert not result.report.errors, result.report.errors

    return REPO, shared(tmp_path_factory, "repo-site", make) / "site"


@pytest.fixture(scope="session")
def tables_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Exports of the tables alone (``formats=["tables"]``) of the ``corpus``
    fixture's corpus as it is (``evaluative``) and with the essay's first
    claim made causal (``causal``, the edit the publishing tests make): made
    once per run, for the tests that start from one or compare with one.
    Read them, or copy them: never change them."""
    from sscorpus.exporting import export  # here, not at the top: not every test file exports

    kinds = ("evaluative", "causal")

    def make(folder: Path) -> None:
        corpus = build_corpus(folder / "corpus")
        for kind in kinds:
            corpus.edit(ESSAY_FILE, "kind: evaluative", f"kind: {kind}")
            assert export(corpus.root, folder / kind, formats=["tables"]).ok

    folder = shared(tmp_path_factory, "tables", make)
    return {kind: folder / kind for kind in kinds}
