"""Putting an export in place: all or nothing, only its own files, one
export at a time.

An export is built in a staging folder beside its output folder (the same
file system), then switched in. On Linux the switch is one atomic exchange
of the two folders (``renameat2(RENAME_EXCHANGE)``), so the output folder
always holds a complete set, the old or the new one. Elsewhere it is two
renames (the old set aside, the new one in); an export stopped between them
leaves the old set complete beside the output folder, and the next export
puts it back before it starts. Staging folders left by a killed export are
removed by the next one.

An output folder is an sscorpus export when its ``datapackage.json`` is
sscorpus's; the files it lists (and the workbook) are the export's own. An
export refuses a non-empty folder that is not one, and a folder inside the
corpus's ``annotations/``, ``texts/`` or ``schemas/``; other files that a
user put in an export folder are carried over to the new set. Exports into
one folder take turns, by a lock file beside it.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import TracebackType

import filelock

from .corpus import Layout
from .findings import SetupError
from .formats import DESCRIPTOR, PACKAGE_NAME, WORKBOOK

#: how long an export waits for another one into the same folder to finish
LOCK_TIMEOUT = 600.0
_STAGING = ".sscorpus-staging-"
_PREVIOUS = ".sscorpus-previous"
_LOCK = ".sscorpus-lock"


def _beside(out: Path, suffix: str) -> Path:
    return out.parent / f".{out.name}{suffix}"


def owned_files(out: Path) -> set[str] | None:
    """The files of the sscorpus export in ``out`` (as its datapackage.json
    lists them, with the workbook and the descriptor itself), or None when
    ``out`` holds no sscorpus export."""
    try:
        package = json.loads((out / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(package, dict) or package.get("name") != PACKAGE_NAME:
        return None
    resources = package.get("resources")
    paths = {r.get("path") for r in resources if isinstance(r, dict)} if isinstance(resources, list) else set()
    return {DESCRIPTOR, WORKBOOK} | {p for p in paths if isinstance(p, str) and _inside(out, p)}


def _inside(out: Path, name: str) -> bool:
    """Whether ``name`` is a relative path below ``out`` (a descriptor must
    not make an export delete files elsewhere)."""
    path = Path(name)
    return not path.is_absolute() and ".." not in path.parts and bool(path.parts)


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


def check_target(out: Path, layout: Layout) -> None:
    """Raise SetupError when ``out`` is no place for an export."""
    out = out.resolve()
    for folder in (layout.annotations_dir, layout.texts_dir, layout.root / "schemas"):
        folder = folder.resolve()
        if out == folder or folder in out.parents:
            raise SetupError(
                f"{out}: exports cannot go inside {folder.name}/, which sscorpus reads as input; choose another --out"
            )
    if out.exists() and not out.is_dir():
        raise SetupError(f"{out} is a file, not a folder; choose another --out")
    if out.is_dir() and any(out.iterdir()) and owned_files(out) is None:
        raise SetupError(
            f"{out} is not empty and holds no sscorpus export (no sscorpus {DESCRIPTOR}); "
            "export into a new or empty folder, so that none of the files there is replaced"
        )


class ExportFolder:
    """The output folder of one export: taken (lock, recovery, staging) on
    entry, the staging folder removed on exit."""

    def __init__(self, out: Path, layout: Layout) -> None:
        self.out = out.resolve()
        self.layout = layout
        self.staging = self.out  # set on entry
        self._lock = filelock.FileLock(_beside(self.out, _LOCK), timeout=LOCK_TIMEOUT)

    def __enter__(self) -> ExportFolder:
        check_target(self.out, self.layout)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except filelock.Timeout as exc:
            raise SetupError(
                f"{self.out}: another export into this folder has been running for "
                f"{LOCK_TIMEOUT:.0f} s; try again when it ends"
            ) from exc
        try:
            recover(self.out)
            check_target(self.out, self.layout)  # again, now that no other export can change it
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}{_STAGING}", dir=self.out.parent))
            self.staging.chmod(_folder_mode(self.out))
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        try:
            if self.staging != self.out:
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._lock.release()

    def publish(self, files: list[str]) -> None:
        """Switch the staging folder, holding ``files``, in for the output
        folder; files of the output folder that no export wrote come along."""
        foreign: list[str] = []
        if self.out.is_dir():
            foreign = sorted(_files(self.out) - (owned_files(self.out) or set()))
        clash = [name for name in foreign if name in files]
        if clash:
            raise SetupError(
                f"{self.out}: {', '.join(clash)} would be replaced, but no earlier export wrote it; move it away first"
            )
        for name in foreign:
            target = self.staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.out / name, target, follow_symlinks=False)
        switch(self.staging, self.out)


def _folder_mode(out: Path) -> int:
    if out.is_dir():
        return out.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def recover(out: Path) -> None:
    """Undo what a stopped export left: the old set put back if it was set
    aside and the new one never came, and staging folders removed."""
    previous = _beside(out, _PREVIOUS)
    if previous.is_dir():
        if out.exists():
            shutil.rmtree(previous)
        else:
            previous.rename(out)
    pattern = glob.escape(f".{out.name}{_STAGING}") + "*"
    for staging in out.parent.glob(pattern):
        shutil.rmtree(staging, ignore_errors=True)


def switch(staging: Path, out: Path) -> None:
    """Put ``staging`` in the place of ``out``; the old set ends in
    ``staging`` or is removed."""
    if not out.exists():
        staging.rename(out)
        return
    if exchange(staging, out):
        return
    previous = _beside(out, _PREVIOUS)
    out.rename(previous)
    try:
        staging.rename(out)
    except OSError:
        previous.rename(out)  # the old set back in place
        raise
    shutil.rmtree(previous)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step, where the system can (Linux
    3.15 and later, on most file systems); False when it cannot."""
    if sys.platform != "linux":
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # not on this file system
        return False
    raise OSError(code, os.strerror(code), str(b))
