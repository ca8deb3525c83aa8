"""How sscorpus says things in a W3C Web Annotation: the IRIs it gives
texts, annotators, collections and annotations, and the tags and purposes
of its bodies. The writer (``__init__.py``) and the reader (``reading.py``)
read them here, so that what one writes the other reads back.

Every IRI is a ``urn:sscorpus:`` name (RFC 8141 syntax, each part
percent-encoded): a text's IRI names the text file sscorpus annotates,
whose code points the TextPositionSelectors count. That is not the web page
the text was copied from (a catalog's ``provenance.url``, which the target's
source gives as ``via``): its characters are other characters.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

#: the Web Annotation JSON-LD context every annotation and collection names
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_URN = "urn:sscorpus:"
_TEXT = _URN + "text:"
_ANNOTATION = _URN + "annotation:"
WIKIDATA = "http://www.wikidata.org/entity/"
#: the program that wrote an annotation: a reader takes the body values of
#: what it generated as codebook paths
GENERATOR = {"id": _URN + "software", "type": "Software", "name": "sscorpus"}

#: the tag of a hedged claim
HEDGED = "hedged"
#: the body purposes: a claim's or evidence's kind, a mention's entity (and
#: an about link's), a note, evidence's cited source
CLASSIFYING = "classifying"
IDENTIFYING = "identifying"
TAGGING = "tagging"
COMMENTING = "commenting"
DESCRIBING = "describing"
LINKING = "linking"


def _part(value: str) -> str:
    return quote(value, safe="")


def text_iri(document: str) -> str:
    return _TEXT + _part(document)


def document_of(source: str) -> str:
    """The document a target's source names: the sscorpus document id of a
    text IRI, any other IRI as it is."""
    return unquote(source[len(_TEXT) :]) if source.startswith(_TEXT) else source


def annotator_iri(annotator: str) -> str:
    return _URN + "annotator:" + _part(annotator)


def collection_iri(annotator: str, document: str) -> str:
    return f"{_URN}collection:{_part(annotator)}:{_part(document)}"


def page_iri(annotator: str, document: str) -> str:
    return collection_iri(annotator, document) + ":page:1"


def annotation_iri(annotator: str, document: str, *local: str) -> str:
    """An annotation's IRI: ``local`` is its kind and number or id
    (``claim``, ``c1``; ``mention``, ``3``; ``about``, ``c1``, ``1``)."""
    return _ANNOTATION + ":".join(_part(p) for p in (annotator, document, *local))


def local_id(annotation: str) -> tuple[str, str] | None:
    """(``claim`` or ``evidence``, its sscorpus id) of an annotation IRI
    sscorpus gave a claim or evidence, else None."""
    if not annotation.startswith(_ANNOTATION):
        return None
    parts = annotation[len(_ANNOTATION) :].split(":")
    if len(parts) == 4 and parts[2] in ("claim", "evidence"):
        return parts[2], unquote(parts[3])
    return None


def wikidata_iri(item: str) -> str:
    return WIKIDATA + item


def uri(iri: str) -> str:
    """An IRI as a URI (what ``format: uri`` accepts): characters outside
    ASCII and spaces percent-encoded, the rest as it is."""
    return quote(iri, safe="!#$%&'()*+,/:;=?@[]~")
