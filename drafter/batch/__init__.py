"""Batch drafting: a list of titles (x variants) -> one blueprint per item under a directory.

    from drafter.batch import parse_variants, plan_batch, BatchRunner
    plan = plan_batch(read_titles_file("titles.csv"), parse_variants(["industry=fintech,healthcare"]))
    report = await BatchRunner(plan, backend, Path("out"), concurrency=8).run()

Nothing here imports litellm: the backend is built by the caller.
"""

from .manifest import ItemRecord, Manifest, load_manifest, save_manifest
from .names import inside, item_stem, slugify
from .plan import AXES, BatchItem, BatchPlan, parse_variants, plan_batch, variant_combinations
from .runner import BatchReport, BatchRunner, NullReporter, partition

__all__ = [
    "AXES",
    "BatchItem",
    "BatchPlan",
    "BatchReport",
    "BatchRunner",
    "ItemRecord",
    "Manifest",
    "NullReporter",
    "inside",
    "item_stem",
    "load_manifest",
    "parse_variants",
    "partition",
    "plan_batch",
    "save_manifest",
    "slugify",
    "variant_combinations",
]
