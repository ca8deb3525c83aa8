"""Zip archives with the same bytes for the same content on every machine:
members in the order given, one fixed time stamp, fixed permissions, the
same compression level, no extra fields."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

#: the earliest time a zip entry can hold; every member gets it
_EPOCH = (1980, 1, 1, 0, 0, 0)
_MODE = 0o644 << 16


def write_zip(path: Path, members: Iterable[tuple[str, bytes]], *, stored: frozenset[str] = frozenset()) -> None:
    """Write ``members`` (name, bytes) to a new zip file at ``path``; names
    in ``stored`` are stored uncompressed (a mimetype member must be)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.external_attr = _MODE
            info.create_system = 3  # Unix, whatever machine writes it
            if name in stored:
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=6)
