"""``sscorpus import`` on foreign files made by hand, one per format, each
written the way the other tool writes it: a MAXQDA project (``.qdpx``), an
INCEpTION export of a layer of its own (UIMA CAS XMI with its type system),
a brat collection, and a Hypothesis/Recogito-style W3C annotation list. Each
codes the brief of the tests' corpus with a mention and a claim mapped by a
map file, an about link where the format relates, a selection whose text is
no longer the corpus's at its place and a code the map leaves out. The real
command runs on each: the good annotations are written (the whole file is
compared), the rest is reported at its place in the foreign file (exit 1),
the file validates, and ``--suggest-map`` names every foreign code. A web
annotation given by its quote only is found in the corpus text."""

from __future__ import annotations

import contextlib
import json
import re
import zipfile
from pathlib import Path

import yaml
from click.testing import CliRunner, Result

from conftest import BRIEF, CorpusDir
from sscorpus.cli import main

#: the passages coded, in the brief's text
CLAIM = "India-US 2+2 Intersessional Dialogue was held in Washington"
MEA = "external affairs ministry (India)"
OFFICIALS = "Indian and US defence and foreign ministry officials met"
MARITIME = "maritime security"

#: what the MAXQDA, INCEpTION and brat files import as: the mention and the claim with its
#: about link (the brief's default speaker is india-mea), in the layout of sscorpus new
EXPECTED = f"""\
# yaml-language-server: $schema=../../schemas/annotation-file.schema.json
document: {BRIEF}
annotator: z

mentions:
  - actor: india-mea
    quote: {MEA}

claims:
  - id: c1
    quote: {CLAIM}
    kind: descriptive
    about:
      - actor: india-mea
        stance: neutral

evidence: []
"""

_FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?:error|warning)\[(?P<code>[^\]]+)\]", re.M)


def brief_text(corpus: CorpusDir) -> str:
    return corpus.path(f"texts/{BRIEF}.txt").read_bytes().decode("utf-8")


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def at(text: str, needle: str) -> tuple[int, int]:
    """The 1-based line and column of ``text`` where ``needle`` first starts."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def run(corpus: CorpusDir, *args: str) -> Result:
    """The command line, run in the folder of the foreign files (so findings name them relatively)."""
    with contextlib.chdir(corpus.root.parent):
        return CliRunner().invoke(main, [*args, "--root", str(corpus.root)], env={"GITHUB_ACTIONS": None})


def findings(result: Result) -> list[tuple[str, str, int, int]]:
    """(code, path as shown, line, column) of each finding printed, in order."""
    return [(m["code"], m["path"], int(m["line"]), int(m["column"])) for m in _FINDING.finditer(result.stdout)]


def imported(corpus: CorpusDir, format_name: str, file: Path, map_text: str) -> Result:
    """``sscorpus import`` of ``file`` with the map ``map_text`` as the layer z."""
    map_file = corpus.root.parent / f"{format_name}-map.yaml"
    map_file.write_text(map_text, encoding="utf-8")
    return run(corpus, "import", format_name, file.name, "--annotator", "z", "--map", map_file.name)


def assert_written_and_valid(corpus: CorpusDir, expected: str) -> None:
    """The layer z's file is ``expected`` and ``sscorpus validate --strict`` finds nothing in it."""
    written = corpus.path(f"annotations/z/{BRIEF}.yaml")
    assert written.read_text(encoding="utf-8") == expected
    assert sorted(p.name for p in written.parent.iterdir()) == [written.name]
    validated = run(corpus, "validate", "--strict", str(written))
    assert validated.exit_code == 0, validated.output
    assert findings(validated) == []


def suggested(corpus: CorpusDir, format_name: str, file: Path) -> dict[str, dict[str, str | None]]:
    """The map ``--suggest-map`` writes for ``file`` (read as YAML), which imports nothing."""
    out = corpus.root.parent / f"{format_name}-suggested.yaml"
    before = sorted(corpus.root.rglob("*"))
    result = run(corpus, "import", format_name, file.name, "--suggest-map", out.name)
    assert result.exit_code == 0, result.output
    assert sorted(corpus.root.rglob("*")) == before
    loaded = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


# -- REFI-QDA, as MAXQDA writes a project ------------------------------------------------------

USER = "1B2C3D4E-0000-4000-8000-000000000001"
SOURCE = "7D1F5A3E-26C4-4D2A-9C1B-1A2B3C4D5E6F"


def maxqda_project(text: str) -> str:
    """A project.qde as MAXQDA writes it, coding the brief as the project holds it (``text``)."""
    claim, mea = span(text, CLAIM), span(text, MEA)
    officials, maritime = span(text, OFFICIALS), span(text, MARITIME)

    def selection(n: int, name: str, where: tuple[int, int], code: int) -> str:
        return f"""\
      <PlainTextSelection guid="5E100000-0000-4000-8000-00000000000{n}" name="{name}" \
startPosition="{where[0]}" endPosition="{where[1]}" creatingUser="{USER}" creationDateTime="2024-03-01T10:0{n}:00Z">
        <Coding guid="C0D10000-0000-4000-8000-00000000000{n}" creatingUser="{USER}">
          <CodeRef targetGUID="C0DE0000-0000-4000-8000-00000000000{code}"/>
        </Coding>
      </PlainTextSelection>
"""

    return f"""\
<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
name="South-South" origin="MAXQDA 2022 (Release 22.7.0)" creatingUserGUID="{USER}" \
creationDateTime="2024-03-01T10:00:00Z">
  <Users>
    <User guid="{USER}" name="Zoe"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="C0DE0000-0000-4000-8000-000000000001" name="Actors" isCodable="true" color="#FF0000">
        <Code guid="C0DE0000-0000-4000-8000-000000000002" name="MEA" isCodable="true" color="#FF0000"/>
      </Code>
      <Code guid="C0DE0000-0000-4000-8000-000000000003" name="Claims" isCodable="true">
        <Code guid="C0DE0000-0000-4000-8000-000000000004" name="Factual claim" isCodable="true"/>
      </Code>
      <Code guid="C0DE0000-0000-4000-8000-000000000005" name="Interesting" isCodable="true"/>
    </Codes>
  </CodeBook>
  <Sources>
    <TextSource guid="50C00000-0000-4000-8000-000000000001" name="2+2 press release.txt" \
plainTextPath="internal://{SOURCE}.txt" creatingUser="{USER}">
{selection(1, CLAIM, claim, 4)}{selection(2, MEA, mea, 2)}\
{selection(3, "Indian and US defence officials met", officials, 4)}{selection(4, MARITIME, maritime, 5)}\
    </TextSource>
  </Sources>
  <Links>
    <Link guid="11AC0000-0000-4000-8000-000000000001" name="is about" direction="OneWay" \
originGUID="5E100000-0000-4000-8000-000000000001" targetGUID="5E100000-0000-4000-8000-000000000002"/>
  </Links>
</Project>
"""


QDPX_MAP = f"""\
codes:
  MEA: actor/india-mea
  Factual claim: claim/descriptive
  is about: about/neutral
documents:
  2+2 press release.txt: {BRIEF}
"""


def test_a_maxqda_project_of_a_text_with_windows_line_ends(corpus: CorpusDir) -> None:
    text = brief_text(corpus).replace("\n", "\r\n")  # as MAXQDA keeps a text it imported on Windows
    assert span(text, MEA)[0] != span(brief_text(corpus), MEA)[0]  # positions to carry over to the corpus text
    qde = maxqda_project(text)
    file = corpus.root.parent / "coded.qdpx"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        archive.writestr(f"sources/{SOURCE}.txt", text.encode("utf-8"))
    result = imported(corpus, "qdpx", file, QDPX_MAP)
    assert result.exit_code == 1, result.output
    place = "coded.qdpx/project.qde"
    assert findings(result) == [
        ("import.unmapped-code", place, *at(qde, '<Code guid="C0DE0000-0000-4000-8000-000000000005"')),
        ("import.quote-mismatch", place, *at(qde, '<PlainTextSelection guid="5E100000-0000-4000-8000-000000000003"')),
    ]
    assert_written_and_valid(corpus, EXPECTED)
    # every code, a guess where one is sure; the text, its line ends aside, is the brief's
    assert suggested(corpus, "qdpx", file) == {
        "codes": {
            "Actors": None,
            "MEA": "actor/india-mea",
            "Claims": None,
            "Factual claim": None,
            "Interesting": None,
            "is about": None,
        },
        "documents": {"2+2 press release.txt": BRIEF},
    }


# -- UIMA CAS XMI, as INCEpTION exports a document of a layer of the project's own ----------------

TYPESYSTEM = """\
<?xml version="1.0" encoding="UTF-8"?>
<typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier">
  <types>
    <typeDescription>
      <name>de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData</name>
      <description/>
      <supertypeName>uima.tcas.DocumentAnnotation</supertypeName>
      <features>
        <featureDescription><name>documentTitle</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>documentId</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>documentUri</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>collectionId</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>documentBaseUri</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
        <featureDescription><name>isLastSegment</name><rangeTypeName>uima.cas.Boolean</rangeTypeName></featureDescription>
      </features>
    </typeDescription>
    <typeDescription>
      <name>de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence</name>
      <supertypeName>uima.tcas.Annotation</supertypeName>
      <features>
        <featureDescription><name>id</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      </features>
    </typeDescription>
    <typeDescription>
      <name>webanno.custom.Argument</name>
      <description>Argument components</description>
      <supertypeName>uima.tcas.Annotation</supertypeName>
      <features>
        <featureDescription><name>label</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      </features>
    </typeDescription>
    <typeDescription>
      <name>webanno.custom.ArgumentRelation</name>
      <supertypeName>uima.tcas.Annotation</supertypeName>
      <features>
        <featureDescription><name>Dependent</name><rangeTypeName>webanno.custom.Argument</rangeTypeName></featureDescription>
        <featureDescription><name>Governor</name><rangeTypeName>webanno.custom.Argument</rangeTypeName></featureDescription>
        <featureDescription><name>label</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      </features>
    </typeDescription>
  </types>
</typeSystemDescription>
"""
#: the brief as the INCEpTION project holds it: one sentence edited since
EDITED = "Indian and American defence officials met"


def inception_xmi(text: str) -> str:
    """A CAS as INCEpTION's "UIMA CAS XMI (XML 1.0)" export writes it (no
    character beyond the BMP here: UTF-16 offsets are code points)."""
    arguments = [(30, CLAIM, "Factual"), (31, MEA, "MEA"), (32, EDITED, "Factual"), (33, MARITIME, "Interesting")]
    elements = [
        f'<type2:DocumentMetaData xmi:id="1" sofa="12" begin="0" end="{len(text)}" language="en" '
        f'documentTitle="{BRIEF}.txt" documentId="{BRIEF}" documentUri="file:/srv/inception/{BRIEF}.txt" '
        'collectionId="project-7" documentBaseUri="file:/srv/inception/" isLastSegment="false"/>',
        f'<type4:Sentence xmi:id="2" sofa="12" begin="0" end="{len(text)}"/>',
    ]
    for xmi_id, quote, label in arguments:
        begin, end = span(text, quote)
        elements.append(f'<custom:Argument xmi:id="{xmi_id}" sofa="12" begin="{begin}" end="{end}" label="{label}"/>')
    begin, end = span(text, CLAIM)
    elements.append(
        f'<custom:ArgumentRelation xmi:id="40" sofa="12" begin="{begin}" end="{end}" Dependent="31" Governor="30" '
        'label="is about"/>'
    )
    members = " ".join(re.findall(r'xmi:id="(\d+)"', " ".join(elements)))
    escaped = text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace("\n", "&#10;")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<xmi:XMI xmlns:tcas="http:///uima/tcas.ecore" xmlns:xmi="http://www.omg.org/XMI" '
        'xmlns:cas="http:///uima/cas.ecore" '
        'xmlns:type2="http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore" '
        'xmlns:type4="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" '
        'xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">'
        '<cas:NULL xmi:id="0"/>\n' + "\n".join(elements) + "\n"
        f'<cas:Sofa xmi:id="12" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="{escaped}"/>'
        f'<cas:View sofa="12" members="{members}"/></xmi:XMI>\n'
    )


XMI_MAP = """\
codes:
  MEA: actor/india-mea
  Factual: claim/descriptive
  is about: about/neutral
"""


def test_an_inception_export_of_an_edited_text(corpus: CorpusDir) -> None:
    text = brief_text(corpus).replace(OFFICIALS, EDITED)
    assert span(text, MEA)[0] != span(brief_text(corpus), MEA)[0]  # the mention after the edit moved
    xmi = inception_xmi(text)
    file = corpus.root.parent / f"{BRIEF}.zip"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr(f"{BRIEF}.xmi", xmi)
        archive.writestr("TypeSystem.xml", TYPESYSTEM)
    result = imported(corpus, "xmi", file, XMI_MAP)
    assert result.exit_code == 1, result.output
    place = f"{BRIEF}.zip/{BRIEF}.xmi"
    assert findings(result) == [
        ("import.text-mismatch", place, *at(xmi, '<custom:Argument xmi:id="32"')),
        ("import.unmapped-code", place, *at(xmi, '<custom:Argument xmi:id="33"')),  # where the code is first used
    ]
    assert_written_and_valid(corpus, EXPECTED)
    assert suggested(corpus, "xmi", file) == {
        "codes": {"Argument": None, "Factual": None, "MEA": "actor/india-mea", "Interesting": None, "is about": None},
        "documents": {BRIEF: BRIEF},
    }


# -- brat standoff, a collection as a brat server keeps it ----------------------------------------

BRAT_CONF = """\
[entities]
Claim
Organization
Remark

[relations]
About\tArg1:Claim, Arg2:Organization

[events]

[attributes]
"""


def brat_ann(text: str) -> str:
    """The ``.ann`` file brat writes as an annotator codes the brief (offsets in code points of the ``.txt``)."""
    claim, mea, officials, maritime = (span(text, q) for q in (CLAIM, MEA, OFFICIALS, MARITIME))
    return (
        f"T1\tClaim {claim[0]} {claim[1]}\t{CLAIM}\n"
        f"T2\tOrganization {mea[0]} {mea[1]}\t{MEA}\n"
        "N1\tReference T2 Wikidata:Q1897530\tMinistry of External Affairs\n"
        "R1\tAbout Arg1:T1 Arg2:T2\n"
        # the text field of T3 is no longer the text at its offsets (its spelling was American)
        f"T3\tClaim {officials[0]} {officials[1]}\t{OFFICIALS.replace('defence', 'defense')}\n"
        f"T4\tRemark {maritime[0]} {maritime[1]}\t{MARITIME}\n"
        "#1\tAnnotatorNotes T4\tcome back to this\n"
    )


BRAT_MAP = """\
codes:
  "Wikidata:Q1897530": actor/india-mea
  Claim: claim/descriptive
  About: about/neutral
"""


def test_a_brat_collection(corpus: CorpusDir) -> None:
    text = brief_text(corpus)
    ann = brat_ann(text)
    folder = corpus.root.parent / "brat"
    (folder / "coll").mkdir(parents=True)
    (folder / "annotation.conf").write_text(BRAT_CONF, encoding="utf-8")
    (folder / "coll" / f"{BRIEF}.txt").write_bytes(text.encode("utf-8"))
    (folder / "coll" / f"{BRIEF}.ann").write_text(ann, encoding="utf-8", newline="\n")
    result = imported(corpus, "brat", folder, BRAT_MAP)
    assert result.exit_code == 1, result.output
    place = f"brat/coll/{BRIEF}.ann"
    assert findings(result) == [
        ("import.unmapped-code", "brat/annotation.conf", *at(BRAT_CONF, "Remark")),  # where it is declared
        ("import.quote-mismatch", place, *at(ann, "T3\t")),
    ]
    assert_written_and_valid(corpus, EXPECTED)
    made = suggested(corpus, "brat", folder)
    assert list(made["codes"]) == ["Claim", "Organization", "Remark", "About", "Ministry of External Affairs"]
    assert made["codes"]["Ministry of External Affairs"] == "actor/india-mea"
    assert made["documents"] == {BRIEF: BRIEF}


# -- W3C Web Annotation, as Hypothesis and Recogito clients write annotations -----------------------

#: the second of two places of this quote: the one a quote-only target with its prefix and suffix selects
SOURCE_MEA = "Ministry of External Affairs"
PAGE = "https://mea.gov.in/press-releases.htm?dtl/34211/IndiaUS+22+Intersessional+Dialogue"


def web_annotations(text: str) -> str:
    """A list of web annotations on the page the brief was copied from:
    Hypothesis highlights with tags, a Recogito entity (a Wikidata item)
    and a link from the claim to it."""

    def target(quote: str, exact: str | None = None) -> str:
        start, end = span(text, quote)
        prefix, suffix = text[max(0, start - 20) : start], text[end : end + 20]
        return (
            f'{{"source": "{PAGE}", "selector": ['
            '{"type": "RangeSelector", "startSelector": {"type": "XPathSelector", "value": "/div[1]/p[2]"}, '
            '"endSelector": {"type": "XPathSelector", "value": "/div[1]/p[2]"}}, '
            f'{{"type": "TextPositionSelector", "start": {start}, "end": {end}}}, '
            f'{{"type": "TextQuoteSelector", "exact": "{exact or quote}", '
            f'"prefix": {json.dumps(prefix)}, "suffix": {json.dumps(suffix)}}}]}}'
        )

    def tagged(n: int, tag: str, quote: str, exact: str | None = None, note: str | None = None) -> str:
        comment = f', {{"type": "TextualBody", "value": "{note}", "format": "text/markdown"}}' if note else ""
        return f"""\
  {{
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://hypothes.is/a/Hyp{n}",
    "type": "Annotation",
    "created": "2026-11-02T10:0{n}:00.000000+00:00",
    "creator": "acct:zoe@hypothes.is",
    "body": [{{"type": "TextualBody", "purpose": "tagging", "value": "{tag}"}}{comment}],
    "target": [{target(quote, exact)}]
  }},
"""

    return (
        "[\n"
        + tagged(1, "factual", CLAIM, note="check the date")
        + f"""\
  {{
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://recogito.example/annotation/7",
    "type": "Annotation",
    "creator": "acct:zoe@hypothes.is",
    "body": [{{"type": "SpecificResource", "purpose": "identifying", \
"source": "http://www.wikidata.org/entity/Q1897530"}}],
    "target": {target(MEA)}
  }},
"""
        + tagged(3, "factual", OFFICIALS, "Indian and US defence officials met")
        + tagged(4, "interesting", MARITIME)
        + f"""\
  {{
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://hypothes.is/a/Hyp5",
    "type": "Annotation",
    "creator": "acct:zoe@hypothes.is",
    "body": [{{"type": "TextualBody", "purpose": "tagging", "value": "mea"}}],
    "target": {{"source": "{PAGE}", "selector": {{"type": "TextQuoteSelector", "exact": "{SOURCE_MEA}",
      "prefix": "Source: ", "suffix": ", GOI. (2021"}}}}
  }},
"""
        + """\
  {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "id": "https://recogito.example/annotation/8",
    "type": "Annotation",
    "creator": "acct:zoe@hypothes.is",
    "motivation": "linking",
    "body": [
      {"type": "TextualBody", "purpose": "classifying", "value": "is about"},
      "https://recogito.example/annotation/7"
    ],
    "target": "https://hypothes.is/a/Hyp1"
  }
]
"""
    )


W3C_MAP = f"""\
codes:
  mea: actor/india-mea
  factual: claim/descriptive
  "http://www.wikidata.org/entity/Q1897530": actor/india-mea
  is about: about/neutral
documents:
  "{PAGE}": {BRIEF}
"""


def test_hypothesis_and_recogito_annotations(corpus: CorpusDir) -> None:
    annotations = web_annotations(brief_text(corpus))
    json.loads(annotations)
    file = corpus.root.parent / "annotations.json"
    file.write_text(annotations, encoding="utf-8")
    result = imported(corpus, "w3c", file, W3C_MAP)
    assert result.exit_code == 1, result.output
    assert findings(result) == [
        (
            "import.quote-mismatch",
            file.name,
            *at(
                annotations,
                '{\n    "@context": "http://www.w3.org/ns/anno.jsonld",\n    "id": "https://hypothes.is/a/Hyp3"',
            ),
        ),
        (
            "import.unmapped-code",
            file.name,
            *at(annotations, '{"type": "TextualBody", "purpose": "tagging", "value": "interesting"}'),
        ),
    ]
    # the quote-only target is the second place of its quote: an anchor with its occurrence
    assert_written_and_valid(
        corpus,
        f"""\
# yaml-language-server: $schema=../../schemas/annotation-file.schema.json
document: {BRIEF}
annotator: z

mentions:
  - actor: india-mea
    quote: {MEA}
  - actor: india-mea
    quote: {SOURCE_MEA}
    occurrence: 2

claims:
  - id: c1
    quote: {CLAIM}
    kind: descriptive
    about:
      - actor: india-mea
        stance: neutral
    note: check the date

evidence: []
""",
    )
    # a web page carries no text: the map names the page, for a person to say which document it is
    assert suggested(corpus, "w3c", file) == {
        "codes": {
            "factual": None,
            "http://www.wikidata.org/entity/Q1897530": None,
            "interesting": None,
            "mea": "actor/india-mea",
            "is about": None,
        },
        "documents": {PAGE: None},
    }


def test_a_quote_only_target_at_no_one_place_is_reported_and_the_rest_imported(corpus: CorpusDir) -> None:
    def quoting(n: int, exact: str, tag: str = "mea") -> str:
        return (
            f'{{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://hypothes.is/a/Q{n}", '
            f'"type": "Annotation", "body": {{"type": "TextualBody", "purpose": "tagging", "value": "{tag}"}}, '
            f'"target": {{"source": "{PAGE}", "selector": {{"type": "TextQuoteSelector", "exact": "{exact}"}}}}}}'
        )

    # twice in the text and no context; not in the text; once
    annotations = (
        "[\n"
        + ",\n".join([quoting(1, SOURCE_MEA), quoting(2, "Ministry of Foreign Affairs"), quoting(3, MEA)])
        + "\n]\n"
    )
    file = corpus.root.parent / "quotes.json"
    file.write_text(annotations, encoding="utf-8")
    result = imported(corpus, "w3c", file, W3C_MAP)
    assert result.exit_code == 1, result.output
    assert findings(result) == [("import.quote-mismatch", file.name, 2, 1), ("import.quote-mismatch", file.name, 3, 1)]
    assert "\n  - actor: india-mea\n    quote: external affairs ministry (India)\n\nclaims: []\n" in corpus.read(
        f"annotations/z/{BRIEF}.yaml"
    )
