"""The text as it was annotated: the version whose SHA-256 the catalog records.

``rehash`` needs it to know where each annotation stood before a correction.
It is the file the user names (``--old FILE``), or a version of the text file
that git keeps: in the index, or in any commit of any branch. A version is
taken only when its bytes hash to the catalog's checksum.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path


class OldTextError(Exception):
    """Why the annotated version of a text cannot be had."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def old_text(text_file: Path, recorded: str, given: Path | None = None) -> str:
    """The text whose bytes hash to ``recorded``: the file ``given``, or a
    version of ``text_file`` in git."""
    if given is not None:
        try:
            data = given.read_bytes()
        except OSError as exc:
            raise OldTextError(f"cannot read {given}: {exc.strerror or exc}") from None
        if sha256(data) != recorded:
            raise OldTextError(
                f"{given} is not the annotated text: its sha256 is {sha256(data)}, the catalog records {recorded}"
            )
        return _decode(data, str(given))
    kept = _from_git(text_file, recorded)
    if kept is None:
        raise OldTextError(
            f"no version of {text_file.name} with the catalog's sha256 {recorded[:12]}... was found in git; "
            "give the text as it was annotated with --old FILE (a copy from a backup, or from the exports)"
        )
    return _decode(kept, f"the version of {text_file.name} in git")


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise OldTextError(f"{what} is not UTF-8 (byte {exc.start})") from None


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], cwd=folder, input=stdin, capture_output=True, check=False)
    except OSError:  # no git installed
        return None
    return done.stdout if done.returncode == 0 else None


def _from_git(text_file: Path, recorded: str) -> bytes | None:
    """The bytes of a version of ``text_file`` in git that hash to ``recorded``."""
    folder = text_file.parent.resolve()
    if not folder.is_dir():
        return None
    name = text_file.name
    blobs: list[str] = []
    staged = _git(folder, "ls-files", "--stage", "--", name)
    for line in (staged or b"").decode("utf-8", "replace").splitlines():
        fields = line.split()
        if len(fields) >= 2:
            blobs.append(fields[1])
    history = _git(folder, "log", "--all", "--no-abbrev", "--format=", "--raw", "--no-renames", "--", name)
    for line in (history or b"").decode("utf-8", "replace").splitlines():
        fields = line.split()
        if line.startswith(":") and len(fields) >= 4:
            blobs += [b for b in fields[2:4] if b.strip("0")]
    seen: set[str] = set()
    for blob in blobs:
        if blob in seen:
            continue
        seen.add(blob)
        data = _git(folder, "cat-file", "blob", blob)
        if data is not None and sha256(data) == recorded:
            return data
    return None
