"""The command line, and nothing else: every command (``validate``, ``stats``,
``export``, ``agree``, ``curate``, ``site``, and those that grow the corpus:
``add-text``, ``new``, ``locate``, ``registry``, ``rehash``) parses its options,
makes one call into the package and prints. Only this module imports click.

It is longer than 400 lines because it is thin: one short function per
command, with click's option declarations; keeping them in one place keeps
the list of commands and their help in one place.
"""

from __future__ import annotations

import gc
import io
import os
import sys
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any, NoReturn, TextIO

import click

from . import __version__
from .checks.checklist import list_checks as checks_list
from .checks.reporters import REPORTERS, display_path, printable, write_stats_json, write_stats_text
from .checks.stats import collect
from .checks.validate import Checked, check
from .corpus.layout import Layout, find_root
from .findings import EXIT_FINDINGS, EXIT_USAGE, Finding, Report, SetupError

_root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="The corpus folder (default: the nearest one above the current folder, or above PATH).",
)
#: --root for commands that take no PATH
_corpus_root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="The corpus folder (default: the nearest one at or above the current folder).",
)
_findings_format_option = click.option(
    "--format",
    "format_",
    type=click.Choice(sorted(REPORTERS)),
    default=None,
    help="Format of the findings (default: github when GITHUB_ACTIONS is set, else text).",
)


def _echo(line: str = "", *, err: bool = False) -> None:
    """Print one line; every value from a file or an option passes through
    ``printable``, so that none can rewrite the terminal or forge a line."""
    click.echo(printable(line), err=err)


_jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes that read the annotation files as the corpus is validated (default: one per core, when the "
    "corpus is large enough to pay for them); the findings and the output are the same for any number.",
)


def _usage_error(message: str) -> NoReturn:
    _echo(f"sscorpus: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _checked(root: Path | None, paths: tuple[Path, ...] = (), jobs: int | None = None) -> Checked:
    try:
        return check(root, list(paths), jobs=jobs)
    except SetupError as exc:
        _usage_error(str(exc))


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


class _Program(click.Group):
    """The command line. Called without arguments, as the ``sscorpus``
    program and ``python -m sscorpus`` call it (click reads them from
    sys.argv), it is the process: a command may end the process once its
    output is written (``_end``). Given its arguments (a script, a test),
    every command ends by SystemExit, as click's do."""

    ends_process = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.ends_process = not args and "args" not in kwargs
        return super().__call__(*args, **kwargs)


def _end(code: int) -> NoReturn:
    """End the command with ``code``, its output written. When it is the
    process (``_Program``), the process ends there: what the command built
    (a whole-corpus validate's model: millions of objects, a few percent of
    its time to free one by one) goes with the process's memory, as a
    type checker's command line does."""
    out, err = sys.stdout, sys.stderr
    if main.ends_process and out is sys.__stdout__ and err is sys.__stderr__ and out and err:
        try:
            out.flush()
            err.flush()
        except (BrokenPipeError, ValueError):  # a reader gone, or a stream closed: nothing more can be written
            pass
        os._exit(code)
    sys.exit(code)


@click.group(cls=_Program, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sscorpus")
def main() -> None:
    """sscorpus: annotations of policy texts on South-South cooperation.

    Exit codes: 0 clean, 1 findings (or stale exports), 2 usage or setup error.
    """
    # A command loads a corpus into millions of small objects, none of them
    # cyclic garbage, and then exits: the cyclic collector would only walk them.
    gc.disable()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_root_option
@_findings_format_option
@click.option(
    "--strict", is_flag=True, help="Fail on warnings too (with PATHs: the warnings about the files and folders named)."
)
@click.option(
    "--list-checks",
    is_flag=True,
    help="List every check in the order it runs (when, for a phase of loading), with the codes it emits, and exit.",
)
@_jobs_option
def validate(
    paths: tuple[Path, ...], root: Path | None, format_: str | None, strict: bool, list_checks: bool, jobs: int | None
) -> None:
    """Check the corpus, or only the annotation files PATH..., and report
    every problem as path:line:col: error[code] message."""
    if list_checks:
        click.echo(checks_list(), nl=False)  # sscorpus's own text
        return
    checked = _checked(root, paths, jobs)
    _write(lambda stream: REPORTERS[format_ or _default_format()](checked.report, stream, None, strict=strict))
    _end(checked.report.exit_code(strict=strict))


def _write(emit: Callable[[TextIO], None]) -> None:
    """Write to stdout; text that the terminal cannot encode is escaped, and
    a closed pipe (``| head``) ends the output quietly."""
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="backslashreplace")
    try:
        emit(stream)
        stream.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write (default: the corpus's exports/ folder).",
)
@_root_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 when the files in the output folder are not what the annotations give.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT",
    help="What to export, repeatable: tables (csv/, parquet/, networks/, the workbook and datapackage.json) "
    "or an interchange "
    "format (qdpx, xmi, brat, w3c: see the README's Interchange section); default: all of them. Only the "
    f"files of the formats named are replaced. {', '.join(sorted(REPORTERS))}: the format of the findings "
    "(default: github when GITHUB_ACTIONS is set, else text).",
)
@click.option(
    "--layer",
    help="Export one layer only: an annotator, or gold (default: every layer, each row naming its annotator).",
)
@_jobs_option
def export(
    out: Path | None, root: Path | None, check_only: bool, formats: tuple[str, ...], layer: str | None, jobs: int | None
) -> None:
    """Validate the corpus, then write the dataset: csv/<table>.csv,
    parquet/<table>.parquet, sscorpus.xlsx, datapackage.json, the networks'
    GraphML and GEXF files, and a file per interchange format. With any
    error nothing is written."""
    from .exporting import export as export_dataset  # pandas loads in a third of a second: only here

    format_ = next((name for name in reversed(formats) if name in REPORTERS), None)
    chosen = [name for name in formats if name not in REPORTERS] or None
    try:
        # validated on every core (or jobs), unless a check finds the record current
        result = export_dataset(root, out, check_only=check_only, layer=layer, formats=chosen, jobs=jobs)
    except SetupError as exc:
        _usage_error(str(exc))
    except OSError as exc:
        _usage_error(
            f"cannot write the exports: {exc} (is one of its files open in another program? "
            "the previous exports are unchanged)"
        )
    report = result.report
    if report.errors:
        _write(lambda stream: REPORTERS[format_ or _default_format()](report, stream, None))
        _echo("sscorpus: nothing exported: fix the errors above first", err=True)
        sys.exit(EXIT_FINDINGS)
    where = display_path(result.out)
    if check_only:
        if result.stale:
            _echo(
                f"{where}: stale exports; the default branch regenerates them after each merge "
                "(in a branch, leave exports/ alone; on the default branch, run 'sscorpus export'):"
            )
            for name in result.stale:
                _echo(f"  {name}")
            sys.exit(EXIT_FINDINGS)
        _echo(f"{where}: exports are current")
        return
    _echo(f"{where}: wrote {len(result.written)} files")


@main.command("import")
@click.argument("format_name", metavar="FORMAT")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--annotator",
    help="The layer to write: annotations/ANNOTATOR/DOC.yaml. When the file holds the coding of several "
    "people, the selections of the one of this name (or of --creator) are taken.",
)
@click.option("--document", help="The document of the catalog that a file of one document codes (default: by name).")
@click.option(
    "--map",
    "map_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The map file: foreign codes to codebook paths, foreign documents to document ids (see the README).",
)
@click.option("--creator", help="Take the selections of this creator, as the file names them.")
@click.option(
    "--suggest-map",
    "suggest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a starting map of the file's codes to this new file, and import nothing.",
)
@_corpus_root_option
def import_(
    format_name: str,
    file: Path,
    annotator: str | None,
    document: str | None,
    map_file: Path | None,
    creator: str | None,
    suggest: Path | None,
    root: Path | None,
) -> None:
    """Bring another tool's coding (FORMAT: qdpx, xmi, brat or w3c) in as
    ordinary annotation files, quote-anchored and validated; report, at its
    place in FILE, everything that could not be carried. Never overwrites a
    file; writes all the files or none."""
    from .interchange.importing import import_file, suggest_map  # pandas: only here

    try:
        if suggest is not None:
            project = suggest_map(root, format_name, file, suggest)
            read = Report()
            read.extend(project.findings)
            if read.findings:
                _write(lambda stream: REPORTERS[_default_format()](read, stream, None))
            _echo(f"{display_path(suggest)}: a map of {len(project.codes)} codes; check it, then --map it")
            sys.exit(read.exit_code())
        if annotator is None:
            _usage_error("--annotator is required: the layer the import writes")
        result = import_file(root, format_name, file, annotator, document=document, map_file=map_file, creator=creator)
    except SetupError as exc:
        _usage_error(str(exc))
    except OSError as exc:
        _usage_error(f"cannot import: {exc}")
    report = result.report
    if report.findings:
        _write(lambda stream: REPORTERS[_default_format()](report, stream, None))
    if not result.written:
        _echo("sscorpus: nothing imported" + (": see the findings above" if report.findings else ""), err=True)
        sys.exit(EXIT_FINDINGS if report.findings else 0)
    for path in result.written:
        _echo(f"{display_path(path)}: written")
    if report.errors:
        _echo("sscorpus: what the findings above name was not imported", err=True)
    sys.exit(report.exit_code())


@main.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write: a new or empty one, or one an earlier 'sscorpus networks' wrote.",
)
@_corpus_root_option
@click.option(
    "--layer",
    help="The networks of one layer: an annotator, or gold (default: each document's count layer, gold where "
    "it exists).",
)
@click.option(
    "--scope",
    "scopes",
    type=click.Choice(["corpus", "document", "window"]),
    multiple=True,
    help="The scopes to write, repeatable (default: all three): the whole corpus, each document, each time window.",
)
@click.option(
    "--window",
    type=click.Choice(["year", "month"]),
    default="year",
    show_default=True,
    help="The time windows, by the documents' catalog date.",
)
@_findings_format_option
def networks(
    out: Path, root: Path | None, layer: str | None, scopes: tuple[str, ...], window: str, format_: str | None
) -> None:
    """Validate the corpus, then write its discourse networks (affiliation,
    congruence, conflict, co-occurrence) as GraphML, GEXF and CSV edge and
    node lists, for the whole corpus, each document and each time window.
    With any error nothing is written."""
    from .dataset.network_export import write_networks  # pandas and networkx load only here

    try:
        result = write_networks(
            out,
            root,
            layer=layer,
            scopes=scopes or None,
            window=window,
            checked=_checked(root),
        )
    except SetupError as exc:
        _usage_error(str(exc))
    except OSError as exc:
        _usage_error(f"cannot write the networks: {exc} (the folder is unchanged)")
    report = result.report
    if report.errors or result.networks is None:
        _write(lambda stream: REPORTERS[format_ or _default_format()](report, stream, None))
        _echo("sscorpus: no networks written: fix the errors above first", err=True)
        sys.exit(EXIT_FINDINGS)
    found = result.networks
    _echo(f"{display_path(result.out)}: wrote {len(result.written)} files")
    if found.undated:
        _echo(
            f"  {len(found.undated)} documents have no date that names a {window}: in no window "
            f"({', '.join(found.undated)})"
        )
    if found.uncounted:
        _echo(
            f"  {len(found.uncounted)} documents have several annotators and no gold: in no network "
            f"({', '.join(found.uncounted)}); choose one with --layer"
        )
    if found.unspoken:
        _echo(f"  {found.unspoken} links belong to claims without a speaker: in co-occurrence only")


@main.command()
@click.option("--annotator", help="Only this annotator's files.")
@_corpus_root_option
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def stats(annotator: str | None, root: Path | None, format_: str) -> None:
    """Report how complete the annotation is: counts per type and document,
    paragraphs of the body without a claim or evidence, claims without a link,
    evidence that supports nothing, names no mention covers, entities never
    mentioned. A report, not a check: it exits 0."""
    checked = _checked(root)
    if annotator is not None and annotator not in {f.annotator for f in checked.corpus.files}:
        _usage_error(f"no annotation files of annotator '{annotator}'")
    result = collect(checked.corpus, annotator)
    writer = write_stats_json if format_ == "json" else write_stats_text
    _write(lambda stream: writer(result, stream, None))
    if checked.report.errors:
        _echo(
            f"sscorpus: note: the corpus has {len(checked.report.errors)} validation errors; run 'sscorpus validate'",
            err=True,
        )


@main.command()
@click.option(
    "--annotators",
    help="The annotators to compare, comma-separated (default: every annotator but "
    "gold, the adjudicated layer; name it to compare an annotator with it).",
)
@click.option("--document", help="Only this document (default: every document two annotators annotated).")
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@_root_option
def agree(annotators: str | None, document: str | None, format_: str, root: Path | None) -> None:
    """Report the agreement of annotators: for every pair, precision, recall
    and F1 of their units (exact and overlap matching), Cohen's kappa and
    Krippendorff's alpha of the codes of matched units, with n, and every
    disagreement with both path:line. A report: it exits 0 (1 when the
    corpus has validation errors, 2 on a usage error)."""
    from .agreement.disagreements import disagreements
    from .agreement.measure import (
        ALL_DOCUMENTS,  # numpy and krippendorff load only here
        independent_annotators,
    )
    from .agreement.measure import agree as measure
    from .agreement.report import write_agreement_json, write_agreement_text

    checked = _checked(root)
    report = checked.report
    if report.errors:
        _write(lambda stream: REPORTERS[_default_format()](report, stream, None))
        _echo("sscorpus: no agreement measured: fix the errors above first", err=True)
        sys.exit(EXIT_FINDINGS)
    known = sorted({f.annotator for f in checked.corpus.files})
    names = (
        sorted({a.strip() for a in annotators.split(",") if a.strip()})
        if annotators
        else independent_annotators(checked.corpus)  # gold only when named: it adjudicates the others
    )
    unknown = [a for a in names if a not in known]
    if unknown:
        _usage_error(
            f"no annotation files of annotator {', '.join(repr(a) for a in unknown)}; "
            f"annotators: {', '.join(known) or 'none'}"
        )
    if len(names) < 2:
        _usage_error(f"agreement needs two annotators or more; given: {', '.join(names) or 'none'}")
    if document is not None and document not in {f.document for f in checked.corpus.files if f.annotator in names}:
        _usage_error(f"no annotation files of document '{document}' by {', '.join(names)}")
    corpus = checked.corpus
    result = measure(corpus, names, document)
    found = [d for first, second in combinations(names, 2) for d in disagreements(corpus, first, second, document)]
    if format_ == "json":
        _write(lambda stream: write_agreement_json(result, found, stream, corpus.root))
    else:
        _write(lambda stream: write_agreement_text(result, found, stream, document or ALL_DOCUMENTS))


@main.command()
@click.argument("document")
@click.option("--from", "from_", required=True, metavar="A,B", help="The two annotators to start from.")
@click.option(
    "--merge",
    is_flag=True,
    help="Add the new agreements to an existing gold file, leaving what is there as it is, and list the "
    "disagreements it has not decided.",
)
@_root_option
def curate(document: str, from_: str, merge: bool, root: Path | None) -> None:
    """Start the adjudicated gold layer of DOCUMENT: write
    annotations/gold/DOCUMENT.yaml with every unit the two annotators agree
    on, and every disagreement, with both versions and their lines, in a
    comment block at its end. Never overwrites a gold file (see --merge)."""
    from .agreement.curate import CurateError
    from .agreement.goldfile import write_gold

    layout = _layout(root)
    try:
        curated = write_gold(layout.root, document, [a.strip() for a in from_.split(",")], merge=merge)
    except (CurateError, SetupError) as exc:
        _usage_error(str(exc))
    if not curated.written:
        report = Report()
        report.extend(curated.findings)
        _write(lambda stream: REPORTERS[_default_format()](report, stream, None))
        _echo(f"sscorpus: {display_path(curated.path)} not written: {curated.why}", err=True)
        sys.exit(EXIT_FINDINGS)
    counts = ", ".join(f"{n} {section.replace('_', ' ')}" for section, n in curated.agreed.items())
    decided = f" ({curated.decided} more that gold has decided, not listed again)" if curated.decided else ""
    _echo(
        f"{display_path(curated.path)}: {'added' if merge else 'agreed'}: {counts}; "
        f"{curated.disagreements} disagreements listed at its end to adjudicate{decided}"
    )
    for kind, old, new in curated.renamed:
        _echo(f"  {kind} {old} is {new} in gold: gold already uses {old}")


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--source",
    help="The address of the sscorpus repository that the pre-commit hook and the workflow install this "
    "release from (default: the one the workflow names).",
)
def init(folder: Path | None, source: str | None) -> None:
    """Start a corpus in FOLDER (default: the current folder): an empty
    catalog and registry, the schemas, .gitattributes, .gitignore, the
    pre-commit configuration and the GitHub workflow pinned to this release.
    Writes nothing over an existing file or into a corpus."""
    from .authoring.starting import init as start

    try:
        started = start(folder or Path.cwd(), source=source)
    except (SetupError, OSError) as exc:
        _usage_error(f"cannot start a corpus: {exc}")
    _echo(f"{display_path(started.root)}: started a corpus ({len(started.written)} files)")
    if "<" in started.source:
        _echo(
            f"note: .pre-commit-config.yaml and .github/workflows/sscorpus.yml install sscorpus from {started.source}: "
            "put the address of the sscorpus repository there (or run init with --source URL)"
        )
    _echo("next: git init, pre-commit install, then sscorpus add-text FILE --id ID ... (README, Adding a text)")


def _layout(root: Path | None) -> Layout:
    try:
        found = root.resolve() if root is not None else find_root(Path.cwd())
    except SetupError as exc:
        _usage_error(str(exc))
    if not (found / "texts" / "catalog.yaml").is_file():
        _usage_error(f"{found} is not a corpus folder: it has no texts/catalog.yaml (sscorpus init starts one)")
    return Layout(found)


def _echo_findings(findings: list[Finding]) -> None:
    report = Report()
    report.extend(findings)
    report.files_checked = 1  # the text
    _write(lambda stream: REPORTERS["text"](report, stream, None))


@main.command("add-text")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "doc_id", required=True, help="Document id: lower-case letters, digits, hyphens.")
@click.option("--title", required=True, help="Title as the text gives it.")
@click.option("--kind", required=True, help="essay, news-brief, press-release, report, speech or declaration.")
@click.option("--author", "authors", multiple=True, help="An author as printed (repeat for several).")
@click.option(
    "--affiliation",
    "affiliations",
    multiple=True,
    help="An author's affiliation and role as printed: the first --affiliation is the first --author's.",
)
@click.option(
    "--default-speaker",
    help="Actor id of the speaker of claims that name none (default: the first "
    "author, when the registry has that actor).",
)
@click.option("--url", help="The address the text was copied from.")
@click.option("--accessed", help="The date it was copied, YYYY-MM-DD (default: today, with --url).")
@click.option("--date", help="Date of the text: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--publication", help="Where the text was published.")
@click.option("--language", default="en", show_default=True, help="Language of the text (BCP 47).")
@click.option("--lf", is_flag=True, help="Convert CRLF or CR line ends to LF (the catalog entry records it).")
@click.option(
    "--paragraphs",
    type=click.Choice(["lines"]),
    help="For a source without blank lines: 'lines' puts a blank line between every two lines, each line "
    "being a paragraph (the catalog entry records how many).",
)
@click.option("--note", help="How the text was made from its source (provenance.note).")
@click.option(
    "--source-sha256",
    help="SHA-256 of the source the text was copied from, when it is kept elsewhere (a PDF); default: that "
    "of FILE when the text is not FILE byte for byte.",
)
@click.option(
    "--not-body",
    "not_body",
    multiple=True,
    metavar="QUOTE",
    help="A quote from a paragraph that is not body (the author line); repeat for several.",
)
@click.option(
    "--not-body-section",
    "not_body_sections",
    multiple=True,
    metavar="HEADING",
    help="The heading of a section that is not body (References); repeat for several.",
)
@_corpus_root_option
def add_text(
    file: Path,
    doc_id: str,
    title: str,
    kind: str,
    authors: tuple[str, ...],
    affiliations: tuple[str, ...],
    default_speaker: str | None,
    url: str | None,
    accessed: str | None,
    date: str | None,
    publication: str | None,
    language: str,
    lf: bool,
    paragraphs: str | None,
    note: str | None,
    source_sha256: str | None,
    not_body: tuple[str, ...],
    not_body_sections: tuple[str, ...],
    root: Path | None,
) -> None:
    """Copy the text FILE into texts/ and add its catalog entry (sha256 and
    characters computed). The text is FILE byte for byte unless --lf or
    --paragraphs change it, which the entry records. Checks everything first
    and writes nothing when it refuses; undo with sscorpus remove-text."""
    from .authoring.adding import NewText
    from .authoring.adding import add_text as add
    from .corpus.yamledit import EditError

    layout = _layout(root)
    request = NewText(
        file,
        doc_id,
        title,
        kind,
        authors,
        default_speaker,
        url,
        accessed,
        date,
        publication,
        language,
        lf,
        affiliations=affiliations,
        paragraphs=paragraphs,
        note=note,
        source_sha256=source_sha256,
        not_body=not_body,
        not_body_sections=not_body_sections,
    )
    try:
        result = add(layout, request)
    except (EditError, SetupError, OSError, UnicodeDecodeError) as exc:
        _usage_error(f"cannot add the text: {exc}")
    if result.findings:
        _echo_findings(result.findings)
    for reason in result.refused:
        _echo(f"sscorpus: error: {reason}", err=True)
    if result.refused:
        sys.exit(EXIT_USAGE)
    if not result.ok or result.text_file is None:
        _echo(
            "sscorpus: nothing written: fix the text (see above; add-text refuses warnings too) and add it again",
            err=True,
        )
        sys.exit(EXIT_FINDINGS)
    changed = []
    if result.converted:
        changed.append(f"carriage returns converted: {result.converted:,}")
    if result.inserted:
        changed.append(f"blank lines inserted: {result.inserted:,}")
    _echo(
        f"{display_path(result.text_file)}: added '{doc_id}' ({result.characters:,} characters, "
        f"sha256 {result.sha256[:12]}..., default speaker {result.default_speaker}"
        + "".join(f"; {c}" for c in changed)
        + ")"
    )
    _echo(f"next: sscorpus new {doc_id} --annotator NAME --suggest-mentions (undo: sscorpus remove-text {doc_id})")


@main.command("remove-text")
@click.argument("doc")
@_corpus_root_option
def remove_text(doc: str, root: Path | None) -> None:
    """Undo an add-text: remove document DOC's catalog entry and its text
    file, together. Refused when DOC has annotation files."""
    from .authoring.removing import RemoveError
    from .authoring.removing import remove_text as remove
    from .corpus.yamledit import EditError

    try:
        removed = remove(_layout(root), doc)
    except (RemoveError, EditError, SetupError, OSError, UnicodeDecodeError) as exc:
        _usage_error(str(exc))
    text = (
        f" and {display_path(removed.text_file)}"
        if removed.text_file
        else " (no text file removed: it was gone, or another entry names it)"
    )
    _echo(f"removed '{doc}': its catalog entry{text}")


@main.command()
@click.argument("doc")
@click.option("--annotator", required=True, help="Your annotator id (the folder under annotations/).")
@click.option(
    "--suggest-mentions",
    is_flag=True,
    help="Add a mention for every occurrence of every registry name and alias, to delete the wrong ones from.",
)
@_corpus_root_option
def new(doc: str, annotator: str, suggest_mentions: bool, root: Path | None) -> None:
    """Start annotations/ANNOTATOR/DOC.yaml: the schema line, document,
    annotator and empty sections. Never overwrites a file."""
    from .authoring.scaffold import ScaffoldError, new_file
    from .corpus.yamledit import EditError

    checked = _checked(_layout(root).root)
    try:
        made = new_file(checked.corpus, checked.layout, doc, annotator, suggest=suggest_mentions)
    except (ScaffoldError, EditError, SetupError) as exc:
        _usage_error(str(exc))
    suggested = f" with {made.mentions} suggested mentions" if suggest_mentions else ""
    _echo(f"{display_path(made.path)}: written{suggested}")


@main.command()
def lsp() -> None:
    """Run the language server on standard input and output, for an editor.

    The editor starts it (see the README's "Annotating in your editor"):
    findings as you type, what a quote resolves to, completion of ids and
    quotes, quick fixes, and "add claim" from a passage selected in a text.
    """
    from .lsp.server import serve  # pygls loads only here

    serve()


@main.command()
@click.argument("doc")
@click.argument("quote")
@click.option("--annotator", help="Also say which annotations of this annotator already cover each place.")
@_corpus_root_option
def locate(doc: str, quote: str, annotator: str | None, root: Path | None) -> None:
    """Every place QUOTE occurs in document DOC, with line:col, context and
    the anchor to write for it."""
    from .authoring.locating import anchor_lines
    from .authoring.locating import locate as find

    checked = _checked(_layout(root).root)
    document = checked.corpus.documents.get(doc)
    if document is None:
        _usage_error(f"no document '{doc}' in the catalog")
    known = sorted({f.annotator for f in checked.corpus.files})
    if annotator is not None and annotator not in known:
        _usage_error(f"no annotation files of annotator '{annotator}'; annotators: {', '.join(known) or 'none'}")
    places = find(checked.corpus, doc, quote, annotator)
    path = display_path(document.text_file)
    if not places:
        index = checked.corpus.index(doc)
        _echo(f"{path}: '{quote}' does not occur in the text (whitespace relaxed, case and punctuation exact)")
        if index is not None and quote.strip():
            first, *rest = (index.not_found(quote).hint or "").split("\n")
            _echo(f"    hint: {first}")
            for line in rest:
                _echo(f"          {line}")
        sys.exit(EXIT_FINDINGS)
    for place in places:
        _echo(f"{path}:{place.line}:{place.column}: {place.context}")
        for line in anchor_lines(place.anchor, "    "):
            _echo(line)
        if annotator is not None:
            for c in place.covered_by:
                _echo(f"  covered by {c.what} at {display_path(c.path)}:{c.line}:{c.column}")
            for c in place.inside:
                _echo(f"  inside {c.what} at {display_path(c.path)}:{c.line}:{c.column}")
            if not place.covered_by:
                own = " (a name inside another mention needs one of its own: guidelines 3.3)" if place.inside else ""
                _echo(f"  not covered by annotator {annotator}{own}")


@main.command()
@click.argument("query", required=False)
@click.option("--type", "type_", type=click.Choice(["actor", "institution", "principle"]), help="Only this type.")
@_corpus_root_option
def registry(query: str | None, type_: str | None, root: Path | None) -> None:
    """Find entities by id, name, alias, acronym or initials (also misspelt),
    with where each is defined; without QUERY, list them all. When nothing
    matches, say whether the guidelines let it be registered, from how the
    texts use it (exit 1)."""
    from .authoring.lookup import search, unregistered

    checked = _checked(_layout(root).root)
    hits = search(checked.corpus.entity_list, query, type_, limit=20 if query else None)
    if not hits:
        if not query:
            _echo("the registry holds no entity" + (f" of type {type_}" if type_ else ""))
            sys.exit(EXIT_FINDINGS)
        lacking = unregistered(checked.corpus, query)
        _echo(lacking.advice)
        for use in lacking.uses:
            place = {"place": " (a place)", "name": " (in a longer name)"}.get(use.use, "")
            _echo(f"  {display_path(use.path)}:{use.line}:{use.column}: {use.context}{place}")
        sys.exit(EXIT_FINDINGS)
    for hit in hits:
        entity, where = hit.entity, hit.entity.where
        also = f" (matched {hit.matched!r})" if query and hit.matched not in (entity.id, entity.name) else ""
        _echo(f"{display_path(where.path)}:{where.line}:{where.column}: {entity.type} {entity.id}: {entity.name}{also}")


@main.command()
@click.argument("doc")
@click.option(
    "--old",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The text as it was annotated (default: the version in git whose sha256 the catalog records).",
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@_corpus_root_option
@_findings_format_option
def rehash(doc: str, old: Path | None, dry_run: bool, root: Path | None, format_: str | None) -> None:
    """Accept a deliberate correction of document DOC's text: carry every
    annotation (every layer) and not_body item over from the text as
    annotated to the corrected one, rewrite selectors that now pick another
    place, report each one whose passage the correction changed, and record
    the new sha256 and characters. All files change at once, or none."""
    from .authoring.rehash import RehashError
    from .authoring.rehash import rehash as carry_over

    try:
        result = carry_over(_layout(root).root, doc, old=old, dry_run=dry_run)
    except (RehashError, SetupError) as exc:
        _usage_error(str(exc))
    if result.report.findings:
        _write(lambda stream: REPORTERS[format_ or _default_format()](result.report, stream, None))
    counts = result.counts
    if not result.compared:
        done = "unchanged" if result.previous_sha256 == result.sha256 else "recorded (none was recorded before)"
    else:
        done = "recorded"
    _echo(
        f"{doc}: sha256 {result.sha256[:12]}... and {result.characters:,} characters "
        f"{'would be ' + done if dry_run else done}; annotations and not_body items anchored: {counts['anchors']}, "
        f"rewritten: {counts['rewritten']}, moved: {counts['moved']}, broke: {counts['broke']}",
        err=format_ == "json",  # standard output holds the JSON alone
    )
    if result.counts["moved"] or result.counts["broke"]:
        _echo(
            "mark the passages that broke or moved again (sscorpus locate helps), then run sscorpus validate",
            err=True,
        )
    if result.errors_before:
        _echo(
            f"the corpus still has {result.errors_before:,} errors it had before, which the correction does not "
            "touch: run sscorpus validate",
            err=True,
        )
    if result.failed:
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to build the site (default: the corpus's site/ folder); the files of an earlier site there "
    "are replaced, files you added are kept.",
)
@_root_option
@_findings_format_option
@click.option("--layer", help="Show one layer only: an annotator, or gold (default: every layer).")
@_jobs_option
def site(out: Path | None, root: Path | None, format_: str | None, layer: str | None, jobs: int | None) -> None:
    """Validate the corpus, then build a static site to browse it (a page per
    document with the annotations highlighted, a page per entity, an overview
    of who stands where, the codebook) and download the dataset; open
    site/index.html in a browser.
    With any error nothing is written."""
    from .site.build import build_site  # pandas and Jinja2 load only here

    try:
        result = build_site(root, out, layer=layer, jobs=jobs)
    except SetupError as exc:
        _usage_error(str(exc))
    except OSError as exc:
        _usage_error(f"cannot write the site: {exc}")
    report = result.report
    if report.errors:
        _write(lambda stream: REPORTERS[format_ or _default_format()](report, stream, None))
        _echo("sscorpus: no site built: fix the errors above first", err=True)
        sys.exit(EXIT_FINDINGS)
    _echo(
        f"{display_path(result.out)}: wrote {len(result.pages)} pages; open "
        f"{display_path(result.out / 'index.html')} in a browser"
    )
