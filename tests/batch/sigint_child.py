"""Child process for the Ctrl-C test: ``drafter batch`` with a fake backend where "Stuck Role" never answers.

Not a test module (no ``test_`` prefix); run as ``python sigint_child.py TITLES OUT``.
"""

import asyncio
import sys

from drafter.batch import backend as batch_backend
from drafter.batch import outputs as batch_outputs
from drafter.cli import main
from drafter.testing import FakeBackend


class StuckBackend(FakeBackend):
    async def generate(self, call):
        if call.request.title == "Stuck Role" and call.section == "kpis":
            await asyncio.Event().wait()  # until cancelled
        return await super().generate(call)


batch_backend.build_backend = lambda settings, no_cache=False: StuckBackend()
batch_outputs.render_markdown = lambda bp: f"# {bp.meta.title}\n"
sys.argv = ["drafter", "batch", sys.argv[1], "--out", sys.argv[2], "-j", "2"]
main()
