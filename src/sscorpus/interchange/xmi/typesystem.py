"""The UIMA type system of the XMI export: sscorpus's annotation types as
INCEpTION's custom layers (``webanno.custom.*``).

INCEpTION's "Layers > Import" takes a ``TypeSystem.xml`` and makes a layer
of each type it recognises (its ``TypeSystemAnalysis``):

- a **span layer** is a direct subtype of ``uima.tcas.Annotation`` whose
  features are primitive (strings, integers, booleans): ``Claim``,
  ``Evidence``, ``Mention`` and ``NotMention``. A span layer cannot refer to
  another annotation, so a discontinuous span is one annotation per piece,
  the pieces sharing ``id`` and numbered ``piece`` of ``pieces`` (both
  unset on a span of one piece);
- a **relation layer** has exactly two reference features named
  ``Governor`` and ``Dependent`` of one range. Their range here is
  ``uima.tcas.Annotation``, which INCEpTION imports as a relation layer
  that attaches to *any* span layer: ``About`` (a claim to a mention of the
  entity it is about, or to itself when the file marks no mention of it; the
  entity is a feature either way) and ``EvidenceLink`` (evidence to a claim,
  ``relation`` = supports or challenges).

``DocumentMetaData`` is DKPro Core's (document id and title), and
``AnnotationFile`` (annotator and note) is no layer: INCEpTION skips types
that are not annotations, and the reader here takes the annotator from it.
Feature names avoid the names INCEpTION reserves (``type``, ``begin``...).
"""

from __future__ import annotations

from cassis import TypeSystem

CUSTOM = "webanno.custom."
CLAIM = CUSTOM + "Claim"
EVIDENCE = CUSTOM + "Evidence"
MENTION = CUSTOM + "Mention"
NOT_MENTION = CUSTOM + "NotMention"
ABOUT = CUSTOM + "About"
EVIDENCE_LINK = CUSTOM + "EvidenceLink"
DOCUMENT_META_DATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
ANNOTATION_FILE = "org.sscorpus.type.AnnotationFile"
#: DKPro Core's segmentation, which INCEpTION adds to every document it exports
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
#: INCEpTION's record of whose annotations a CAS holds (``username``)
CAS_METADATA = "de.tudarmstadt.ukp.clarin.webanno.api.type.CASMetadata"

ANNOTATION = "uima.tcas.Annotation"
DOCUMENT_ANNOTATION = "uima.tcas.DocumentAnnotation"
STRING = "uima.cas.String"
INTEGER = "uima.cas.Integer"
BOOLEAN = "uima.cas.Boolean"
GOVERNOR = "Governor"
DEPENDENT = "Dependent"

_PIECES = (
    (
        "id",
        STRING,
        "The claim's or evidence's id; a discontinuous mention's entity@start:end. The pieces of one "
        "discontinuous annotation share it.",
    ),
    ("piece", INTEGER, "Which piece of a discontinuous annotation this is, from 1 (unset: the only one)."),
    ("pieces", INTEGER, "How many pieces a discontinuous annotation has (unset: one)."),
)
_NOTE = ("note", STRING, "The annotator's note.")
_ENTITY = (
    ("entity", STRING, "The registry id of the entity."),
    ("entityType", STRING, "The entity's type: actor, institution or principle."),
)

#: each type: name, supertype, description, features (name, range, description)
TYPES: tuple[tuple[str, str, str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        CLAIM,
        ANNOTATION,
        "A claim: a passage in which a speaker puts something forward.",
        (
            *_PIECES,
            ("kind", STRING, "The claim's kind (the codebook's)."),
            ("hedged", BOOLEAN, "Whether the claim is hedged."),
            ("speaker", STRING, "The actor id of the claim's own speaker; unset: the document's default speaker."),
            _NOTE,
        ),
    ),
    (
        EVIDENCE,
        ANNOTATION,
        "Evidence: a passage offered in support of, or against, a claim.",
        (
            *_PIECES,
            ("kind", STRING, "The evidence's kind (the codebook's)."),
            ("source", STRING, "The cited work or document."),
            _NOTE,
        ),
    ),
    (MENTION, ANNOTATION, "A mention of an entity of the registry.", (*_PIECES, *_ENTITY, _NOTE)),
    (
        NOT_MENTION,
        ANNOTATION,
        "A name that is deliberately not a mention of the entity it names.",
        (*_PIECES, *_ENTITY, _NOTE),
    ),
    (
        ABOUT,
        ANNOTATION,
        "A claim (Governor) about an entity, with the speaker's stance; Dependent is a mention of the entity, or "
        "the claim itself when the file marks none.",
        (
            (GOVERNOR, ANNOTATION, "The claim (its first piece)."),
            (DEPENDENT, ANNOTATION, "A mention of the entity, or the claim."),
            ("stance", STRING, "The speaker's stance towards the entity."),
            *_ENTITY,
        ),
    ),
    (
        EVIDENCE_LINK,
        ANNOTATION,
        "Evidence (Governor) that supports or challenges a claim (Dependent).",
        (
            (GOVERNOR, ANNOTATION, "The evidence (its first piece)."),
            (DEPENDENT, ANNOTATION, "The claim (its first piece)."),
            ("relation", STRING, "supports or challenges"),
        ),
    ),
    (
        DOCUMENT_META_DATA,
        DOCUMENT_ANNOTATION,
        "DKPro Core's document metadata: the document's id and title.",
        (
            ("documentTitle", STRING, "The document's title."),
            ("documentId", STRING, "The document's id in the catalog."),
            ("documentUri", STRING, ""),
            ("collectionId", STRING, ""),
            ("documentBaseUri", STRING, ""),
            ("isLastSegment", BOOLEAN, ""),
        ),
    ),
    (
        ANNOTATION_FILE,
        "uima.cas.AnnotationBase",
        "The annotation file the CAS holds: its annotator (the layer) and note.",
        (("annotator", STRING, "The annotator, or gold."), _NOTE),
    ),
)


def typesystem() -> TypeSystem:
    """A new type system with sscorpus's types (``TYPES``)."""
    system = TypeSystem()
    for name, supertype, description, features in TYPES:
        created = system.create_type(name, supertypeName=supertype, description=description)
        for feature, range_, explained in features:
            system.create_feature(created, feature, range_, description=explained)
    return system
