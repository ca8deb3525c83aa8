"""``sscorpus init``: start a repository of annotations in an empty folder.

It writes what a corpus needs to be grown with ``add-text`` and ``new`` and
checked on every commit and push: an empty catalog and registry, the
schemas (the codebook: editors read them through the ``$schema`` line that
``new`` writes, and ``validate`` uses them), ``.gitattributes`` (one form of
every file on every machine), ``.gitignore`` (sscorpus's lock, journal and
site), the pre-commit configuration and the GitHub workflow, both pinned to
this release of sscorpus. The last three are this repository's own files,
shipped in the package (``project/``), so they cannot drift apart.

It refuses a folder that already holds a corpus, or any of the files it
would write, and writes everything or nothing (:class:`writing.Edit`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .. import __version__
from ..corpus.layout import Layout, packaged_schema_dir
from ..corpus.writing import Edit
from ..findings import SetupError

CATALOG = """\
# yaml-language-server: $schema=../schemas/catalog.schema.json
# The documents of the corpus, one entry each: sscorpus add-text copies a text
# into texts/ and adds its entry here (README, "Adding a text").
documents: []
"""

REGISTRY = """\
# yaml-language-server: $schema=../schemas/registry.schema.json
# Every actor, institution and principle of the corpus, each defined once
# (guidelines 2.5); add the author or issuing body of a text before add-text.
actors: []
institutions: []
principles: []
"""

#: what sscorpus writes into a corpus folder and git should not keep (the
#: sscorpus repository's own .gitignore has each line: tests/test_init.py)
GITIGNORE = """\
# written by sscorpus while it works, and the site it builds
/.sscorpus-lock
/.sscorpus-journal
.sscorpus-edit-*
.*.sscorpus-staging-*/
.*.sscorpus-previous/
.*.sscorpus-lock
/site/
.sscorpus-site-*/
"""

#: the workflow's line that names the sscorpus to install
_PIN = re.compile(r'^(  SSCORPUS: )"[^"\n]*"', re.MULTILINE)
#: the address in that line, to default --source to
_SOURCE = re.compile(r'^  SSCORPUS: "sscorpus @ git\+(?P<url>[^@"\n]+)@', re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Started:
    root: Path
    written: tuple[Path, ...]
    #: the address the pre-commit configuration and the workflow install sscorpus from
    source: str


def project_file(name: str) -> Path:
    """A file of the sscorpus repository that a corpus copies (the workflow,
    .gitattributes), from the package (a wheel) or the source checkout."""
    shipped = Path(str(resources.files("sscorpus") / "project" / name))
    checkout = Path(__file__).resolve().parents[3]
    in_checkout = {
        "sscorpus.yml": checkout / ".github" / "workflows" / "sscorpus.yml",
        "gitattributes": checkout / ".gitattributes",
    }
    for candidate in (shipped, in_checkout.get(name)):
        if candidate is not None and candidate.is_file():
            return candidate
    raise SetupError(f"sscorpus is installed without its file {name}: reinstall it")


def default_source() -> str:
    """The address of the sscorpus repository, as the workflow names it."""
    found = _SOURCE.search(project_file("sscorpus.yml").read_text(encoding="utf-8"))
    if found is None:  # pragma: no cover - the workflow's own test holds the line
        raise SetupError("the packaged workflow names no sscorpus to install")
    return found.group("url")


def pinned(source: str) -> tuple[str, str]:
    """The pre-commit configuration and the workflow, pinned to this release."""
    tag = f"v{__version__}"
    config = (
        "# sscorpus validate before each commit (pre-commit install, once per clone)\n"
        "repos:\n"
        f"  - repo: {source}\n"
        f"    rev: {tag}\n"
        "    hooks:\n"
        "      - id: sscorpus-validate\n"
    )
    workflow = project_file("sscorpus.yml").read_text(encoding="utf-8")
    workflow, count = _PIN.subn(lambda m: f'{m.group(1)}"sscorpus @ git+{source}@{tag}"', workflow)
    if count != 1:  # pragma: no cover - the workflow's own test holds the line
        raise SetupError("the packaged workflow has no SSCORPUS line to pin")
    return config, workflow


def planned(root: Path, source: str) -> dict[Path, bytes]:
    """Every file ``init`` writes, with its content."""
    schemas = packaged_schema_dir()
    if schemas is None:
        raise SetupError("sscorpus is installed without its schemas: reinstall it")
    config, workflow = pinned(source)
    layout = Layout(root)
    files = {
        layout.catalog: CATALOG,
        layout.registry: REGISTRY,
        root / ".gitattributes": project_file("gitattributes").read_text(encoding="utf-8"),
        root / ".gitignore": GITIGNORE,
        root / ".pre-commit-config.yaml": config,
        root / ".github" / "workflows" / "sscorpus.yml": workflow,
    }
    contents = {path: text.encode("utf-8") for path, text in files.items()}
    for schema in sorted(schemas.glob("*.schema.json")):
        contents[root / "schemas" / schema.name] = schema.read_bytes()
    return contents


def init(root: Path, *, source: str | None = None) -> Started:
    """Start a corpus in ``root`` (created when missing); refuse a folder that
    holds a corpus or any file this would write."""
    root = root.absolute()
    if root.exists() and not root.is_dir():
        raise SetupError(f"{root} is not a folder")
    if (root / "texts" / "catalog.yaml").exists():
        raise SetupError(f"{root} already holds a corpus (texts/catalog.yaml)")
    chosen = source or default_source()
    contents = planned(root, chosen)
    root.mkdir(parents=True, exist_ok=True)
    with Edit(root) as edit:  # looked for under the lock: nothing written if anything is there
        there = [path for path in contents if path.exists() or path.is_symlink()]
        if there:
            names = ", ".join(path.relative_to(root).as_posix() for path in there)
            raise SetupError(f"init writes nothing over existing files: {names} (move them away, or init elsewhere)")
        for path, data in contents.items():
            edit.write(path, data)
    return Started(root, tuple(contents), chosen)
