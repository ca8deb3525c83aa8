"""Ids that name files: a document id names ``texts/ID.txt`` and its
annotation files, an annotator id a folder. Lower-case letters, digits and
single hyphens, at most 100 characters, and none of the names Windows keeps for devices (``con``,
``nul``...), which no file there can have. The catalog schema says the same
(tests/test_add_text_safety.py holds the two together).
"""

from __future__ import annotations

import re

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
#: the longest id: a file name it makes (``ID.yaml``, ``ID.txt``) fits every file system
MAX_LENGTH = 100
#: device names of Windows: no file or folder there can be called so, with any extension
WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[1-9]|lpt[1-9])\Z")


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id, or None."""
    if len(value) > MAX_LENGTH:
        return f"{len(value):,} characters; an id has at most {MAX_LENGTH}"
    if not ID.match(value):
        return "use lower-case letters, digits and single hyphens (mthembu-multilateralism)"
    if WINDOWS_RESERVED.match(value):
        return f"'{value}' is a device name on Windows: no file there can be called so; choose another"
    return None
