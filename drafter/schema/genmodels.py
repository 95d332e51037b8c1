"""Strict, grammar-friendly models used at generation time.

``generation_model(RoleSummary, "brief")`` walks the canonical model and
returns a new Pydantic model where

* fields marked ``SKIP`` are left out (notes, source bookkeeping...);
* every other field is required (a small model cannot silently omit one);
* strings carry ``maxLength`` from their ``Cap`` marker and ``minLength=1``;
* lists carry ``minItems``/``maxItems`` for the depth from their ``Items`` marker; a list marked
  ``IF_ANY`` ("external stakeholders, if any") has no minimum, so the model is never forced to invent.

The result validates model output (instructor feeds errors back to the
model) and its JSON Schema is small enough to compile into a grammar for the
local model.  ``to_canonical`` turns a generated object back into the
canonical section model.
"""

from __future__ import annotations

import types
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model
from pydantic.fields import FieldInfo

from .markers import Cap, Depth, IfAny, Items, Skip

DEFAULT_CAP = Cap(280)


class GenModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _markers(metadata: list[Any]) -> tuple[Cap | None, Items | None, bool]:
    cap = next((x for x in metadata if isinstance(x, Cap)), None)
    its = next((x for x in metadata if isinstance(x, Items)), None)
    skip = any(isinstance(x, Skip) for x in metadata)
    return cap, its, skip


def _strip_optional(tp: Any) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _split_annotated(tp: Any) -> tuple[Any, list[Any]]:
    if get_origin(tp) is Annotated:
        base, *meta = get_args(tp)
        return base, list(meta)
    return tp, []


def _gen_type(tp: Any, metadata: list[Any], depth: Depth) -> Any:
    tp = _strip_optional(tp)
    tp, inner_meta = _split_annotated(tp)
    tp = _strip_optional(tp)
    metadata = [*metadata, *inner_meta]
    cap, its, _ = _markers(metadata)

    if tp is str:
        return Annotated[str, StringConstraints(min_length=1, max_length=(cap or DEFAULT_CAP).chars, strip_whitespace=True)]
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return _gen_model(tp, depth)
    if get_origin(tp) is list:
        (item_tp,) = get_args(tp)
        lo, hi = its.bounds(depth) if its else (1, 5)
        if any(isinstance(x, IfAny) for x in metadata):
            lo = 0
        return Annotated[list[_gen_type(item_tp, [], depth)], Field(min_length=lo, max_length=hi)]
    if tp in (int, float, bool) or get_origin(tp) is Literal:
        return tp
    raise TypeError(f"cannot build a generation type for {tp!r}")


@lru_cache(maxsize=None)
def _gen_model(model: type[BaseModel], depth: Depth) -> type[GenModel]:
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        _, _, skip = _markers(info.metadata)
        if skip:
            continue
        gen_tp = _gen_type(info.annotation, list(info.metadata), depth)
        fields[name] = (gen_tp, FieldInfo(description=info.description))
    return create_model(  # type: ignore[call-overload]
        model.__name__,
        __base__=GenModel,
        __doc__=(model.__doc__ or "").strip() or None,
        __module__=__name__,
        **fields,
    )


def generation_model(model: type[BaseModel], depth: Depth | str = Depth.standard) -> type[GenModel]:
    """The strict model a language model fills for ``model`` at ``depth``."""
    return _gen_model(model, Depth(depth))


@lru_cache(maxsize=None)
def model_schema(model: type[BaseModel]) -> dict:
    """``model.model_json_schema()``, built once per model class (shared: do not modify it).

    Generation models are cached per (section, depth), so their schemas are too:
    prompts, max_tokens budgets and cache keys all read the same dict."""
    return model.model_json_schema()


def to_canonical(model: type[BaseModel], generated: BaseModel | dict[str, Any]) -> BaseModel:
    """Validate generated output as the canonical model (keeps every value)."""
    data = generated.model_dump(mode="json") if isinstance(generated, BaseModel) else generated
    return model.model_validate(data)


def list_bounds(model: type[BaseModel], depth: Depth | str) -> dict[str, tuple[int, int]]:
    """Item bounds per list field of ``model`` (top level), for prompts and max_tokens."""
    out: dict[str, tuple[int, int]] = {}
    for name, info in model.model_fields.items():
        cap, its, skip = _markers(info.metadata)
        if its and not skip:
            lo, hi = its.bounds(depth)
            out[name] = (0 if any(isinstance(x, IfAny) for x in info.metadata) else lo, hi)
    return out


def field_items(model: type[BaseModel]) -> dict[str, Items]:
    """``Items`` markers per list field of ``model`` (for the quality rules)."""
    out: dict[str, Items] = {}
    for name, info in model.model_fields.items():
        _, its, skip = _markers(info.metadata)
        if its and not skip:
            out[name] = its
    return out


__all__ = ["GenModel", "generation_model", "model_schema", "to_canonical", "list_bounds", "field_items"]
