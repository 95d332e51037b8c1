"""Planning a batch: titles x variants -> items, each with a stable identity and a safe file name.

Variant axes are the ones the seeds' "Role Variants" section names.
``company_size`` and ``industry`` map onto ``RoleRequest`` fields; the others
travel in the request's notes, as data.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import unicodedata
from dataclasses import dataclass, field

from ..errors import UsageError
from ..generate.types import RoleRequest
from ..schema.markers import Depth
from ..titles import TitleEntry, TitleList
from .names import item_stem, unique_stem

# axis -> how it reads in the request notes (None: it is a RoleRequest field)
AXES: dict[str, str | None] = {
    "company_size": None,
    "industry": None,
    "geography": "Geography",
    "delivery": "Delivery model (product-led vs service-led)",
    "operating_model": "Operating model (startup vs enterprise)",
    "regulation": "Regulatory environment (regulated vs non-regulated)",
}
_AXIS_ALIASES = {
    "size": "company_size",
    "company": "company_size",
    "geo": "geography",
    "region": "geography",
    "product_vs_service": "delivery",
    "startup_vs_enterprise": "operating_model",
    "regulated_vs_not": "regulation",
    "regulated": "regulation",
}
MAX_VALUE_LEN = 60
SECTIONS_PER_ITEM = 20


def parse_variants(specs: list[str]) -> dict[str, list[str]]:
    """``["company_size=startup,enterprise", "industry=fintech"]`` -> ``{axis: [values]}``, in order.

    Unknown axes, empty value lists and malformed specs raise ``UsageError`` (one line).
    A repeated axis adds its values to the first.
    """
    axes: dict[str, list[str]] = {}
    known = ", ".join(AXES)
    for spec in specs:
        if "=" not in spec:
            raise UsageError(f"--variants {spec!r}: expected AXIS=value1,value2 (axes: {known})")
        raw_axis, raw_values = spec.split("=", 1)
        axis = raw_axis.strip().lower().replace("-", "_").replace(" ", "_")
        axis = _AXIS_ALIASES.get(axis, axis)
        if axis not in AXES:
            raise UsageError(f"--variants: unknown axis {raw_axis.strip()!r} (axes: {known})")
        values = [v.strip(" ") for v in raw_values.split(",")]
        values = [v for v in values if v]
        if not values:
            raise UsageError(f"--variants {axis}: no values given (e.g. {axis}=a,b)")
        for value in values:
            if any(unicodedata.category(ch).startswith("C") for ch in value):
                raise UsageError(f"--variants {axis}: value {value!r} contains a control character")
            if len(value) > MAX_VALUE_LEN:
                raise UsageError(f"--variants {axis}: value {value[:20]!r}... is longer than {MAX_VALUE_LEN} characters")
        values = [" ".join(v.split()) for v in values]
        bucket = axes.setdefault(axis, [])
        for value in values:
            if value.casefold() not in {b.casefold() for b in bucket}:
                bucket.append(value)
    return axes


def variant_combinations(axes: dict[str, list[str]]) -> list[dict[str, str]]:
    """The cross product, as ordered dicts; ``[{}]`` when there are no axes."""
    if not axes:
        return [{}]
    names = list(axes)
    return [dict(zip(names, combo)) for combo in itertools.product(*(axes[n] for n in names))]


@dataclass(frozen=True)
class BatchItem:
    """One blueprint to draft: a title entry, a variant, and its file stem."""

    entry: TitleEntry
    variant: dict[str, str] = field(default_factory=dict)
    stem: str = ""
    key: str = ""  # stable identity, see ``identity_key``

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def fields(self) -> dict[str, str]:
        """The entry's own request fields (from a CSV row), non-empty only."""
        e = self.entry
        out = {"level": e.level, "track": e.track, "company_size": e.company_size, "industry": e.industry}
        return {k: v for k, v in out.items() if v}

    def label(self) -> str:
        bits = [f"{k}={v}" for k, v in {**self.fields, **self.variant}.items()]
        return f"{self.title} [{', '.join(bits)}]" if bits else self.title

    def request(self, depth: Depth | str = Depth.standard) -> RoleRequest:
        e = self.entry
        company_size = self.variant.get("company_size") or e.company_size
        industry = self.variant.get("industry") or e.industry
        extra = [f"{AXES[a]}: {v}" for a, v in self.variant.items() if AXES.get(a)]
        notes = "\n".join(x for x in [e.notes, ("Variant - " + "; ".join(extra)) if extra else None] if x)
        return RoleRequest(
            title=e.title,
            level=e.level,
            track=e.track,
            company_size=company_size,
            industry=industry,
            notes=notes or None,
            context=e.summary,
            depth=Depth(depth),
        )


def identity_key(entry: TitleEntry, variant: dict[str, str]) -> str:
    """A short stable hash of what makes an item distinct (title, row fields, variant), case-folded."""
    fold = lambda s: " ".join(str(s).split()).casefold()  # noqa: E731
    ident = {
        "title": fold(entry.title),
        **{k: fold(v) for k, v in (("level", entry.level), ("track", entry.track),
                                    ("company_size", entry.company_size), ("industry", entry.industry)) if v},
        **{f"variant.{k}": fold(v) for k, v in sorted(variant.items())},
    }
    return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class BatchPlan:
    items: list[BatchItem]
    axes: dict[str, list[str]]
    titles: TitleList
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.items)


def plan_batch(titles: TitleList, axes: dict[str, list[str]], *, known_stems: dict[str, str] | None = None) -> BatchPlan:
    """Every title crossed with every variant.

    ``known_stems`` maps identity keys to file stems already used (from an
    earlier run's manifest), so that an item keeps its file name even when
    the list is reordered or grows.  A row that sets an axis itself (a CSV
    ``industry`` column) is not varied along that axis.
    """
    known_stems = dict(known_stems or {})
    combos = variant_combinations(axes)
    taken: set[str] = {s.casefold() for s in known_stems.values()}
    items: list[BatchItem] = []
    seen: set[str] = set()
    fixed_rows = 0
    for entry in titles.entries:
        own = {a for a in ("company_size", "industry") if getattr(entry, a)}
        if own & set(axes):
            fixed_rows += 1
        for combo in combos:
            variant = {a: v for a, v in combo.items() if a not in own}
            key = identity_key(entry, variant)
            if key in seen:
                continue  # the row fixed an axis: several combos collapse into one item
            seen.add(key)
            stem = known_stems.get(key)
            if stem is None:
                parts = [(k, v) for k, v in {**_row_parts(entry), **variant}.items()]
                stem = unique_stem(item_stem(entry.title, parts), taken)
                taken.add(stem.casefold())
            items.append(BatchItem(entry=entry, variant=variant, stem=stem, key=key))
    notes = []
    if fixed_rows:
        notes.append(
            f"{fixed_rows} row(s) set company_size/industry themselves and are not varied along that axis"
        )
    return BatchPlan(items=items, axes=axes, titles=titles, notes=notes)


def _row_parts(entry: TitleEntry) -> dict[str, str]:
    out = {"level": entry.level, "track": entry.track, "company_size": entry.company_size, "industry": entry.industry}
    return {k: v for k, v in out.items() if v}
