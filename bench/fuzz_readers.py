"""Fuzz the document readers with mutated real documents: 0 crashes is the bar.

Sources: the seeds (tests/data/seeds), the committed reader fixtures
(tests/readers/data) and, when present, the public documents in
../shared/corpus (Markdown, HTML and DOCX).  Each case takes one source and
applies a few random mutations: a random slice, shuffled / duplicated /
deleted lines, inserted markup fragments (``<li>``, ``</td>``, ``|``, ``#``,
``---`` front matter, ``**``, tabs, CRLF, shortcodes, unclosed tables, deep
nesting), flipped bytes, a BOM, and for Word files a damaged ZIP or a
mangled ``word/document.xml``.  Every case goes through ``read_document`` on a
file (so detection, decoding and the size checks run too) and, when it reads,
through ``validate_document``.

An ``InputError`` (one line, exit 2 on the command line) is a correct answer
for bad input; any other exception is a crash and is printed with the case's
number so that ``--case N`` replays it.

    .venv/bin/python bench/fuzz_readers.py                 # 10,000 cases, seed 1
    .venv/bin/python bench/fuzz_readers.py -n 500 --seed 7
    .venv/bin/python bench/fuzz_readers.py --case 1234     # replay one case, keep its file in /tmp
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FRAGMENTS = [
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    "<ol start='x'>",
    "<td>",
    "</td>",
    "<tr>",
    "<table>",
    "</table>",
    "<h2>",
    "</h2>",
    "<p>",
    "<br>",
    "<strong>",
    "</strong>",
    "<main>",
    "</main>",
    "<nav>",
    "<!--",
    "-->",
    "<!-- drafter: kind=career_guide schema=1.0 -->",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "\n# ",
    "\n## 7) KPIs\n",
    "\n### ",
    "\n- ",
    "\n+\t",
    "\n1. ",
    "\n10) ",
    "\n    - ",
    "\n| a | b |\n|---|---|\n",
    "|",
    "\\|",
    "**",
    "**Label:**",
    "__",
    "`",
    "```",
    "\n---\n",
    "---\ntitle: [unclosed\n---\n",
    "---\ntopics:\n  - content:\n      - level: x\n---\n",
    "\t",
    "\r\n",
    "\r",
    "{{% shortcode %}}",
    "<iframe src='x'>",
    "\u200b",
    "\ufeff",
    "–",
    ":",
    "Requirements:",
    "\n\n",
    "<?xml version='1.0'?>",
    "<![CDATA[",
]


def sources() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for folder in (ROOT / "tests" / "data" / "seeds", ROOT / "tests" / "readers" / "data", ROOT.parent / "shared" / "corpus"):
        if not folder.is_dir():
            continue
        for p in sorted(folder.iterdir()):
            if p.is_file() and p.suffix in (".txt", ".md", ".html", ".json", ".docx") or p.name.endswith(".txt"):
                out.append((p.suffix or ".txt", p.read_bytes()))
    return out


def _mutate_text(rng: random.Random, text: str) -> str:
    if len(text) > 200 and rng.random() < 0.9:
        a = rng.randrange(len(text))
        text = text[a : a + rng.randrange(50, 4000)]
    lines = text.split("\n")
    for _ in range(rng.randrange(0, 4)):
        op = rng.random()
        if op < 0.25 and len(lines) > 2:
            rng.shuffle(lines)
        elif op < 0.5 and lines:
            i = rng.randrange(len(lines))
            lines[i:i] = [lines[i]] * rng.randrange(1, 4)
        elif op < 0.7 and len(lines) > 1:
            del lines[rng.randrange(len(lines))]
        elif lines:
            i = rng.randrange(len(lines))
            lines[i] = " " * rng.randrange(0, 9) + lines[i]
    text = "\n".join(lines)
    for _ in range(rng.randrange(0, 12)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(FRAGMENTS) + text[at:]
    if rng.random() < 0.05:
        depth = rng.randrange(50, 400)
        text = "<ul><li>" * depth + text + "</li></ul>" * (depth // 2)
    if rng.random() < 0.05:
        text = "".join("  " * k + "- x\n" for k in range(rng.randrange(10, 80))) + text
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return text


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randrange(1, 6)):
        if b:
            b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def _mutate_docx(rng: random.Random, data: bytes) -> bytes:
    op = rng.random()
    if op < 0.3:
        return data[: rng.randrange(len(data))]  # truncated ZIP
    if op < 0.4:
        return _mutate_bytes(rng, data)
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "word/document.xml":
                if op < 0.6:
                    body = body[: rng.randrange(len(body))]
                else:
                    text = body.decode("utf-8", "replace")
                    for _ in range(rng.randrange(1, 8)):
                        at = rng.randrange(len(text))
                        text = text[:at] + rng.choice(["<w:p>", "</w:p>", "<w:numPr><w:ilvl w:val='x'/></w:numPr>",
                                                      "<w:tbl>", "&", "<w:t>", "]]>"]) + text[at:]
                    body = text.encode("utf-8")
            elif rng.random() < 0.1:
                continue  # a part missing (styles, numbering, ...)
            dst.writestr(info.filename, body)
    return out.getvalue()


def make_case(rng: random.Random, srcs: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    suffix, data = rng.choice(srcs)
    if suffix == ".docx":
        return ".docx", _mutate_docx(rng, data)
    text = data.decode("utf-8", "replace")
    text = _mutate_text(rng, text)
    raw = text.encode("utf-8")
    r = rng.random()
    if r < 0.05:
        raw = _mutate_bytes(rng, raw)
    elif r < 0.08:
        raw = b"\xef\xbb\xbf" + raw
    elif r < 0.1:
        raw = text.encode("utf-16")
    suffix = rng.choice([suffix, suffix, ".md", ".html", ".txt", ".json", ".csv", ".docx"])
    return suffix, raw


def run_case(path: Path) -> str | None:
    """None when the case was read or refused cleanly; else the traceback."""
    from drafter.errors import InputError
    from drafter.readers import read_document
    from drafter.validate import validate_document

    try:
        doc = read_document(path)
        validate_document(doc)
    except InputError as exc:
        if "\n" in str(exc):
            return f"InputError with more than one line: {exc!r}"
        return None
    except Exception:  # noqa: BLE001 - a crash is what we are looking for
        return traceback.format_exc()
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="number of cases (default 10000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--case", type=int, default=None, help="replay one case number")
    a = ap.parse_args()
    srcs = sources()
    crashes, read_ok, slow = 0, 0, []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(a.n if a.case is None else a.case + 1):
            rng = random.Random(a.seed * 1_000_003 + i)
            suffix, raw = make_case(rng, srcs)
            if a.case is not None and i != a.case:
                continue
            path = Path(tmp if a.case is None else tempfile.gettempdir()) / f"case{i}{suffix}"
            path.write_bytes(raw)
            t0 = time.perf_counter()
            err = run_case(path)
            dt = time.perf_counter() - t0
            slow.append((dt, i))
            if err:
                crashes += 1
                print(f"case {i} ({suffix}, {len(raw)} bytes): CRASH\n{err}", flush=True)
            else:
                read_ok += 1
            if a.case is None:
                path.unlink()
            if a.case is None and (i + 1) % 1000 == 0:
                print(f"{i + 1} cases, {crashes} crashes, {time.perf_counter() - start:.0f} s", flush=True)
    slow.sort(reverse=True)
    total = time.perf_counter() - start
    print(
        f"cases={a.n if a.case is None else 1} crashes={crashes} seconds={total:.0f} "
        f"slowest={slow[0][0]:.2f}s (case {slow[0][1]})"
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
