#!/usr/bin/env python
"""Re-record the HTTP cassettes of tests/generate/test_cassettes.py.

Default: start llama-cpp-python's OpenAI-compatible server with the embedded
model (Gemma 3 270M) on 127.0.0.1, record every ``test_cassette_*`` test
against it, stop the server.  Needs the ``local`` extra and the server extra
(``pip install 'llama-cpp-python[server]'``).

    .venv/bin/python scripts/record_cassettes.py

Any other provider, with its key in the usual environment variable:

    OPENAI_API_KEY=... .venv/bin/python scripts/record_cassettes.py --model openai/gpt-4o-mini
    .venv/bin/python scripts/record_cassettes.py --model my-model --api-base http://gpu-box:8000/v1

Keys never reach the cassettes: Authorization, api-key and x-api-key headers
are filtered before writing, cookies and organisation ids are stripped from
responses, and tests/generate/test_cassettes.py fails if any remain.
Cassettes must be re-recorded whenever prompts, schemas or request
parameters change (the replay matches on the JSON body).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASSETTES = REPO / "cassettes"
ALIAS = "gemma3-270m"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/models", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not answer within {timeout:.0f} s")


def start_local_server(threads: int) -> tuple[subprocess.Popen, str, str]:
    sys.path.insert(0, str(REPO))
    from drafter.generate.local.model import model_path

    gguf = model_path()
    port = free_port()
    log = open(Path(tempfile.gettempdir()) / "drafter-record-server.log", "w")
    # llama-cpp-python's own server, with drafter's top-k grammar sampler patched in (the stock
    # grammar sampling is ~4x slower on 2 cores; the answers are equally constrained).
    launcher = ("import sys, runpy, llama_cpp; "
                f"sys.path.insert(0, {str(REPO)!r}); "
                "from drafter.generate.local.sampler import FastGrammarLlama; "
                "llama_cpp.Llama = FastGrammarLlama; "
                "runpy.run_module('llama_cpp.server', run_name='__main__')")
    cmd = [sys.executable, "-c", launcher, "--model", str(gguf), "--model_alias", ALIAS,
           "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192", "--n_threads", str(threads),
           "--seed", "1"]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    wait_ready(base, proc)
    import llama_cpp

    return proc, base, f"llama-cpp-python {llama_cpp.__version__} server, {gguf.name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="litellm model string (default: the embedded model via its own server)")
    parser.add_argument("--api-base", help="OpenAI-compatible base URL for --model")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("-k", dest="select", help="only re-record tests matching this expression")
    args = parser.parse_args()

    proc = None
    try:
        if args.model:
            model, base, server = args.model, args.api_base, f"{args.model} at {args.api_base or 'provider default'}"
        else:
            proc, base, server = start_local_server(args.threads)
            model = ALIAS
        env = {**os.environ, "DRAFTER_CASSETTE_MODEL": model, "DISABLE_AIOHTTP_TRANSPORT": "True"}
        if base:
            env["DRAFTER_CASSETTE_API_BASE"] = base
        else:
            env.pop("DRAFTER_CASSETTE_API_BASE", None)
        cmd = [sys.executable, "-m", "pytest", "-q", "tests/generate/test_cassettes.py", "-k",
               args.select or "test_cassette_", "--record-mode=rewrite", "--force-enable-socket", "-p", "no:cacheprovider"]
        print("recording:", " ".join(cmd), flush=True)
        code = subprocess.call(cmd, cwd=REPO, env=env)
        if code == 0:
            CASSETTES.mkdir(exist_ok=True)
            (CASSETTES / "recording.json").write_text(json.dumps({
                "model": model,
                "api_base": base,
                "recorded_with": server,
                "recorded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            }, indent=2) + "\n")
            # A final pass in replay mode proves the new cassettes match.
            code = subprocess.call([sys.executable, "-m", "pytest", "-q", "tests/generate/test_cassettes.py"], cwd=REPO,
                                   env={**os.environ, "DISABLE_AIOHTTP_TRANSPORT": "True"})
        return code
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
