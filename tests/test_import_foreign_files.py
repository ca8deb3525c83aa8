"""``sscorpus import`` on foreign files made by hand, one per format, each
written the way the other tool writes it: a MAXQDA project (``.qdpx``), an
INCEpTION export of a layer of its own (UIMA CAS XMI with its type system),
a brat collection, and a Hypothesis/Recogito-style W3C annotation list. Each
codes the brief of the tests' corpus with a mention and a claim mapped by a
map file, an about link where the format relates, a selection whose text is
no longer the corpus's at its place and a code the map leaves out. The real
command runs on each: the good annotations are written (the whole file is
compared), the rest is reported at its place in the foreign file (exit 1),
the file validates, and ``--suggest-map`` names every foreign code."""

from __future__ import annotations

import contextlib
import re
import zipfile
from pathlib import Path

from click.testing import CliRunner, Result

import sscorpus
from conftest import BRIEF, CorpusDir
from sscorpus.cli import main

#: the passages coded, in the brief's text
CLAIM = "India-US 2+2 Intersessional Dialogue was held in Washington"
MEA = "external affairs ministry (India)"
OFFICIALS = "Indian and US defence and foreign ministry officials met"
MARITIME = "maritime security"

#: what every import writes: the mention and the claim (the brief's default speaker is india-mea)
HEAD = f"""\
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
"""
ABOUT = """\
    about:
      - actor: india-mea
        stance: neutral
"""
TAIL = """
evidence: []
"""

_FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?:error|warning)\[(?P<code>[^\]]+)\]", re.M)


def brief_text(corpus: CorpusDir) -> str:
    return corpus.path(f"texts/{BRIEF}.txt").read_bytes().decode("utf-8")


def span(text: str, quote: str, after: int = 0) -> tuple[int, int]:
    start = text.index(quote, after)
    return start, start + len(quote)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of ``text`` where ``needle`` first stands."""
    return text[: text.index(needle)].count("\n") + 1


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
    assert corpus.read(f"annotations/z/{BRIEF}.yaml") == expected
    checked = sscorpus.check(corpus.root)
    assert [f for f in checked.report.findings if "annotations/z/" in f.path.as_posix()] == []
    assert not checked.report.errors


def suggested_codes(corpus: CorpusDir, format_name: str, file: Path) -> dict[str, str]:
    """The codes of the map ``--suggest-map`` writes for ``file``, with their guesses."""
    out = corpus.root.parent / f"{format_name}-suggested.yaml"
    result = run(corpus, "import", format_name, file.name, "--suggest-map", out.name)
    assert result.exit_code == 0, result.output
    assert not corpus.path("annotations/y").exists()
    section = out.read_text(encoding="utf-8").split("codes:\n", 1)[1].split("documents:\n", 1)[0]
    return dict(
        (key.strip().strip('"'), value.strip())
        for key, _, value in (
            line.partition(": ") if ": " in line else line.rpartition(":")
            for line in section.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        )
    )


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
    qde = maxqda_project(text)
    file = corpus.root.parent / "coded.qdpx"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        archive.writestr(f"sources/{SOURCE}.txt", text.encode("utf-8"))
    result = imported(corpus, "qdpx", file, QDPX_MAP)
    assert result.exit_code == 1, result.output
    place = "coded.qdpx/project.qde"
    assert findings(result) == [
        ("import.unmapped-code", place, line_of(qde, 'name="Interesting"'), 7),
        ("import.quote-mismatch", place, line_of(qde, 'name="Indian and US'), 7),
    ]
    assert_written_and_valid(corpus, HEAD + ABOUT + TAIL)


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
        ("import.text-mismatch", place, line_of(xmi, 'xmi:id="32"'), 1),
        ("import.unmapped-code", place, line_of(xmi, 'xmi:id="33"'), 1),
    ]
    assert_written_and_valid(corpus, HEAD + ABOUT + TAIL)
