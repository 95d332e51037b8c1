"""The corpus Markdown pages as Word files (pandoc) read about as well as their Markdown originals.

For every ``*.md`` in the corpus folder (default ``../shared/corpus``) it writes
``NAME.docx`` with pandoc into a temporary directory (``pandoc -f markdown``;
the front matter ``title`` becomes the Word title).  A page with an HTML table
inside goes through HTML first (``-t html``, then ``-f html``), because pandoc's
DOCX writer drops raw HTML.  Pages whose
content is YAML front matter (a progression framework) are listed as not
comparable: pandoc writes no front matter except the title.  It runs ``drafter
import`` on both and measures both JSON results
with ``corpus_coverage.py``'s ``measure`` (share of the text in sections / in
typed fields).  It prints one row per page with both figures and the
differences, then a summary line: the largest difference and the number of
pages within ``--tolerance`` (0.10).  Needs pandoc on PATH.

    .venv/bin/python bench/docx_vs_markdown.py
    .venv/bin/python bench/docx_vs_markdown.py ../shared/corpus --tolerance 0.1
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.readers.frontmatter import ladder_blocks, split_front_matter  # noqa: E402


def _coverage_module(folder: Path):
    tool = folder.parent / "tools" / "corpus_coverage.py"
    if not tool.exists():
        tool = ROOT.parent / "shared" / "tools" / "corpus_coverage.py"
    spec = importlib.util.spec_from_file_location("corpus_coverage", tool)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _import(drafter: str, doc: Path, out: Path) -> dict | None:
    p = subprocess.run([drafter, "import", str(doc), "--out", str(out)], capture_output=True, text=True)
    js = sorted(out.glob("*.json")) if out.exists() else []
    if p.returncode != 0 or not js:
        return None
    return json.loads(js[0].read_text())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--drafter", default=str(ROOT / ".venv" / "bin" / "drafter"))
    ap.add_argument("--tolerance", type=float, default=0.10)
    a = ap.parse_args()
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc is not installed (apt-get install pandoc)")
    folder = Path(a.folder)
    cov = _coverage_module(folder)
    titles = {}
    tsv = folder / "titles.tsv"
    if tsv.exists():
        for line in tsv.read_text().splitlines():
            if line.strip() and not line.startswith("#") and "\t" in line:
                f, t = line.split("\t", 1)
                titles[f.strip()] = t.strip()
    pages = [p for p in sorted(folder.glob("*.md")) if p.name != "SOURCES.md"]
    worst, within, rows = 0.0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for page in pages:
            docx = tmpdir / (page.stem + ".docx")
            fm = split_front_matter(page.read_text(encoding="utf-8"))
            if fm is not None and ladder_blocks(fm):
                print(f"{page.name:52} not comparable: its content is YAML front matter, which pandoc does not write")
                continue
            text = page.read_text(encoding="utf-8")
            if re.search(r"^\s{0,3}<table", text, re.I | re.M):
                # pandoc's DOCX writer drops raw HTML: turn the page into HTML first, then HTML into DOCX.
                html = tmpdir / (page.stem + ".html")
                conv = subprocess.run(
                    ["pandoc", str(page), "-f", "markdown", "-t", "html", "-o", str(html)], capture_output=True, text=True
                )
                if conv.returncode == 0:
                    conv = subprocess.run(
                        ["pandoc", str(html), "-f", "html", "-o", str(docx)], capture_output=True, text=True
                    )
            else:
                conv = subprocess.run(
                    ["pandoc", str(page), "-f", "markdown", "-o", str(docx)], capture_output=True, text=True
                )
            if conv.returncode != 0:
                print(f"{page.name:52} pandoc failed: {conv.stderr.strip()[:80]}")
                continue
            md = _import(a.drafter, page, tmpdir / "md" / page.stem)
            wd = _import(a.drafter, docx, tmpdir / "docx" / page.stem)
            if md is None or wd is None:
                print(f"{page.name:52} md read={md is not None} docx read={wd is not None}")
                rows += 1
                continue
            m, d = cov.measure(md, titles.get(page.name)), cov.measure(wd, titles.get(page.name))
            ds, df = abs(m["in_sections"] - d["in_sections"]), abs(m["in_fields"] - d["in_fields"])
            worst = max(worst, ds, df)
            ok = ds <= a.tolerance and df <= a.tolerance
            within += ok
            rows += 1
            print(
                f"{page.name:52} md {m['in_sections']:.2f}/{m['in_fields']:.2f}  docx {d['in_sections']:.2f}/"
                f"{d['in_fields']:.2f}  diff {ds:.2f}/{df:.2f}{'' if ok else '  OVER'}  title {d['title'][:30]!r}"
            )
    print(json.dumps({"pages": rows, "within_tolerance": within, "tolerance": a.tolerance, "max_diff": round(worst, 2)}))
    return 0 if within == rows else 1


if __name__ == "__main__":
    sys.exit(main())
