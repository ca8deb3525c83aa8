"""The installed wheel, not the source checkout: sscorpus built into a wheel
and installed into a virtualenv of its own, run from a folder outside the
repository on a corpus outside it, finds its schemas, the site's templates,
the Citation File Format schema and the files ``init`` copies in the wheel,
and gives the same files as the checkout.

No package index: the wheel is built by hatchling (a test dependency) and
installed with ``--no-deps --no-index``; its dependencies are the test
environment's, which a ``.pth`` line puts after the wheel on the path (its
editable sscorpus is not, since a ``.pth`` file named by a path line is not
read)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import sscorpus
from conftest import REPO, build_corpus
from sscorpus.authoring.starting import default_source, planned
from sscorpus.exporting import export
from sscorpus.site.build import build_site


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a virtualenv that has the wheel of this checkout."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    build = _run(
        [sys.executable, "-c", "import sys; from hatchling.build import build_wheel as b; print(b(sys.argv[1]))", dist],
        REPO,
    )
    assert build.returncode == 0, build.stderr
    wheel = dist / build.stdout.strip().splitlines()[-1]
    venv = work / "venv"
    assert _run([sys.executable, "-m", "venv", "--without-pip", venv], work).returncode == 0
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], work).stdout.strip())
    (purelib / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    install = _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel], work
    )
    assert install.returncode == 0, install.stderr
    where = _run([python, "-c", "import sscorpus; print(sscorpus.__file__, sscorpus.__version__)"], work)
    assert where.stdout.split() == [str(purelib / "sscorpus" / "__init__.py"), sscorpus.__version__], where.stderr
    return python.parent


def _files(folder: Path) -> dict[str, bytes]:
    """Each file's bytes by its path, but the lock a command leaves (empty, git-ignored)."""
    files = (p for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".sscorpus-lock")
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def test_the_installed_wheel_validates_exports_and_builds_the_site_outside_the_repository(
    installed: Path, tmp_path: Path
) -> None:
    corpus = build_corpus(tmp_path / "corpus")
    shutil.rmtree(corpus.path("schemas"))  # the wheel's own schemas, then
    corpus.write("CITATION.cff", (REPO / "CITATION.cff").read_bytes())  # checked with the packaged CFF schema
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    sscorpus_cli = installed / "sscorpus"

    validate = _run([sscorpus_cli, "validate", "--root", corpus.root, "--format", "json"], elsewhere)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    corpus.write("CITATION.cff", "cff-version: 1.2.0\nmessage: 1\n")  # the CFF schema is read: a finding
    broken = _run([sscorpus_cli, "validate", "--root", corpus.root], elsewhere)
    assert broken.returncode == 1 and "CITATION.cff:" in broken.stdout, broken.stdout + broken.stderr
    corpus.write("CITATION.cff", (REPO / "CITATION.cff").read_bytes())

    exported = _run([sscorpus_cli, "export", "--root", corpus.root, "--out", tmp_path / "exports"], elsewhere)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert not export(corpus.root, tmp_path / "exports-checkout").report.errors
    assert _files(tmp_path / "exports") == _files(tmp_path / "exports-checkout") != {}

    site = _run([sscorpus_cli, "site", "--root", corpus.root, "--out", tmp_path / "site"], elsewhere)
    assert site.returncode == 0, site.stdout + site.stderr
    assert not build_site(corpus.root, tmp_path / "site-checkout").report.errors
    built = _files(tmp_path / "site")
    assert built == _files(tmp_path / "site-checkout")
    assert "index.html" in built and any(name.endswith(".css") for name in built)


def test_init_from_the_installed_wheel_writes_the_checkouts_project_files(installed: Path, tmp_path: Path) -> None:
    started = _run([installed / "sscorpus", "init", "new-corpus"], tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    root = tmp_path / "new-corpus"
    expected = {path.relative_to(root).as_posix(): content for path, content in planned(root, default_source()).items()}
    assert _files(root) == expected
    assert ".github/workflows/sscorpus.yml" in expected and "schemas/common.schema.json" in expected
