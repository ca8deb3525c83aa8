"""The benchmarks cannot rot unnoticed: benchmarks/smoke.py (which .ci/run
runs) runs every script of benchmarks/, and the README's performance figures
are the part benchmarks/readme_figures.py writes, in its format. The numbers
are not tested: they depend on the machine."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPO

BENCHMARKS = REPO / "benchmarks"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures() -> ModuleType:
    return _module("readme_figures")


def test_the_smoke_run_runs_every_benchmark_script() -> None:
    scripts = {p.name for p in BENCHMARKS.glob("*.py")} - {"smoke.py"}
    assert set(_module("smoke").SMOKE) == scripts
    assert ".venv/bin/python benchmarks/smoke.py" in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_readme_figures_are_the_scripts_part(figures: ModuleType) -> None:
    part = figures.readme_part((REPO / "README.md").read_text(encoding="utf-8"))
    values = figures.parse(part)
    assert values is not None, "README.md: run benchmarks/readme_figures.py; the part is not in its format"
    assert figures.render(values) == part
    # the figures are those of the committed run
    results = json.loads((BENCHMARKS / "results" / "readme-figures.json").read_text(encoding="utf-8"))
    assert figures.fields(results, values["args"]) == values


def test_a_part_typed_by_hand_is_not_the_scripts(figures: ModuleType) -> None:
    assert figures.parse("validate takes 8.3 s on 1,000 documents") is None
    sample = {name: "1" for name in figures.FIELDS}
    assert figures.parse(figures.render(sample)) == sample


def test_the_part_is_written_between_the_markers(figures: ModuleType, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{figures.START}\nold\n{figures.END}\n\nafter\n", encoding="utf-8")
    figures.write_readme("new figures", readme)
    assert readme.read_text(encoding="utf-8") == f"# x\n\n{figures.START}\nnew figures\n{figures.END}\n\nafter\n"
