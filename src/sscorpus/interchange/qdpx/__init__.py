"""The REFI-QDA project format (``.qdpx``), the exchange standard of MAXQDA,
NVivo, ATLAS.ti and QualCoder: written by ``writing.py``, read by
``reading.py``, in the conventions of ``refi.py``."""

from __future__ import annotations

from ..format import Format
from .reading import read
from .writing import write

FORMAT = Format(
    name="qdpx",
    title="REFI-QDA project (MAXQDA, NVivo, ATLAS.ti, QualCoder)",
    file_name="sscorpus.qdpx",
    media_type="application/zip",
    write=write,
    read=read,
)
