"""The JSON Schemas: loading them, resolving their references offline, and
turning validation errors into findings an annotator can act on.

Each file is first checked with jsonschema-rs (fast; almost every file is
valid). Only a file it rejects is checked again with python-jsonschema, whose
errors carry the schema keyword and context needed for precise messages; the
schemas themselves are held against the metaschema the same way. So a run
that finds nothing wrong never imports python-jsonschema (a fifth of a
one-file validation's time).
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import jsonschema_rs

from .. import codes
from ..findings import Finding, SetupError
from .loaded import LoadedFile, escape_pointer_token

if TYPE_CHECKING:
    import referencing
    from jsonschema.exceptions import ValidationError

#: the annotation types, each with its own schema file
ANNOTATION_TYPES = ("actor", "institution", "principle", "claim", "evidence")
#: the schemas of whole files
FILE_SCHEMAS = ("annotation-file", "registry", "catalog")

#: the pattern of a quote, prefix or suffix: one character that is not
#: whitespace, whitespace being what Python's str.isspace() and the anchoring
#: take for it (so U+001C-U+001F and U+0085 too), spelled out so that every
#: regex engine (Rust's, Python's, an editor's ECMAScript) agrees
NOT_BLANK = "[^\t-\r\x1c- \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
_BLANK_PATTERNS = frozenset({NOT_BLANK, "\\S"})


def _is_integer(checker: object, value: object) -> bool:
    """A whole number as written: 5, not 5.0 or 1e3 (JSON Schema would take
    those as integers, and the anchoring would then find no int to use)."""
    return isinstance(value, int) and not isinstance(value, bool)


@cache
def _validator_class() -> Any:
    """python-jsonschema's draft 2020-12, with "integer" meaning a whole number as written."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer)
    )


_DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def _check_against_metaschema(path: Path, schema: dict[str, Any]) -> None:
    """Raise SetupError when ``schema`` is not a valid draft 2020-12 schema
    (jsonschema-rs says so quickly; python-jsonschema says why)."""
    if schema.get("$schema", _DRAFT_2020_12) == _DRAFT_2020_12 and jsonschema_rs.meta.is_valid(schema):
        return
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise SetupError(f"schema {path} is not a valid JSON Schema: {exc.message}") from exc


class SchemaSet:
    """All schemas of one folder, with a registry that resolves them offline."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.schemas: dict[str, dict[str, Any]] = {}
        for path in sorted(directory.glob("*.schema.json")):
            try:
                schema = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise SetupError(f"cannot read schema {path}: {exc}") from exc
            if not isinstance(schema, dict) or "$id" not in schema:
                raise SetupError(f"schema {path} has no $id")
            _check_against_metaschema(path, schema)
            self.schemas[path.name.removesuffix(".schema.json")] = schema
        missing = [name for name in (*ANNOTATION_TYPES, *FILE_SCHEMAS, "common") if name not in self.schemas]
        if missing:
            raise SetupError(f"schemas missing in {directory}: {', '.join(missing)}")
        try:
            self._rs_registry = jsonschema_rs.Registry(
                [(schema["$id"], schema) for schema in self.schemas.values()], retriever=_refuse_retrieval
            )
        except (ValueError, jsonschema_rs.ReferencingError) as exc:
            raise SetupError(f"the schemas in {directory} cannot be resolved offline: {exc}") from exc
        self._rs: dict[str, Any] = {}
        self._py: dict[str, Any] = {}

    @cached_property
    def _py_schemas(self) -> dict[str, dict[str, Any]]:
        # python-jsonschema picks the class named by a schema's "$schema" when
        # it follows a $ref, which would drop our "integer": its copies of the
        # schemas leave "$schema" out (the registry says they are 2020-12)
        return {name: {k: v for k, v in schema.items() if k != "$schema"} for name, schema in self.schemas.items()}

    @cached_property
    def registry(self) -> referencing.Registry[Any]:
        """python-jsonschema's registry of the schemas, resolving them offline."""
        import referencing
        import referencing.jsonschema

        return referencing.Registry(retrieve=_refuse_retrieval).with_resources(  # type: ignore[call-arg]
            (schema["$id"], referencing.jsonschema.DRAFT202012.create_resource(schema))
            for schema in self._py_schemas.values()
        )

    def python_validator(self, name: str) -> Any:
        if name not in self._py:
            self._py[name] = _validator_class()(self._py_schemas[name], registry=self.registry)
        return self._py[name]

    def fast_validator(self, name: str) -> Any:
        if name not in self._rs:
            try:
                self._rs[name] = jsonschema_rs.validator_for(
                    self.schemas[name], registry=self._rs_registry, retriever=_refuse_retrieval
                )
            except (jsonschema_rs.ValidationError, ValueError) as exc:
                raise SetupError(f"schema {name} cannot be compiled: {exc}") from exc
        return self._rs[name]

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Follow a top-level ``$ref`` (descriptions at the ref site win)."""
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            return schema
        base = self.schemas["common"]["$id"]
        resolved = self.registry.resolver(base_uri=base).lookup(ref).contents
        return {**resolved, **{k: v for k, v in schema.items() if k != "$ref"}}

    def common(self, name: str) -> dict[str, Any]:
        """A definition of the common schema (``common#/$defs/<name>``), resolved."""
        return self.resolve({"$ref": self.schemas["common"]["$id"] + f"#/$defs/{name}"})

    def stances(self) -> list[str]:
        """The stances of the codebook, in its order."""
        return [str(value) for value in self.common("stance").get("enum", [])]

    def findings_for(self, name: str, loaded: LoadedFile) -> list[Finding]:
        """Findings for every schema error of one loaded file."""
        fast = self.fast_validator(name)
        try:
            fast_says_valid: bool | None = bool(fast.is_valid(loaded.data))
        except (ValueError, OverflowError):  # e.g. a lone surrogate that Rust cannot take
            fast_says_valid = None
        # jsonschema-rs takes 5.0 for an integer: a file with a float is
        # always checked by python-jsonschema, whose "integer" is stricter
        if fast_says_valid and not loaded.has_float:
            return []
        errors = sorted(
            self.python_validator(name).iter_errors(loaded.data), key=lambda e: [str(p) for p in e.absolute_path]
        )
        findings = [
            f
            for error in errors
            if _pointer(error.absolute_path) not in loaded.reported  # the loader said why
            for f in _explain(self, error, _pointer(error.absolute_path), loaded)
        ]
        if not errors and fast_says_valid is False and not _has_big_int(loaded.data):
            # The two validators disagree: report what jsonschema-rs says
            # (it reads a whole number beyond 64 bits as a float: python-jsonschema is right then).
            findings = [
                loaded.finding(_pointer(e.instance_path), codes.SCHEMA_INVALID, _bounded(e.message))
                for e in fast.iter_errors(loaded.data)
            ]
        # jsonschema reports each missing property of an object as an error of
        # its own, and the explanation of each names every missing one: the
        # same finding comes once per missing property
        return list(dict.fromkeys(findings))

    @cached_property
    def ids(self) -> dict[str, str]:
        return {name: schema["$id"] for name, schema in self.schemas.items()}


_INT64 = 2**63


#: schema sets already built, by their files' content (a few: one per schema version in use)
_BUILT: dict[str, SchemaSet] = {}

_T = TypeVar("_T")


def remembered(cache: dict[str, _T], key: str, make: Callable[[], _T], most: int = 8) -> _T:
    """``cache[key]``, made by ``make`` the first time it is asked for; past
    ``most`` entries the oldest goes (what a schema set's content gives: a
    few, one per schema version in use)."""
    value = cache.get(key)
    if value is None:
        value = make()
        if len(cache) >= most:
            cache.pop(next(iter(cache)))
        cache[key] = value
    return value


def schemas_checksum(directory: Path) -> str:
    """SHA-256 of the schema files of ``directory``, names and bytes
    (raises OSError when one cannot be read)."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.schema.json")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_schemas(directory: Path) -> SchemaSet:
    """The schemas of ``directory``, built once per distinct content: a test
    suite, an editor's language server or a command that validates what it is
    about to write check the same schemas again and again, and building them
    (metaschema checks, two registries) costs more than checking a corpus of
    two texts. A set built for another folder with the same files is shared,
    its folder changed (findings in a schema point at this folder's file)."""
    try:
        key = schemas_checksum(directory)
    except OSError:
        return SchemaSet(directory)  # which reports what cannot be read
    built = remembered(_BUILT, key, lambda: SchemaSet(directory))
    if built.directory == directory:
        return built
    twin = copy.copy(built)
    twin.directory = directory
    return twin


def _has_big_int(data: Any) -> bool:
    """Whether ``data`` holds a whole number that does not fit in 64 bits."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, int) and not -_INT64 <= value < 2 * _INT64:
            return True
    return False


def _pointer(path: Iterable[object]) -> str:
    return "".join(f"/{escape_pointer_token(str(p))}" for p in path)


def _refuse_retrieval(uri: str) -> Any:
    """Schemas are resolved offline: a $ref outside the schema folder is an error."""
    import referencing.exceptions

    raise referencing.exceptions.NoSuchResource(ref=uri)  # type: ignore[call-arg]


def _bounded(message: str, most: int = 300) -> str:
    """A validator's message, which quotes the value whole: at most ``most`` characters."""
    return message if len(message) <= most else f"{message[: most - 40]} ... ({len(message):,} characters in all)"


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_NAMES = {
    "object": "a mapping (key: value lines)",
    "array": "a list ('- ' items)",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _unknown_properties(ctx: _Context) -> Iterator[Finding]:
    properties = ctx.schema.get("properties", {})
    allowed = sorted(properties)
    for key in sorted(k for k in ctx.value if k not in properties):
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed here: {', '.join(allowed)}"
        yield ctx.finding(
            codes.SCHEMA_UNKNOWN_PROPERTY,
            f"unknown property '{key}'",
            hint,
            pointer=f"{ctx.pointer}/{escape_pointer_token(key)}",
            key=True,
        )


def _required(ctx: _Context) -> Iterator[Finding]:
    for name in ctx.keyword_value:
        if isinstance(ctx.value, dict) and name not in ctx.value:
            yield ctx.finding(
                codes.SCHEMA_REQUIRED,
                f"missing required property '{name}'",
                _required_hint(ctx.schemas, ctx.schema, name),
            )


def _enum(ctx: _Context) -> Iterator[Finding]:
    allowed = [str(v) for v in ctx.keyword_value]
    close = difflib.get_close_matches(str(ctx.value), allowed, n=1, cutoff=0.6)
    hint = (f"did you mean '{close[0]}'? " if close else "") + f"allowed: {', '.join(allowed)}"
    yield ctx.finding(codes.SCHEMA_ENUM, f"{_describe(ctx.value)} is not an allowed value of {ctx.field}", hint)


def _type(ctx: _Context) -> Iterator[Finding]:
    expected = ctx.keyword_value
    expected_list = [expected] if isinstance(expected, str) else list(expected)
    names = " or ".join(_TYPE_NAMES.get(t, t) for t in expected_list)
    value = ctx.value
    hint: str | None = None
    if isinstance(value, str) and "integer" in expected_list and value.strip().isdigit():
        hint = "remove the quotes around the number"
    elif isinstance(value, float) and "integer" in expected_list:
        hint = (
            f"write the whole number as digits only: {int(value)}" if value.is_integer() else "write a whole number"
        ) + " (no decimal point, no exponent)"
    elif value is None:
        hint = "the value is empty: fill it in, or remove the line"
    elif isinstance(value, str) and "boolean" in expected_list:
        hint = "write true or false (YAML 1.2 reads yes/no/on/off as text)"
    yield ctx.finding(
        codes.SCHEMA_TYPE, f"{ctx.field} must be {names}, not {_type_name(value)} ({_describe(value)})", hint
    )


def _pattern(ctx: _Context) -> Iterator[Finding]:
    if ctx.schema.get("pattern") in _BLANK_PATTERNS:
        yield ctx.finding(codes.SCHEMA_BLANK, f"{ctx.field} is blank", "write the text, or remove the line")
        return
    title = str(ctx.schema.get("title") or "value")
    examples = ctx.schema.get("examples") or []
    hint: str | None = "e.g. " + ", ".join(f"'{e}'" for e in examples[:3]) if examples else None
    description = ctx.schema.get("description")
    if hint is None and isinstance(description, str):
        hint = _first_sentence(description)
    yield ctx.finding(codes.SCHEMA_PATTERN, f"{_describe(ctx.value)} is not a valid {title.lower()}", hint)


@dataclass(frozen=True, slots=True)
class _Context:
    """One python-jsonschema error, with what is needed to explain it."""

    schemas: SchemaSet
    error: ValidationError
    pointer: str
    loaded: LoadedFile

    @property
    def schema(self) -> dict[str, Any]:
        return self.error.schema if isinstance(self.error.schema, dict) else {}

    @property
    def value(self) -> Any:
        return self.error.instance

    @property
    def keyword_value(self) -> Any:
        """The value of the schema keyword that failed (the enum, the required list...)."""
        return self.error.validator_value

    @property
    def field(self) -> str:
        last = self.pointer.rsplit("/", 1)[-1] if self.pointer else ""
        return f"'{last}'" if last and not last.isdigit() else "this value"

    def finding(
        self, code: str, message: str, hint: str | None = None, *, pointer: str | None = None, key: bool = False
    ) -> Finding:
        return self.loaded.finding(self.pointer if pointer is None else pointer, code, message, hint, key=key)


_EXPLAINERS: dict[str, Callable[[_Context], Iterator[Finding]]] = {
    "additionalProperties": _unknown_properties,
    "required": _required,
    "enum": _enum,
    "type": _type,
    "pattern": _pattern,
    "oneOf": lambda ctx: _alternatives(ctx),
    "anyOf": lambda ctx: _alternatives(ctx),
}


def _explain(schemas: SchemaSet, error: ValidationError, pointer: str, loaded: LoadedFile) -> Iterator[Finding]:
    ctx = _Context(schemas, error, pointer, loaded)
    keyword = str(error.validator)
    explainer = _EXPLAINERS.get(keyword)
    if explainer is not None and (keyword != "additionalProperties" or isinstance(ctx.value, dict)):
        yield from explainer(ctx)
        return
    code = "schema." + "".join("-" + c.lower() if c.isupper() else c for c in keyword)
    yield ctx.finding(code, _bounded(error.message))


def _required_hint(schemas: SchemaSet, schema: dict[str, Any], name: str) -> str | None:
    prop = schema.get("properties", {}).get(name)
    if not isinstance(prop, dict):
        return None
    prop = schemas.resolve(prop)
    if "enum" in prop:
        return f"add '{name}:' with one of: {', '.join(map(str, prop['enum']))}"
    description = prop.get("description")
    return f"{name}: {_first_sentence(description)}" if description else None


def _first_sentence(text: str) -> str:
    """The first sentence, not cut at 'e.g.' or 'i.e.'."""
    return re.split(r"(?<![.]g|[.]e)\. (?=[A-Z(`'])", text, maxsplit=1)[0]


def _alternatives(ctx: _Context) -> Iterator[Finding]:
    """oneOf/anyOf: name the alternatives instead of jsonschema's dump."""
    keyword = str(ctx.error.validator)
    code = codes.SCHEMA_ONE_OF if keyword == "oneOf" else codes.SCHEMA_ANY_OF
    alternatives = [list(sub.get("required", [])) for sub in ctx.keyword_value if isinstance(sub, dict)]
    value = ctx.value if isinstance(ctx.value, dict) else {}
    if all(len(a) == 1 for a in alternatives):
        names = [a[0] for a in alternatives]
        present = [name for name in names if name in value]
        if keyword == "oneOf" and len(present) > 1:
            yield ctx.finding(
                code, f"give only one of {', '.join(present)}", f"{' and '.join(present)} cannot be used together here"
            )
            return
        if not present:
            word = "one of" if keyword == "oneOf" else "at least one of"
            yield ctx.finding(code, f"{word} {', '.join(names)} is required")
            return
    if {"supports", "challenges"} <= {name for a in alternatives for name in a}:
        yield ctx.finding(
            code,
            "evidence must support or challenge at least one claim",
            "add 'supports: [claim id]' or 'challenges: [claim id]'",
        )
        return
    deepest = max(ctx.error.context or [ctx.error], key=lambda e: len(e.absolute_path))
    yield ctx.finding(code, _bounded(deepest.message))
