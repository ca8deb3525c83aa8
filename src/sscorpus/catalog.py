"""The catalog: documents, their text files and checksums."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .findings import Finding, Severity
from .loading import LoadedFile
from .model import Document


def read_catalog(loaded: LoadedFile, texts_dir: Path) -> tuple[dict[str, Document], list[Finding]]:
    """Documents of the catalog, each with its text if it can be trusted.

    A text that is missing, not UTF-8, or whose SHA-256 or length differ
    from the catalog is reported. A changed text is still used for anchoring,
    so that the report shows which quotes the change broke; a missing or
    undecodable one leaves its document without text, and its annotations
    are checked for everything but their anchors.
    """
    documents: dict[str, Document] = {}
    findings: list[Finding] = []
    entries = loaded.data.get("documents") if isinstance(loaded.data, dict) else None
    if not isinstance(entries, list):
        return documents, findings
    first_line: dict[str, int] = {}
    for i, entry in enumerate(entries):
        pointer = f"/documents/{i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        doc_id = entry["id"]
        if doc_id in documents:
            findings.append(loaded.finding(
                f"{pointer}/id", "id.duplicate",
                f"document id '{doc_id}' is already used on line {first_line[doc_id]}",
                "give each document its own id"))
            continue
        first_line[doc_id] = loaded.locate(f"{pointer}/id")[0]
        text_name = entry.get("text")
        valid_name = isinstance(text_name, str) and text_name.endswith(".txt") and "/" not in text_name
        text_file = texts_dir / (text_name if valid_name else f"{doc_id}.txt")  # type: ignore[operator]
        text: str | None = None
        if valid_name:  # else the schema reports the name
            text, problems = _read_text(loaded, pointer, entry, text_file)
            findings.extend(problems)
        documents[doc_id] = Document(
            id=doc_id, title=str(entry.get("title", "")), kind=str(entry.get("kind", "")),
            default_speaker=entry.get("default_speaker") if isinstance(entry.get("default_speaker"), str) else None,
            text_file=text_file, text=text, meta=entry, pointer=pointer)
    known = {d.text_file.name for d in documents.values()}
    for path in sorted(texts_dir.glob("*.txt")):
        if path.name not in known:
            findings.append(Finding(path, 0, 0, "catalog.uncatalogued-text",
                                    f"text file {path.name} is not in the catalog", "",
                                    "describe it in texts/catalog.yaml, or remove it",
                                    Severity.WARNING))
    return documents, findings


def _read_text(loaded: LoadedFile, pointer: str, entry: dict[str, object],
               text_file: Path) -> tuple[str | None, list[Finding]]:
    """The bytes of a text file are read only when it is a regular file
    inside the corpus folder (the folder that holds texts/): a link that
    leads out is refused, so no content of another file can reach a report."""
    name = text_file.name
    root = text_file.parent.parent.resolve()
    try:
        inside = text_file.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links
        inside = True  # reading it fails below, with its reason
    if not inside:
        return None, [loaded.finding(f"{pointer}/text", "file.outside-corpus",
                                     f"text file {name} is a link to a file outside the corpus folder: it is not read",
                                     "keep the texts inside the corpus folder (a link may point inside it)")]
    if text_file.exists() and not text_file.is_file():
        what = "a folder" if text_file.is_dir() else "not a regular file"
        return None, [loaded.finding(f"{pointer}/text", "catalog.text-unreadable",
                                     f"text file {name} is {what}", "put the text file in its place")]
    try:
        raw = text_file.read_bytes()
    except FileNotFoundError:
        link = " (a link to a file that does not exist)" if text_file.is_symlink() else ""
        return None, [loaded.finding(f"{pointer}/text", "catalog.text-missing",
                                     f"text file {name} not found in {text_file.parent.name}/{link}",
                                     "check the file name, or add the text")]
    except OSError as exc:
        return None, [loaded.finding(f"{pointer}/text", "catalog.text-unreadable",
                                     f"text file {name} cannot be read: {exc.strerror or exc}",
                                     "give yourself read permission on it")]
    findings: list[Finding] = []
    expected = entry.get("sha256")
    actual = hashlib.sha256(raw).hexdigest()
    if isinstance(expected, str) and expected != actual:
        findings.append(loaded.finding(
            f"{pointer}/sha256", "catalog.checksum",
            f"{text_file.name} has changed: its SHA-256 is {actual}, the catalog says {expected}",
            "annotations are anchored to the text as catalogued; restore the text, or re-check every "
            "annotation of this document and then update sha256 and characters"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        findings.append(loaded.finding(f"{pointer}/text", "catalog.text-encoding",
                                       f"{text_file.name} is not UTF-8 (byte {exc.start})",
                                       "texts must be UTF-8"))
        return None, findings
    characters = entry.get("characters")
    if isinstance(characters, int) and not isinstance(characters, bool) and characters != len(text):
        findings.append(loaded.finding(
            f"{pointer}/characters", "catalog.length",
            f"{text_file.name} has {len(text)} characters, the catalog says {characters}",
            "offsets count Unicode code points; update the catalog if the text is the right one"))
    return text, findings
