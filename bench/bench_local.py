"""Benchmarks of the embedded model (Gemma 3 270M, llama.cpp, this machine's cores).

    .venv/bin/python bench/bench_local.py speed      # tokens/s: free vs constrained (top-k sampler) vs stock grammar
    .venv/bin/python bench/bench_local.py sections   # per section: constrained vs free generation + validate + retry

``speed`` generates for one real section prompt (the prompt drafter sends for
"Role Mission", brief depth) three ways, side by side in one process, and
prints medians of ``--repeat`` runs of generation speed (prompt evaluation
excluded: the prompt is evaluated once and cached):

* free: plain sampling, no grammar (raw llama.cpp);
* constrained, fast: the section's JSON-schema grammar with drafter's top-k
  grammar sampler (drafter/generate/local/sampler.py);
* constrained, stock: the same grammar with llama-cpp-python's sampler chain.

``sections`` drafts every section (brief) through the whole stack -- engine,
instructor, litellm, the local provider -- once constrained and once with free
generation (validated by instructor, which asks again with the error when the
answer does not validate), and prints time, tokens and attempts per section.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DRAFTER_HOME", str(Path(tempfile.gettempdir()) / "drafter-bench-home"))

TITLE = "Senior Site Reliability Engineer"


def _prompt_and_schema(section: str, depth: str = "brief") -> tuple[str, dict]:
    from drafter.generate import prompts
    from drafter.generate.local.prompt import flatten
    from drafter.generate.types import RoleRequest
    from drafter.schema.genmodels import generation_model
    from drafter.schema.sections import BY_KEY

    spec = BY_KEY[section]
    messages = prompts.build_messages(spec, RoleRequest(TITLE, depth=depth), depth=depth, dependencies={})
    return flatten(messages), generation_model(spec.model, depth).model_json_schema()


def speed(args) -> None:
    import llama_cpp
    from llama_cpp import LlamaGrammar

    from drafter.generate.local.grammar import gbnf_for
    from drafter.generate.local.model import model_path
    from drafter.generate.local.sampler import FastGrammarLlama

    prompt, schema = _prompt_and_schema(args.section)
    llm = FastGrammarLlama(model_path=str(model_path()), n_ctx=8192, n_threads=args.threads,
                           n_threads_batch=args.threads, verbose=False, seed=1)
    grammar = LlamaGrammar.from_string(gbnf_for(json.dumps(schema)), verbose=False)
    llm.create_completion(prompt, max_tokens=1, temperature=0.0)  # evaluate (and cache) the prompt once

    def run(kind: str) -> tuple[float, int]:
        llm.fast_grammar = kind != "stock"
        llama_cpp.llama_perf_context_reset(llm._ctx.ctx)
        t0 = time.perf_counter()
        out = llm.create_completion(
            prompt, max_tokens=args.tokens, temperature=args.temperature, seed=args.seed,
            grammar=None if kind == "free" else grammar,
            stop=["\n\n"] if kind == "free" else None,
        )
        wall = time.perf_counter() - t0
        perf = llama_cpp.llama_perf_context(llm._ctx.ctx)
        tokens = out["usage"]["completion_tokens"]
        gen_seconds = wall - perf.t_p_eval_ms / 1000.0  # prompt (re-)evaluation excluded
        return tokens / gen_seconds, tokens

    kinds = ("free", "fast", "stock")
    results: dict[str, list[tuple[float, int]]] = {k: [] for k in kinds}
    for _ in range(args.repeat):
        for kind in kinds:  # interleaved, so drift affects all three alike
            results[kind].append(run(kind))
    med = {k: statistics.median(r[0] for r in v) for k, v in results.items()}
    toks = {k: statistics.median(r[1] for r in v) for k, v in results.items()}
    print(f"section {args.section!r}, brief; {args.threads} threads; temperature {args.temperature}; "
          f"medians of {args.repeat} runs; prompt {len(llm.tokenize(prompt.encode()))} tokens (cached)")
    print(f"{'sampling':<34} {'tokens/s':>9} {'tokens':>7} {'vs free':>8}")
    names = {"free": "free (raw llama.cpp, no grammar)", "fast": "constrained, top-k grammar sampler",
             "stock": "constrained, stock llama-cpp-python"}
    for kind in kinds:
        print(f"{names[kind]:<34} {med[kind]:>9.1f} {toks[kind]:>7.0f} {med[kind] / med['free']:>7.2f}x")
    print(f"top-k sampler vs stock grammar sampling: {med['fast'] / med['stock']:.2f}x")


async def _draft_one(section: str, free: bool, threads: int):
    from dataclasses import replace

    from drafter.generate.engine import Engine
    from drafter.generate.local.provider import LocalBackend
    from drafter.generate.local.runtime import LocalConfig
    from drafter.generate.types import RoleRequest
    from drafter.schema.genmodels import generation_model
    from drafter.schema.sections import BY_KEY

    name = generation_model(BY_KEY[section].model, "brief").__name__
    config = replace(LocalConfig(n_threads=threads), free_sections=frozenset({name}) if free else frozenset())
    backend = LocalBackend(config=config)
    engine = Engine(backend, cache=False)
    deps = {}
    if BY_KEY[section].depends_on:
        from drafter.testing import sample_blueprint

        bp = sample_blueprint(TITLE, depth="brief")
        deps = {"base": bp}
    t0 = time.perf_counter()
    result = await engine.draft(RoleRequest(TITLE, depth="brief"), sections=[section], **deps)
    seconds = time.perf_counter() - t0
    row = result.blueprint.generation.sections[0]
    return seconds, row, result.failed.get(section)


def sections(args) -> None:
    from drafter.schema.sections import GENERATED_SECTIONS

    keys = args.only.split(",") if args.only else [s.key for s in GENERATED_SECTIONS]
    asyncio.run(_draft_one("mission", False, args.threads))  # warm-up: model load
    print(f"brief depth, {args.threads} threads; seconds to a valid section (attempts, completion tokens)")
    print(f"{'section':<18} {'constrained':>22} {'free + validate':>26}  faster")
    totals = {"c": 0.0, "f": 0.0}
    for key in keys:
        cells = {}
        for mode, free in (("c", False), ("f", True)):
            seconds, row, error = asyncio.run(_draft_one(key, free, args.threads))
            totals[mode] += seconds
            status = "ok" if error is None else "FAILED"
            cells[mode] = (seconds, f"{seconds:6.1f}s ({row.attempts}, {row.completion_tokens:>4}) {status}")
        faster = "constrained" if cells["c"][0] <= cells["f"][0] or "FAILED" in cells["f"][1] else "free"
        print(f"{key:<18} {cells['c'][1]:>22} {cells['f'][1]:>26}  {faster}")
    print(f"{'total':<18} {totals['c']:>21.1f}s {totals['f']:>25.1f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("speed")
    p.add_argument("--section", default="mission")
    p.add_argument("--tokens", type=int, default=160)
    p.add_argument("--temperature", type=float, default=0.3)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    p.set_defaults(func=speed)
    p = sub.add_parser("sections")
    p.add_argument("--only", help="comma-separated section keys")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    p.set_defaults(func=sections)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
