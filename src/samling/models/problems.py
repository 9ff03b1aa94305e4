"""pydantic's validation errors turned into sentences about one file and one key:
``participants/ada.toml: email: not a valid email address``."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from samling.errors import Problem
from samling.models.base import FieldProblem


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType, list, Annotated):
        for arg in typing.get_args(annotation):
            found = _nested_model(arg)
            if found:
                return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        nested = _nested_model(field.annotation)
        if nested is None:
            return None
        model = nested
    return model


def _key(loc: tuple[Any, ...]) -> str:
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        else:
            key += f".{part}" if key else str(part)
    return key


def _explain(model: type[BaseModel], error: ErrorDetails) -> tuple[str | None, str]:
    kind = error["type"]
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
    key = _key(loc) or None
    message: str = error["msg"]
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1]) if loc else model
        allowed = sorted(parent.model_fields) if parent else []
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1) if loc else []
        hint = f"did you mean '{guess[0]}'?" if guess else f"allowed keys: {', '.join(allowed)}"
        return key, f"unknown key; {hint}"
    if kind == "missing":
        return key, "is required but missing"
    if kind.startswith(("date", "datetime")):
        what = "date-time" if kind.startswith("datetime") else "date"
        example = "2026-03-12T10:00:00+01:00" if what == "date-time" else "2026-03-12"
        detail = ""
        if "outside expected range" in message:
            detail = " (that day does not exist)"
        return key, f"{error.get('input')!r} is not a valid {what}{detail}; write it as {example}"
    if kind == "literal_error":
        expected = message.split("Input should be ", 1)[-1]
        return key, f"{error.get('input')!r} is not allowed; use {expected}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return key, f"{error.get('input')!r} is not a whole number"
    if kind in {"bool_type", "bool_parsing"}:
        return key, f"{error.get('input')!r} must be true or false"
    if kind == "string_type":
        return key, "must be text in quotes"
    if kind in ("greater_than_equal", "greater_than"):
        return key, f"{error.get('input')!r} is too small: {message[0].lower()}{message[1:]}"
    if kind in ("less_than_equal", "less_than"):
        return key, f"{error.get('input')!r} is too large: {message[0].lower()}{message[1:]}"
    if kind == "finite_number":
        return key, f"{error.get('input')!r} is not a number; write an amount such as 450"
    if kind == "too_short":
        return key, "needs at least one entry"
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
        if isinstance(error.get("ctx", {}).get("error"), FieldProblem):
            inner, _, text = message.partition(": ")
            return _key(loc + tuple(inner.split("."))) if loc else inner, text
    return key, message[0].lower() + message[1:] if message else message


# At most this many problems are told about one file: a file with 200,000 unknown keys is one
# mistake (the wrong file, or a generated one), not 200,000 lines to read.
MAX_PER_FILE = 20


def problems_from(error: ValidationError, model: type[BaseModel], path: Path) -> list[Problem]:
    problems = [Problem(path, *_explain(model, e)) for e in error.errors()[:MAX_PER_FILE]]
    if error.error_count() > MAX_PER_FILE:
        problems.append(Problem(path, None, f"and {error.error_count() - MAX_PER_FILE} more problems"))
    return problems
