"""The JSON Schemas: loading them, resolving their references offline, and
turning validation errors into findings an annotator can act on.

Each file is first checked with jsonschema-rs (fast; almost every file is
valid). Only a file it rejects is checked again with python-jsonschema, whose
errors carry the schema keyword and context needed for precise messages.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema_rs
import referencing
import referencing.jsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .findings import Finding, SetupError
from .loading import LoadedFile, escape_pointer_token

#: the annotation types, each with its own schema file
ANNOTATION_TYPES = ("actor", "institution", "principle", "claim", "evidence")
#: the schemas of whole files
FILE_SCHEMAS = ("annotation-file", "registry", "catalog")


def packaged_schema_dir() -> Path | None:
    """The schemas shipped with the package (a wheel) or the source checkout."""
    candidates = [Path(str(resources.files("sscorpus") / "schemas")),
                  Path(__file__).resolve().parents[2] / "schemas"]
    for candidate in candidates:
        if (candidate / "common.schema.json").is_file():
            return candidate
    return None


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
            self.schemas[path.name.removesuffix(".schema.json")] = schema
        missing = [name for name in (*ANNOTATION_TYPES, *FILE_SCHEMAS, "common")
                   if name not in self.schemas]
        if missing:
            raise SetupError(f"schemas missing in {directory}: {', '.join(missing)}")
        self.registry: referencing.Registry[Any] = referencing.Registry(
            retrieve=_refuse_retrieval).with_resources(
            (schema["$id"], referencing.jsonschema.DRAFT202012.create_resource(schema))
            for schema in self.schemas.values())
        self._rs_registry = jsonschema_rs.Registry(
            [(schema["$id"], schema) for schema in self.schemas.values()],
            retriever=_refuse_retrieval)
        self._rs: dict[str, Any] = {}
        self._py: dict[str, Draft202012Validator] = {}

    def python_validator(self, name: str) -> Draft202012Validator:
        if name not in self._py:
            self._py[name] = Draft202012Validator(self.schemas[name], registry=self.registry)
        return self._py[name]

    def fast_validator(self, name: str) -> Any:
        if name not in self._rs:
            try:
                self._rs[name] = jsonschema_rs.validator_for(
                    self.schemas[name], registry=self._rs_registry, retriever=_refuse_retrieval)
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

    def errors(self, name: str, instance: Any) -> list[ValidationError]:
        """All schema errors of ``instance`` against schema ``name``."""
        if self.fast_validator(name).is_valid(instance):
            return []
        return sorted(self.python_validator(name).iter_errors(instance),
                      key=lambda e: [str(p) for p in e.absolute_path])

    def check(self, name: str, loaded: LoadedFile) -> list[Finding]:
        """Findings for every schema error of one loaded file."""
        findings: list[Finding] = []
        for error in self.errors(name, loaded.data):
            findings.extend(self._findings(error, loaded))
        if not findings and not self.fast_validator(name).is_valid(loaded.data):
            # The two validators disagree: report what jsonschema-rs says.
            for rs_error in self.fast_validator(name).iter_errors(loaded.data):
                pointer = "".join(f"/{escape_pointer_token(str(p))}" for p in rs_error.instance_path)
                findings.append(loaded.finding(pointer, "schema.invalid", rs_error.message))
        return findings

    def _findings(self, error: ValidationError, loaded: LoadedFile) -> Iterator[Finding]:
        pointer = "".join(f"/{escape_pointer_token(str(p))}" for p in error.absolute_path)
        yield from _explain(self, error, pointer, loaded)

    @cached_property
    def ids(self) -> dict[str, str]:
        return {name: schema["$id"] for name, schema in self.schemas.items()}


def _refuse_retrieval(uri: str) -> Any:
    raise referencing.exceptions.NoSuchResource(ref=uri)


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_NAMES = {"object": "a mapping (key: value lines)", "array": "a list ('- ' items)",
               "string": "text", "integer": "a whole number", "number": "a number",
               "boolean": "true or false", "null": "nothing"}


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


def _field_name(pointer: str) -> str:
    last = pointer.rsplit("/", 1)[-1] if pointer else ""
    return f"'{last}'" if last and not last.isdigit() else "this value"


def _explain(schemas: SchemaSet, error: ValidationError, pointer: str,
             loaded: LoadedFile) -> Iterator[Finding]:
    keyword = str(error.validator)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    if keyword == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(k for k in value if k not in schema.get("properties", {})):
            key_pointer = f"{pointer}/{escape_pointer_token(key)}"
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = (f"did you mean '{close[0]}'?" if close
                    else f"allowed here: {', '.join(allowed)}")
            yield loaded.finding(key_pointer, "schema.unknown-property",
                                 f"unknown property '{key}'", hint, key=True)
        return
    if keyword == "required":
        missing = [name for name in error.validator_value if isinstance(value, dict) and name not in value]
        for name in missing:
            hint = _required_hint(schemas, schema, name)
            yield loaded.finding(pointer, "schema.required",
                                 f"missing required property '{name}'", hint)
        return
    if keyword == "enum":
        allowed = [str(v) for v in error.validator_value]
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        hint = (f"did you mean '{close[0]}'? " if close else "") + f"allowed: {', '.join(allowed)}"
        yield loaded.finding(pointer, "schema.enum",
                             f"{_describe(value)} is not an allowed value of {_field_name(pointer)}", hint)
        return
    if keyword == "type":
        expected = error.validator_value
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
        hint = None
        if isinstance(value, str) and "integer" in str(expected) and value.strip().isdigit():
            hint = "remove the quotes around the number"
        elif value is None:
            hint = "the value is empty: fill it in, or remove the line"
        yield loaded.finding(pointer, "schema.type",
                             f"{_field_name(pointer)} must be {names}, not {_type_name(value)} ({_describe(value)})", hint)
        return
    if keyword == "pattern":
        title = schema.get("title") or "value"
        examples = schema.get("examples") or []
        hint = "e.g. " + ", ".join(f"'{e}'" for e in examples[:3]) if examples else None
        description = schema.get("description", "")
        if hint is None and description:
            hint = description.split(". ")[0]
        if schema.get("pattern") == "\\S":
            yield loaded.finding(pointer, "schema.blank", f"{_field_name(pointer)} is blank",
                                 "write the text, or remove the line")
            return
        yield loaded.finding(pointer, "schema.pattern",
                             f"{_describe(value)} is not a valid {title.lower()}", hint)
        return
    if keyword in ("oneOf", "anyOf"):
        yield from _explain_alternatives(error, pointer, loaded)
        return
    code = "schema." + "".join("-" + c.lower() if c.isupper() else c for c in keyword)
    yield loaded.finding(pointer, code, error.message)


def _required_hint(schemas: SchemaSet, schema: dict[str, Any], name: str) -> str | None:
    prop = schema.get("properties", {}).get(name)
    if not isinstance(prop, dict):
        return None
    prop = schemas.resolve(prop)
    if "enum" in prop:
        return f"add '{name}:' with one of: {', '.join(map(str, prop['enum']))}"
    description = prop.get("description")
    return f"{name}: {description.split('. ')[0]}" if description else None


def _alternative_names(error: ValidationError) -> list[list[str]]:
    return [list(sub.get("required", [])) for sub in error.validator_value if isinstance(sub, dict)]


def _explain_alternatives(error: ValidationError, pointer: str, loaded: LoadedFile) -> Iterator[Finding]:
    alternatives = _alternative_names(error)
    names = [", ".join(a) for a in alternatives if a]
    value = error.instance if isinstance(error.instance, dict) else {}
    present = [a[0] for a in alternatives if len(a) == 1 and a[0] in value]
    simple = all(len(a) == 1 for a in alternatives) and len(alternatives) == len(names)
    if simple and str(error.validator) == "oneOf" and len(present) > 1:
        yield loaded.finding(pointer, "schema.one-of",
                             f"give only one of {', '.join(present)}",
                             f"{' and '.join(present)} cannot be used together here")
        return
    if simple and not present:
        word = "one of" if str(error.validator) == "oneOf" else "at least one of"
        yield loaded.finding(pointer, "schema.one-of" if str(error.validator) == "oneOf" else "schema.any-of",
                             f"{word} {', '.join(names)} is required", None)
        return
    # anyOf of richer alternatives (evidence: supports or challenges, not empty)
    if str(error.validator) == "anyOf" and set(names) >= {"supports", "challenges"}:
        yield loaded.finding(pointer, "schema.any-of",
                             "evidence must support or challenge at least one claim",
                             "add 'supports: [claim id]' or 'challenges: [claim id]'")
        return
    best = min(error.context or [error], key=lambda e: len(e.absolute_path) * -1)
    yield loaded.finding(pointer, "schema." + ("one-of" if str(error.validator) == "oneOf" else "any-of"),
                         best.message)
