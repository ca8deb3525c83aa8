"""Putting a folder in place (an export, a site): all or nothing, only its
own files, one at a time.

A product is built in a staging folder, then switched in for its output
folder, in one of two ways:

- **The folder exchanged** (the usual case). The staging folder is made
  beside the output folder (the same file system), the files of the output
  folder that the product did not write are copied into it, and the two are
  switched. On Linux that is one atomic exchange (``renameat2``), so the
  output folder always holds a complete set, the old or the new one.
  Elsewhere it is two renames (the old set aside, the new one in); a build
  stopped between them leaves the old set complete beside the output folder,
  and the next build puts it back before it starts.
- **The contents exchanged**, when the output folder itself cannot be
  renamed: a mount point (``docker run -v $PWD/out:/out``), or a folder whose
  rename the system refuses (EBUSY, EXDEV). The new set is staged inside the
  output folder, then renamed to ``.sscorpus-incoming`` with a journal of the
  old files it makes obsolete; from then on the switch is decided: each file
  is renamed onto its place (every file is whole at every moment), the
  obsolete ones are removed, and the journal goes. A build stopped during the
  switch leaves a mix of old and new files that the next build, or
  :func:`recover`, completes to the new set before anything else; files the
  product did not write are never touched.

A folder is a product's when the product recognises its files there
(``Product.owned``: an export by its ``datapackage.json``, a site by its
manifest); only those are replaced or removed. A build refuses a non-empty
folder that holds none, the corpus folder and the folders above it, a git
work tree, and a folder inside the corpus's inputs. Staging folders left by
a killed build are removed by the next one. Builds into one folder take
turns, by a lock file beside it (inside a mount point whose parent folder
cannot be written).
"""

from __future__ import annotations

import ctypes
import errno
import glob
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import filelock

from ..corpus.layout import Layout
from ..findings import SetupError
from .files import CSV_DIR, DESCRIPTOR, GRAPH_FILES, PACKAGE_NAME, PARQUET_DIR, RECORD, WORKBOOK

#: how long a build waits for another one into the same folder to finish
LOCK_TIMEOUT = 600.0
#: what this module keeps in or beside an output folder starts with this
_OWN_PREFIX = ".sscorpus-"
_STAGING = ".sscorpus-staging-"
_PREVIOUS = ".sscorpus-previous"
_LOCK = ".sscorpus-lock"
_INCOMING = ".sscorpus-incoming"
_JOURNAL = ".sscorpus-obsolete.json"
#: the errors of a folder that cannot be renamed: a mount point, another file system
_NOT_RENAMEABLE = (errno.EBUSY, errno.EXDEV)


@dataclass(frozen=True, slots=True)
class Product:
    """What a command puts in a folder: its name in messages, how its files
    are told in a folder (None: the folder holds none of it), how a folder
    that holds none is described, and how a sentence names what it writes
    ("exports", "a site")."""

    name: str
    owned: Callable[[Path], set[str] | None]
    foreign: str
    what: str


def inside(name: str) -> bool:
    """Whether ``name`` is a relative path below a folder (a manifest must
    not make a build delete files elsewhere)."""
    path = Path(name)
    return not path.is_absolute() and ".." not in path.parts and bool(path.parts)


def export_files(out: Path, interchange: Collection[str] = ()) -> set[str] | None:
    """The files of the sscorpus export in ``out``: the tables (as its
    datapackage.json lists them, with the workbook, the descriptor itself,
    the graph files and each CSV table's Parquet file), the files of the
    interchange formats, by their fixed names ``interchange``, that are
    there, and the export's record (``checksums.json``) beside either; None
    when ``out`` holds none of them."""
    fixed = {name for name in interchange if inside(name) and (out / name).is_file()}
    try:
        package = json.loads((out / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return fixed | {RECORD} if fixed else None
    if not isinstance(package, dict) or package.get("name") != PACKAGE_NAME:
        return fixed | {RECORD} if fixed else None
    resources = package.get("resources")
    paths = {r.get("path") for r in resources if isinstance(r, dict)} if isinstance(resources, list) else set()
    listed = {p for p in paths if isinstance(p, str) and inside(p)}
    twins = {parquet_twin(p) for p in listed} - {""}
    return {DESCRIPTOR, WORKBOOK, RECORD, *GRAPH_FILES} | listed | twins | fixed


def parquet_twin(path: str) -> str:
    """The Parquet file of a CSV table (``csv/x.csv``: ``parquet/x.parquet``),
    which the descriptor does not list (Frictionless reads a Parquet file's
    nullable integers as decimals); empty for any other path."""
    folder, _, name = path.rpartition("/")
    return f"{PARQUET_DIR}/{name.removesuffix('.csv')}.parquet" if folder == CSV_DIR and name.endswith(".csv") else ""


def export_product(interchange: Collection[str] = ()) -> Product:
    """The export as a product whose files include those of the interchange
    formats, named ``interchange`` (``exporting.py`` knows the formats)."""
    names = frozenset(interchange)
    return Product(
        "export",
        lambda out: export_files(out, names),
        f"holds no sscorpus export (no sscorpus {DESCRIPTOR})",
        "exports",
    )


EXPORT = export_product()
#: the export's own files in a folder (kept under its old name)
owned_files = export_files


def _beside(out: Path, suffix: str) -> Path:
    return out.parent / f".{out.name}{suffix}"


def _ours(name: str) -> bool:
    """Whether a path in an output folder is this module's (staging, lock)."""
    return name.split("/", 1)[0].startswith(_OWN_PREFIX)


def files_in(folder: Path) -> set[str]:
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()}
    return {name for name in names if not _ours(name)}


def _has_content(folder: Path) -> bool:
    return any(not entry.name.startswith(_OWN_PREFIX) for entry in folder.iterdir())


def check_target(out: Path, layout: Layout, product: Product = EXPORT) -> None:
    """Raise SetupError when ``out`` is no place for ``product``."""
    out = out.resolve()
    root = layout.root.resolve()
    what = product.what
    if out == root or out in root.parents:
        raise SetupError(
            f"{out}: {what} cannot go into the corpus folder or a folder above it; choose a folder of its own"
        )
    for folder in (layout.annotations_dir, layout.texts_dir, layout.root / "schemas"):
        folder = folder.resolve()
        if out == folder or folder in out.parents:
            raise SetupError(
                f"{out}: {what} cannot go inside {folder.name}/, which sscorpus reads as input; choose another --out"
            )
    if out.exists() and not out.is_dir():
        raise SetupError(f"{out} is a file, not a folder; choose another --out")
    if (out / ".git").exists():
        raise SetupError(
            f"{out} is a git work tree: sscorpus does not write into one; build into a folder of its own "
            "and copy the files from there"
        )
    if out.is_dir() and _has_content(out) and product.owned(out) is None:
        raise SetupError(
            f"{out} is not empty and {product.foreign}; "
            f"write into a new or empty folder, so that none of the files there is replaced"
        )


def mount_point(folder: Path) -> bool:
    """Whether ``folder`` is a mount point (a bind mount too), which cannot
    be renamed."""
    if os.path.ismount(folder):
        return True
    try:
        table = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return False
    target = str(folder)
    for line in table.splitlines():
        fields = line.split(" ")
        if len(fields) > 4 and re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4]) == target:
            return True
    return False


class OutputFolder:
    """The output folder of one build: taken (lock, recovery, staging) on
    entry, the staging folder removed on exit. Build into ``staging``, then
    call :meth:`publish`."""

    def __init__(self, out: Path, layout: Layout, product: Product = EXPORT) -> None:
        self.out = out.resolve()
        self.layout = layout
        self.product = product
        self.staging = self.out  # set on entry
        self.contents = mount_point(self.out)  # a mount point: its contents are exchanged
        # beside the folder; inside a mount point whose parent cannot be written
        within = self.contents and not os.access(self.out.parent, os.W_OK)
        lock = self.out / _LOCK if within else _beside(self.out, _LOCK)
        self._lock = filelock.FileLock(lock, timeout=LOCK_TIMEOUT)

    def __enter__(self) -> OutputFolder:
        check_target(self.out, self.layout, self.product)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except filelock.Timeout as exc:
            raise SetupError(
                f"{self.out}: another {self.product.name} into this folder has been running for "
                f"{LOCK_TIMEOUT:.0f} s; try again when it ends"
            ) from exc
        try:
            recover(self.out)
            check_target(self.out, self.layout, self.product)  # again, now that no other build can change it
            if self.contents:
                self.staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=self.out))
            else:
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

    def publish(self, files: list[str], replaces: Callable[[str], bool] | None = None) -> None:
        """Switch the staging folder, holding ``files``, in for the output
        folder; files of the output folder that the product did not write stay.
        ``replaces`` tells which of the product's earlier files this build
        stands for (default: all): an earlier file it does not stand for stays
        too, and one it does is removed when it is not among ``files``."""
        old: set[str] = set()
        foreign: list[str] = []
        kept: list[str] = []
        if self.out.is_dir():
            old = self.product.owned(self.out) or set()
            foreign = sorted(files_in(self.out) - old)
        clash = [name for name in foreign if name in files]
        if clash:
            raise SetupError(
                f"{self.out}: {', '.join(clash)} would be replaced, but no earlier {self.product.name} wrote it; "
                "move it away first"
            )
        if replaces is not None:
            kept = sorted(name for name in old - set(files) if not replaces(name) and (self.out / name).is_file())
        obsolete = sorted(old - set(files) - set(kept))
        if self.contents:
            _switch_contents(self.staging, self.out, obsolete)
            return
        for name in foreign + kept:
            target = self.staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.out / name, target, follow_symlinks=False)
        try:
            switch(self.staging, self.out)
        except OSError as exc:
            if exc.errno not in _NOT_RENAMEABLE:
                raise
            # the folder cannot be renamed after all (a bind mount): its contents are
            inner = Path(tempfile.mkdtemp(prefix=_STAGING, dir=self.out))
            for name in files:
                (inner / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(self.staging / name, inner / name, follow_symlinks=False)
            _switch_contents(inner, self.out, obsolete)


def _folder_mode(out: Path) -> int:
    if out.is_dir():
        return out.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _switch_contents(staged: Path, out: Path, obsolete: list[str]) -> None:
    """Exchange the contents of ``out`` for the files in ``staged`` (a
    folder inside it), the ``obsolete`` files removed: decided by one
    rename, then played to the end (see the module's notes)."""
    (staged / _JOURNAL).write_text(json.dumps(obsolete), encoding="utf-8")
    staged.rename(out / _INCOMING)
    _finish(out)


def _finish(out: Path) -> None:
    """Play a decided switch of contents to its end: every file of
    ``.sscorpus-incoming`` renamed onto its place, the obsolete files removed."""
    incoming = out / _INCOMING
    try:
        obsolete = json.loads((incoming / _JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # removed last, with the folder: only empty folders are left
        obsolete = []
    for path in sorted(incoming.rglob("*")):
        name = path.relative_to(incoming).as_posix()
        if name == _JOURNAL or (path.is_dir() and not path.is_symlink()):
            continue
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        path.replace(target)
    for name in obsolete if isinstance(obsolete, list) else []:
        if not isinstance(name, str) or not inside(name) or _ours(name):
            continue
        gone = out / name
        if gone.is_symlink() or gone.is_file():
            gone.unlink()
        folder = gone.parent
        while folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    shutil.rmtree(incoming)


def recover(out: Path) -> None:
    """Undo or finish what a stopped build left: the old set put back if it
    was set aside and the new one never came, a decided switch of contents
    played to its end, and staging folders removed."""
    previous = _beside(out, _PREVIOUS)
    if previous.is_dir():
        if out.exists():
            shutil.rmtree(previous)
        else:
            previous.rename(out)
    pattern = glob.escape(f".{out.name}{_STAGING}") + "*"
    for staging in out.parent.glob(pattern):
        shutil.rmtree(staging, ignore_errors=True)
    if out.is_dir():
        if (out / _INCOMING).is_dir():
            _finish(out)
        for staging in out.glob(glob.escape(_STAGING) + "*"):
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
