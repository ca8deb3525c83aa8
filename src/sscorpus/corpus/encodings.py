"""What a file that is not UTF-8 is, in words its author knows.

Windows editors save "Unicode" as UTF-16 (Notepad's "Unicode" and "Unicode
big endian"), which starts with a byte-order mark and holds a NUL byte
beside every ASCII letter; read as Windows-1252 it looks like noise. Every
reader of texts and of YAML or JSON files names it the same way.
"""

from __future__ import annotations

#: byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's mark)
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big endian)"),
    (b"\xff\xfe", 'UTF-16 (Notepad\'s "Unicode")'),
    (b"\xfe\xff", 'UTF-16 big endian (Notepad\'s "Unicode big endian")'),
)

SAVE_AS_UTF8 = (
    "save it as UTF-8 (in Notepad: File, Save as, Encoding 'UTF-8'; in Word: Plain Text, "
    "Other encoding, Unicode (UTF-8)) and try again"
)


def wide_encoding(raw: bytes) -> str | None:
    """The name of the UTF-16 or UTF-32 encoding ``raw`` is in, by its
    byte-order mark, or by the NUL bytes beside ASCII letters of UTF-16
    without one; None for anything else."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    sample = raw[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > len(odd) * 0.4 and even.count(0) == 0:
            return 'UTF-16 (Notepad\'s "Unicode")'
        if even.count(0) > len(even) * 0.4 and odd.count(0) == 0:
            return 'UTF-16 big endian (Notepad\'s "Unicode big endian")'
    return None
