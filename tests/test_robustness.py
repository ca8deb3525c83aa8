"""No input ends in a crash: random damage to valid files gives findings
that are well formed, never an exception or an internal error."""

from __future__ import annotations

import copy
import json
import os
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mutations
import sscorpus
from conftest import BRIEF_FILE, CATALOG_FILE, ESSAY_FILE, REGISTRY_FILE, CorpusDir, build_corpus, depth
from sscorpus import Report, Severity
from sscorpus.cli import main
from sscorpus.corpus.schemas import SchemaSet

CODE = re.compile(r"^[a-z]+(\.[a-z-]+)+$")
#: more examples for a longer hunt: SSCORPUS_FUZZ_EXAMPLES=5000 pytest tests/test_robustness.py
EXAMPLES = int(os.environ.get("SSCORPUS_FUZZ_EXAMPLES", str(depth(150, 450))))
ESSAY_JSON = ESSAY_FILE.replace(".yaml", ".json")

# Payloads that YAML, JSON and the checks find hard (each has been, or is
# close to, a bug: see test_loading.py and test_cli.py).
NASTY = [
    b"\xff",
    b"\xc3",
    b"\xe2\x80",
    b"\x92",
    b"\x00",
    b"\x0c",
    b"\x07",
    b"\x7f",
    b"\t",
    b"\t- ",
    b"\r",
    b"\r\n",
    b"\xef\xbb\xbf",
    "“".encode(),
    "é".encode(),
    "😀".encode(),
    b"\xe2\x80\xa8",
    b'"',
    b"'",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b": ",
    b":",
    b"- ",
    b"? ",
    b"#",
    b"|\n",
    b">-\n",
    b"%YAML 1.1\n",
    b"&a ",
    b"*a",
    b"!!int ",
    b"!foo ",
    b"!!binary ",
    b"<<: ",
    b"---\n",
    b"...\n",
    b"\n---\nx: 1\n",
    b"[" * 1200,
    b"{" * 1200,
    b"[" * 999 + b"]" * 999,
    b"- " * 500,
    b"a:\n" + b"  a:\n" * 300,
    b"NaN",
    b"Infinity",
    b"1e999",
    b"-0",
    b"99999999999999999999999999",
    b"-99999999999999999999999",
    b"true",
    b"null",
    b"~",
    b"''",
    b'""',
    b"\\",
    b'"\\u00e9"',
    b'"\\x"',
    b"  ",
    b"\n",
    b"\n\n\n",
    b'"\\ud800"',
    b'"\\ud83d\\ude00"',
    b'"\\udc00x"',
    "“\x0c”".encode(),
    "é\x00".encode(),
    b"occurrence: 0\n",
    b"start: -1\n",
    b"pieces: []\n",
    b"quote: ''\n",
    b"supports: [e1]\n",
    b"about: [{}]\n",
    b"prefix: \n",
    b"document: 12\n",
    b"annotator: [a]\n",
]

# Every character but the surrogates: the alphabet of st.text()'s default (characters(codec="utf-8")), the
# same intervals and so the same draws, named by category: Hypothesis computes the codec's characters once
# per process when its cache (.hypothesis/, absent from a fresh clone) lacks them, 1.3 s a worker.
ANY_CHARACTER = st.characters(exclude_categories=["Cs"])
payloads = st.one_of(
    st.sampled_from(NASTY), st.binary(max_size=24), st.text(ANY_CHARACTER, max_size=12).map(str.encode)
)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


@st.composite
def damage(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with one to three random injuries."""
    for _ in range(draw(st.integers(1, 3))):
        lines = _lines(data)
        kind = draw(st.sampled_from(["cut", "duplicate", "swap", "delete", "insert", "replace", "insert-line"]))
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        at = draw(st.integers(0, len(data)))
        if kind == "cut":
            data = data[:at]
        elif kind == "duplicate":
            data = b"".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
            data = b"".join(lines)
        elif kind == "delete":
            data = b"".join(lines[:i] + lines[i + 1 :])
        elif kind == "insert":
            data = data[:at] + draw(payloads) + data[at:]
        elif kind == "replace":
            end = draw(st.integers(at, min(len(data), at + 40)))
            data = data[:at] + draw(payloads) + data[end:]
        else:
            data = b"".join([*lines[:i], draw(payloads) + b"\n", *lines[i:]])
    return data


class Fuzzed:
    """One corpus, reset to the valid files before each example."""

    def __init__(self, corpus: CorpusDir) -> None:
        self.corpus = corpus
        # check(root) would load the same schemas each time; loading them is most of its time
        self.schemas = SchemaSet(corpus.path("schemas"))
        self.originals = {
            rel: corpus.path(rel).read_bytes() for rel in (ESSAY_FILE, BRIEF_FILE, REGISTRY_FILE, CATALOG_FILE)
        }
        essay = yaml.safe_load(self.originals[ESSAY_FILE])
        self.originals[ESSAY_JSON] = json.dumps(essay, indent=2, ensure_ascii=False).encode()

    def check(self) -> Report:
        return sscorpus.check(self.corpus.root, schemas=self.schemas).report

    def reset(self, use_json: bool) -> None:
        for rel, data in self.originals.items():
            if rel != ESSAY_JSON:
                self.corpus.write(rel, data)
        self.corpus.path(ESSAY_JSON).unlink(missing_ok=True)
        if use_json:
            self.corpus.remove(ESSAY_FILE)
            self.corpus.write(ESSAY_JSON, self.originals[ESSAY_JSON])

    def injure(self, draw: Callable[..., object]) -> tuple[str, bytes]:
        target = draw(st.sampled_from([ESSAY_FILE, ESSAY_JSON, BRIEF_FILE, REGISTRY_FILE, CATALOG_FILE]))
        assert isinstance(target, str)
        self.reset(use_json=target == ESSAY_JSON)
        damaged = draw(damage(self.originals[target]))
        assert isinstance(damaged, bytes)
        self.corpus.write(target, damaged)
        return target, damaged


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Fuzzed:
    return Fuzzed(build_corpus(tmp_path_factory.mktemp("fuzz") / "corpus"))


def assert_well_formed(report: Report, corpus: CorpusDir, target: str, damaged: bytes) -> None:
    assert isinstance(report, Report)
    for finding in report.findings:
        assert finding.code != "internal.error", finding
        assert CODE.match(finding.code), finding
        assert finding.line >= 0 and finding.column >= 0, finding
        assert (finding.line == 0) == (finding.column == 0), finding
        assert isinstance(finding.severity, Severity)
        assert isinstance(finding.message, str) and finding.message
        assert "\n" not in finding.message, finding  # one finding, one line of text output
        if finding.path.resolve() == corpus.path(target).resolve() and finding.line:
            text = damaged.decode("utf-8", "replace")
            lines = text.count("\n") + text.count("\r") + 1
            # +1: a syntax error at the end of a file without a final newline
            # is put on the line after the last (test_loading.py::test_syntax_error_at_end_of_file_without_...)
            assert finding.line <= lines + (0 if text.endswith(("\n", "\r")) else 1), finding
    assert report.exit_code() == (1 if report.errors else 0)
    assert report.exit_code(strict=True) == (1 if report.findings else 0)


SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=SLOW_OK)
@given(data=st.data())
def test_damaged_files_give_well_formed_findings(fuzzed: Fuzzed, data: st.DataObject) -> None:
    target, damaged = fuzzed.injure(data.draw)
    assert_well_formed(fuzzed.check(), fuzzed.corpus, target, damaged)


@settings(max_examples=max(EXAMPLES // 4, 10), deadline=None, suppress_health_check=SLOW_OK)
@given(data=st.data(), fmt=st.sampled_from(["text", "json", "github"]), strict=st.booleans())
def test_cli_on_damaged_files_never_shows_a_traceback(
    fuzzed: Fuzzed, data: st.DataObject, fmt: str, strict: bool
) -> None:
    fuzzed.injure(data.draw)
    args = ["validate", "--root", str(fuzzed.corpus.root), "--format", fmt, *(["--strict"] if strict else [])]
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1)
    if fmt == "json":
        assert json.loads(result.stdout)["exit_code"] in (0, 1)


@pytest.mark.parametrize("payload", NASTY, ids=[repr(p[:12]) for p in NASTY])
@pytest.mark.parametrize("target", [ESSAY_FILE, ESSAY_JSON, REGISTRY_FILE])
def test_every_nasty_payload_at_the_start_and_the_middle(fuzzed: Fuzzed, target: str, payload: bytes) -> None:
    """The payloads one by one, deterministically, where they do most harm."""
    for where in (0, len(fuzzed.originals[target]) // 2):
        fuzzed.reset(use_json=target == ESSAY_JSON)
        original = fuzzed.originals[target]
        damaged = original[:where] + payload + original[where:]
        fuzzed.corpus.write(target, damaged)
        assert_well_formed(fuzzed.check(), fuzzed.corpus, target, damaged)


def test_fuzz_corpus_starts_valid(tmp_path: Path) -> None:
    fuzz = Fuzzed(build_corpus(tmp_path / "corpus"))
    for use_json in (False, True):
        fuzz.reset(use_json)
        assert fuzz.check().findings == []
        assert sscorpus.check(fuzz.corpus.root).report.findings == []


# -- the invariant: every annotation resolves to offsets or has a finding (issue 12) ------------------

#: findings about a file as a whole carry no line (0:0); every other one has a place
WHOLE_FILE = {
    "file.unreadable",
    "file.missing",
    "file.ignored",
    "file.misplaced",
    "file.outside-corpus",
    "catalog.uncatalogued-text",
}


def assert_every_annotation_resolves_or_has_a_finding(checked: sscorpus.Checked) -> None:
    """A file without errors, of a document whose text could be read, has
    offsets for every annotation; and a run with no errors at all has
    offsets for every annotation of every file."""
    report = checked.report
    failing = {f.path.resolve() for f in report.errors}
    for file in checked.corpus.files:
        document = checked.corpus.documents.get(file.document)
        judged = not report.errors or (
            file.path.resolve() not in failing and document is not None and document.text is not None
        )
        if not judged:
            continue
        for annotation in file.annotations():
            assert annotation.span is not None, (file.path, annotation.where)


def assert_located(report: Report) -> None:
    for finding in report.findings:
        assert finding.code != "internal.error", finding
        assert isinstance(finding.path, Path) and str(finding.path), finding
        if finding.code in WHOLE_FILE:
            assert (finding.line, finding.column) in ((0, 0),) or (finding.line >= 1 and finding.column >= 1)
        else:
            assert finding.line >= 1 and finding.column >= 1, finding


class Mutated:
    """The fixture corpus, with one file rewritten from mutated data."""

    def __init__(self, corpus: CorpusDir) -> None:
        self.fuzzed = Fuzzed(corpus)
        self.data = {
            rel: yaml.safe_load(self.fuzzed.originals[rel])
            for rel in (ESSAY_FILE, BRIEF_FILE, REGISTRY_FILE, CATALOG_FILE)
        }
        self.essay = corpus.path("texts/mthembu-multilateralism.txt").read_text(encoding="utf-8")

    def write(self, rng: random.Random) -> str:
        fuzzed = self.fuzzed
        target = rng.choice([ESSAY_FILE, ESSAY_FILE, ESSAY_FILE, BRIEF_FILE, ESSAY_JSON, REGISTRY_FILE, CATALOG_FILE])
        fuzzed.reset(use_json=target == ESSAY_JSON)
        data = copy.deepcopy(self.data[ESSAY_FILE if target == ESSAY_JSON else target])
        if target == CATALOG_FILE:
            mutations.mutate_catalog(data, rng)
        elif target == REGISTRY_FILE:
            mutations.mutate_registry(data, rng)
        else:
            mutations.mutate_annotations(data, rng, self.essay)
        style = "json" if target == ESSAY_JSON else rng.choice(["block", "block", "flow"])
        text = mutations.dump(data, style, ascii=rng.random() < 0.5)
        newline = rng.choice(["\n", "\n", "\r\n", "\r"]) if style != "json" else "\n"
        fuzzed.corpus.write(target, (text + "\n").replace("\n", newline).encode("utf-8"))
        return target


@pytest.fixture(scope="module")
def mutated(tmp_path_factory: pytest.TempPathFactory) -> Mutated:
    return Mutated(build_corpus(tmp_path_factory.mktemp("mutated") / "corpus"))


@settings(max_examples=max(EXAMPLES, depth(200, 600)), deadline=None, suppress_health_check=SLOW_OK)
@given(rng=st.randoms(use_true_random=False))
def test_every_annotation_resolves_or_has_a_finding(mutated: Mutated, rng: random.Random) -> None:
    mutated.write(rng)
    checked = sscorpus.check(mutated.fuzzed.corpus.root, schemas=mutated.fuzzed.schemas)
    assert_located(checked.report)
    assert checked.report.exit_code() in (0, 1)
    assert_every_annotation_resolves_or_has_a_finding(checked)


@settings(max_examples=max(EXAMPLES // 3, 30), deadline=None, suppress_health_check=SLOW_OK)
@given(data=st.data())
def test_damaged_files_keep_the_invariant(fuzzed: Fuzzed, data: st.DataObject) -> None:
    fuzzed.injure(data.draw)
    checked = sscorpus.check(fuzzed.corpus.root, schemas=fuzzed.schemas)
    assert_located(checked.report)
    assert_every_annotation_resolves_or_has_a_finding(checked)


@settings(max_examples=max(EXAMPLES // 5, 20), deadline=None, suppress_health_check=SLOW_OK)
@given(rng=st.randoms(use_true_random=False), fmt=st.sampled_from(["text", "json", "github"]))
def test_cli_on_mutated_files(mutated: Mutated, rng: random.Random, fmt: str) -> None:
    mutated.write(rng)
    args = ["validate", "--root", str(mutated.fuzzed.corpus.root), "--format", fmt]
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "internal.error" not in result.output
    assert result.exit_code in (0, 1, 2)
    if fmt == "text":
        finding = re.compile(r"^\S.*?(:\d+:\d+)?: (error|warning)\[[a-z.-]+\] ")
        for line in result.output.splitlines():  # every line: a finding, an indented hint, or the summary
            assert line.startswith(" ") or finding.match(line) or re.match(r"^\d+ files? checked: ", line), line
            assert not line.startswith("annotations/a/x.yaml:1:1: error[fake.finding]"), line  # forged
