"""The corpus grows without friction: from a copy of the repository's corpus,
a new text is added (add-text), scaffolded (new --suggest-mentions),
annotated by hand, and then validate --strict, stats and export --check pass.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sscorpus.cli import main
from sscorpus.corpus.loading import load_file

REPO = Path(__file__).resolve().parents[1]

#: a made-up press release in the style of the corpus: a heading, paragraphs,
#: names of registry entities, and a 'South' that is not a mention (South Asia)
PRESS_RELEASE = """\
## UN Office for South-South Cooperation welcomes new partnership

NEW YORK, 12 September 2024 – The United Nations Office for South-South Cooperation (UNOSSC) today welcomed a \
new partnership between South Africa and India on digital public infrastructure.

"South-South cooperation is not charity; it is solidarity among equals," the Director of UNOSSC said. She added \
that developing countries in South Asia and Africa have much to learn from each other.

The partnership, agreed on the margins of a meeting of the BRICS, will be reviewed next year.
"""

#: the new actor, added to the registry by hand as guidelines 2.5 says
UNOSSC = """\
  - id: unossc
    name: United Nations Office for South-South Cooperation
    kind: government-body
    aliases: [UNOSSC]
"""

#: the claims the annotator writes by hand, in place of 'claims: []'
CLAIMS = """\
claims:
  - id: c1
    quote: >-
      The United Nations Office for South-South Cooperation (UNOSSC) today
      welcomed a new partnership between South Africa and India on digital
      public infrastructure.
    kind: descriptive
    about:
      - actor: south-africa
        stance: neutral
      - actor: india
        stance: neutral
  - id: c2
    quote: South-South cooperation is not charity; it is solidarity among equals
    kind: evaluative
    about:
      - principle: south-south-cooperation
        stance: endorses
      - principle: solidarity
        stance: endorses
  - id: c3
    quote: developing countries in South Asia and Africa have much to learn from each other
    kind: evaluative
    about:
      - actor: developing-countries
        stance: neutral
  - id: c4
    quote: The partnership, agreed on the margins of a meeting of the BRICS, will be reviewed next year.
    kind: predictive
    about:
      - institution: brics
        stance: neutral
"""

NOT_MENTION = """\
not_mentions:
  - quote: South
    prefix: in
    note: the 'South' of 'South Asia', a place that is not a registry entity (guidelines 3.4)
"""


@pytest.fixture
def repository_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's corpus: texts, annotations, schemas and exports."""
    root = tmp_path / "clone"
    for name in ("texts", "annotations", "schemas", "exports"):
        shutil.copytree(REPO / name, root / name)
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _findings() -> set[tuple[str, str, str]]:
    """(code, path, pointer) of every finding of validate: the repository's
    corpus may hold warnings of its own (a registry warning, an entity no one
    mentions yet), which growing it must leave as they are."""
    report = json.loads(run("validate", "--format", "json").output)
    return {(f["code"], f["path"], f["pointer"]) for f in report["findings"]}


#: a principle a user may register, whose label is like another's; and one whose alias another entity has
#: (a registry warning that stays one): neither may stop the corpus from growing
USER_PRINCIPLES = """\
  - id: north-south-cooperation
    label: North-South cooperation
    definition: Cooperation between the countries of the North and those of the South.
  - id: another-south-africa
    label: another South Africa
    aliases: [South Africa]
    definition: An entity that shares a name with another, so that the registry has a warning.
"""


@pytest.mark.parametrize("registry_warnings", [False, True])
def test_a_new_text_is_added_scaffolded_annotated_and_exported(
    repository_copy: Path, tmp_path: Path, registry_warnings: bool
) -> None:
    root = repository_copy
    if registry_warnings:
        registry = root / "annotations" / "registry.yaml"
        registry.write_text(registry.read_text(encoding="utf-8") + USER_PRINCIPLES, encoding="utf-8")
    before = _findings()
    registry = root / "annotations" / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("institutions:\n", UNOSSC + "institutions:\n", 1), encoding="utf-8")
    assert run("registry", "UNOSSC").output.startswith("annotations/registry.yaml:")

    source = tmp_path / "downloads" / "unossc-press-release.txt"
    source.parent.mkdir()
    source.write_bytes(PRESS_RELEASE.encode("utf-8"))
    added = run(
        "add-text",
        str(source),
        "--id",
        "unossc-2024",
        "--title",
        "UN Office for South-South Cooperation welcomes new partnership",
        "--kind",
        "press-release",
        "--default-speaker",
        "unossc",
        "--url",
        "https://example.org/unossc/2024-09-12",
        "--accessed",
        "2024-09-13",
        "--date",
        "2024-09-12",
    )
    assert added.exit_code == 0, added.output
    assert (root / "texts" / "unossc-2024.txt").read_bytes() == PRESS_RELEASE.encode("utf-8")

    scaffolded = run("new", "unossc-2024", "--annotator", "c", "--suggest-mentions")
    assert scaffolded.exit_code == 0, scaffolded.output
    path = root / "annotations" / "c" / "unossc-2024.yaml"
    assert run("validate", "--strict", str(path)).exit_code == 0
    suggested = [(m[next(iter(m))], m["quote"]) for m in load_file(path).data["mentions"]]
    known = {
        "unossc",
        "south-south-cooperation",
        "south-africa",
        "india",
        "solidarity",
        "developing-countries",
        "global-south",
        "brics",
    }  # the registry may grow: its other entities are not looked at here
    assert [s for s in suggested if s[0] in known] == [  # checked by hand against the text, in text order
        ("south-south-cooperation", "South-South Cooperation"),  # the heading's 'UN Office for ...' is no name
        ("unossc", "United Nations Office for South-South Cooperation"),
        ("south-south-cooperation", "South-South Cooperation"),  # its subject, inside its name (guidelines 3.3)
        ("unossc", "UNOSSC"),
        ("south-africa", "South Africa"),
        ("india", "India"),
        ("south-south-cooperation", "South-South cooperation"),
        ("solidarity", "solidarity"),
        ("unossc", "UNOSSC"),
        ("developing-countries", "developing countries"),
        ("global-south", "South"),
        ("brics", "BRICS"),
    ]

    # by hand: 'South' in 'South Asia' is no mention (guidelines 3.4): delete it, record it; write the claims
    annotation = path.read_text(encoding="utf-8")
    wrong = "  - actor: global-south\n    quote: South\n"
    assert annotation.count(wrong) == 1
    start = annotation.index(wrong)
    end = annotation.index("  - ", start + len(wrong))
    annotation = annotation[:start] + annotation[end:]
    annotation = annotation.replace("claims: []\n", NOT_MENTION + "\n" + CLAIMS)
    path.write_text(annotation, encoding="utf-8")

    validated = run("validate", "--strict", "annotations/c")  # the new file, strictly
    assert validated.exit_code == 0, validated.output
    assert _findings() <= before  # and nothing new anywhere else
    stats = run("stats", "--annotator", "c", "--format", "json")
    assert stats.exit_code == 0
    (report,) = [f for f in json.loads(stats.output)["files"] if f["document"] == "unossc-2024"]
    assert report["uncovered_names"] == [] and report["unlinked_claims"] == []
    assert report["counts"]["claims"] == 4 and report["counts"]["mentions"] == len(suggested) - 1

    assert run("export", "--check").exit_code == 1  # the committed exports lack the new text
    assert run("export").exit_code == 0
    checked = run("export", "--check")
    assert checked.exit_code == 0, checked.output
    with (root / "exports" / "csv" / "documents.csv").open(encoding="utf-8", newline="") as stream:
        row = next(r for r in csv.DictReader(stream) if r["doc_id"] == "unossc-2024")
    assert (row["source_url"], row["accessed"], row["default_speaker"], row["characters"]) == (
        "https://example.org/unossc/2024-09-12",
        "2024-09-13",
        "unossc",
        str(len(PRESS_RELEASE)),
    )
    assert row["claims"] == "4"
