"""The command line: ``sscorpus validate``. Only this module imports click."""

from __future__ import annotations

import gc
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TextIO

import click

from . import __version__
from .checks import list_checks as checks_list
from .findings import EXIT_FINDINGS, EXIT_USAGE, SetupError
from .reporters import REPORTERS, display_path, write_stats_json, write_stats_text
from .stats import collect
from .validate import Checked, check

_root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path),
    help="The corpus folder (default: the nearest one above the current folder, or above PATH).")
_findings_format_option = click.option(
    "--format", "format_", type=click.Choice(sorted(REPORTERS)), default=None,
    help="Format of the findings (default: github when GITHUB_ACTIONS is set, else text).")


def _usage_error(message: str) -> NoReturn:
    click.echo(f"sscorpus: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _checked(root: Path | None, paths: tuple[Path, ...] = ()) -> Checked:
    try:
        return check(root, list(paths))
    except SetupError as exc:
        _usage_error(str(exc))


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--list-checks", is_flag=True, help="List every check in the order it runs, with the codes it "
              "emits, and exit.")
def validate(paths: tuple[Path, ...], root: Path | None, format_: str | None, strict: bool,
             list_checks: bool) -> None:
    """Check the corpus, or only the annotation files PATH..., and report
    every problem as path:line:col: error[code] message."""
    if list_checks:
        click.echo(checks_list(), nl=False)
        return
    checked = _checked(root, paths)
    _write(lambda stream: REPORTERS[format_ or _default_format()](checked.report, stream, None, strict=strict))
    sys.exit(checked.report.exit_code(strict=strict))


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
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write (default: the corpus's exports/ folder).")
@_root_option
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 when the files in the output folder are not what the annotations give.")
@_findings_format_option
@click.option("--layer", help="Export one layer only: an annotator, or gold (default: every layer, each row naming "
              "its annotator).")
def export(out: Path | None, root: Path | None, check_only: bool, format_: str | None, layer: str | None) -> None:
    """Validate the corpus, then write the dataset: csv/<table>.csv,
    sscorpus.xlsx and datapackage.json. With any error nothing is written."""
    from .dataset import export as export_dataset  # pandas loads in a third of a second: only here

    try:
        result = export_dataset(root, out, check_only=check_only, layer=layer)
    except SetupError as exc:
        _usage_error(str(exc))
    except OSError as exc:
        _usage_error(f"cannot write the exports: {exc}")
    report = result.report
    if report.errors:
        _write(lambda stream: REPORTERS[format_ or _default_format()](report, stream, None))
        click.echo("sscorpus: nothing exported: fix the errors above first", err=True)
        sys.exit(EXIT_FINDINGS)
    where = display_path(result.out)
    if check_only:
        if result.stale:
            click.echo(f"{where}: stale exports; run 'sscorpus export' and commit the result:")
            for name in result.stale:
                click.echo(f"  {name}")
            sys.exit(EXIT_FINDINGS)
        click.echo(f"{where}: exports are current")
        return
    click.echo(f"{where}: wrote {len(result.written)} files")


@main.command()
@click.option("--annotator", help="Only this annotator's files.")
@_root_option
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
        click.echo(f"sscorpus: note: the corpus has {len(checked.report.errors)} validation errors; "
                   "run 'sscorpus validate'", err=True)


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Where to build the site (default: the corpus's site/ folder); an existing site there is replaced.")
@_root_option
@_findings_format_option
@click.option("--layer", help="Show one layer only: an annotator, or gold (default: every layer).")
def site(out: Path | None, root: Path | None, format_: str | None, layer: str | None) -> None:
    """Validate the corpus, then build a static site to browse it (a page per
    document with the annotations highlighted, a page per entity, the
    codebook) and download the dataset; open site/index.html in a browser.
    With any error nothing is written."""
    from .site import build_site  # pandas and Jinja2 load only here

    try:
        result = build_site(root, out, layer=layer)
    except SetupError as exc:
        _usage_error(str(exc))
    except OSError as exc:
        _usage_error(f"cannot write the site: {exc}")
    report = result.report
    if report.errors:
        _write(lambda stream: REPORTERS[format_ or _default_format()](report, stream, None))
        click.echo("sscorpus: no site built: fix the errors above first", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"{display_path(result.out)}: wrote {len(result.pages)} pages; open "
               f"{display_path(result.out / 'index.html')} in a browser")
