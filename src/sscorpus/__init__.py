"""sscorpus: hand annotations of policy texts on South-South cooperation and
multilateralism, and the tools that keep them honest.

The library API: ``check`` loads and validates a corpus and returns the
corpus records with a report; ``validate`` returns the report alone.
"""

__version__ = "0.1.0"

from .checks.validate import Checked, check, validate
from .corpus.model import Annotation, AnnotationFile, Claim, Corpus, Document, Entity, Evidence, Mention, Span
from .findings import Finding, Report, SetupError, Severity

__all__ = [
    "Annotation",
    "AnnotationFile",
    "Checked",
    "Claim",
    "Corpus",
    "Document",
    "Entity",
    "Evidence",
    "Finding",
    "Mention",
    "Report",
    "SetupError",
    "Severity",
    "Span",
    "__version__",
    "check",
    "validate",
]
