"""Editing the corpus's own files: under a lock, all or nothing, modes kept.

Every command that changes files of the corpus (the catalog, the registry,
texts, annotation files) does it through one :class:`Edit`::

    with Edit(layout.root) as edit:
        edit.write(layout.catalog, new_catalog)
        edit.write(text_file, data)
        edit.remove(old_file)
    # on leaving the block without an exception: every file replaced, or none

The edit takes the corpus's lock first (``.sscorpus-lock`` in the corpus
folder, git-ignored), so two commands never interleave their reads and
writes: the second waits, then reads what the first wrote. Each new content
goes to a temporary file beside its target; when all are written, a journal
naming them is written atomically, then each temporary file is renamed onto
its target, then the journal is removed. A command killed before the journal
exists leaves the corpus as it was (its temporary files are removed by the
next edit); one killed after it leaves a journal that the next edit, or
:func:`recover`, plays to the end. A replaced file keeps its permission bits;
a new one gets the bits the user's umask gives.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from types import TracebackType

import filelock

from ..findings import SetupError

#: the lock file and the journal, in the corpus folder (both git-ignored)
LOCK_NAME = ".sscorpus-lock"
JOURNAL_NAME = ".sscorpus-journal"
#: how temporary files of an edit start their name
_TEMPORARY = ".sscorpus-edit-"
#: how long a command waits for another one editing the same corpus
LOCK_TIMEOUT = 60.0


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on Windows; renames there are durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes, mode: int) -> None:
    with path.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    path.chmod(mode)


def recover(root: Path) -> list[Path]:
    """Finish an edit of the corpus at ``root`` that was killed after it
    committed, and remove the temporary files of edits killed before: the
    files an interrupted edit was replacing, now replaced. Call under the
    lock (an :class:`Edit` does)."""
    journal = root / JOURNAL_NAME
    finished: list[Path] = []
    if journal.is_file():
        try:
            moves = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise SetupError(
                f"{journal}: the journal of an interrupted edit cannot be read ({error}); "
                "check the files it names by hand, then delete it"
            ) from None
        for temporary, target in moves:
            destination = root / target
            if temporary is None:  # a removal
                destination.unlink(missing_ok=True)
                finished.append(destination)
                continue
            source = root / temporary
            if source.exists():
                source.replace(destination)
                finished.append(destination)
        journal.unlink()
        _fsync_dir(root)
    for folder in _edit_folders(root):
        for stray in folder.glob(f"{_TEMPORARY}*"):
            stray.unlink(missing_ok=True)
    return finished


def _edit_folders(root: Path) -> list[Path]:
    """The folders an edit may write into: the corpus folder, texts/,
    annotations/ with its annotators' folders, and those sscorpus init writes."""
    folders = [root, root / "texts", root / "annotations", root / "schemas", root / ".github" / "workflows"]
    annotations = root / "annotations"
    if annotations.is_dir():
        folders += sorted(p for p in annotations.iterdir() if p.is_dir() and not p.is_symlink())
    return [f for f in folders if f.is_dir()]


def interrupted(root: Path) -> bool:
    """Whether an edit of the corpus at ``root`` was killed after it committed."""
    return (root / JOURNAL_NAME).exists()


class Edit:
    """Changes to files of one corpus, made all together or not at all."""

    def __init__(self, root: Path, *, timeout: float = LOCK_TIMEOUT) -> None:
        self.root = root.absolute()
        self._lock = filelock.FileLock(self.root / LOCK_NAME, timeout=timeout)
        self._staged: dict[Path, Path] = {}
        self._removed: list[Path] = []

    def __enter__(self) -> Edit:
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise SetupError(
                f"another sscorpus command is changing the corpus in {self.root} "
                f"(it holds {self.root / LOCK_NAME}); try again when it has finished"
            ) from None
        try:
            recover(self.root)
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        try:
            if kind is None:
                self.commit()
        finally:
            self._discard()
            self._lock.release()

    def write(self, path: Path, data: bytes) -> None:
        """Stage ``data`` as the new content of ``path`` (a file inside the
        corpus folder); nothing changes until the edit commits."""
        target = path.absolute()
        if not target.is_relative_to(self.root):
            raise ValueError(f"{path} is not inside the corpus folder {self.root}")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = _umask_mode()
        previous = self._staged.pop(target, None)
        if previous is not None:
            previous.unlink(missing_ok=True)
        handle, name = tempfile.mkstemp(prefix=_TEMPORARY, dir=target.parent)
        os.close(handle)
        temporary = Path(name)
        self._staged[target] = temporary
        _write_file(temporary, data, mode)

    def remove(self, path: Path) -> None:
        """Stage the removal of ``path`` (a file inside the corpus folder):
        it goes when the edit commits, with the files written."""
        target = path.absolute()
        if not target.is_relative_to(self.root):
            raise ValueError(f"{path} is not inside the corpus folder {self.root}")
        previous = self._staged.pop(target, None)
        if previous is not None:
            previous.unlink(missing_ok=True)
        self._removed.append(target)

    def commit(self) -> None:
        """Replace every staged file: after a journal is on disk, the edit
        happens even if this process is killed (the next edit finishes it)."""
        if not self._staged and not self._removed:
            return
        moves: list[list[str | None]] = [
            [temporary.relative_to(self.root).as_posix(), target.relative_to(self.root).as_posix()]
            for target, temporary in self._staged.items()
        ]
        moves += [[None, target.relative_to(self.root).as_posix()] for target in self._removed]
        journal = self.root / JOURNAL_NAME
        handle, name = tempfile.mkstemp(prefix=_TEMPORARY, dir=self.root)
        os.close(handle)
        _write_file(Path(name), json.dumps(moves).encode("utf-8"), 0o644)
        Path(name).replace(journal)
        _fsync_dir(self.root)
        # from here the journal owns the temporary files: an error below leaves
        # them for the next edit to finish, never deleted half-way
        staged, removed = dict(self._staged), list(self._removed)
        self._staged.clear()
        self._removed.clear()
        for target, temporary in staged.items():
            temporary.replace(target)
        for target in removed:
            target.unlink(missing_ok=True)
        for folder in {target.parent for target in (*staged, *removed)}:
            _fsync_dir(folder)
        journal.unlink()

    def _discard(self) -> None:
        for temporary in self._staged.values():
            temporary.unlink(missing_ok=True)
        self._staged.clear()
        self._removed.clear()
