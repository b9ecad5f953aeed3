"""Save a screenshot of a kg graph page (``graph.html``) with one node selected.

Usage::

    .venv/bin/python examples/screenshot.py exports/graph.html docs/graph.png [--select NAME]

Opens the page in headless Chromium (Debian's ``/usr/bin/chromium``, or ``$KG_CHROMIUM``), selects
``NAME`` (searched like the page's search box) or, by default, the paper with the most
highlighted mentions in its abstract, zooms to its neighbourhood (the rest of the graph stays
visible, dimmed) and writes the PNG.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

# the paper whose abstract has the most highlighted mentions (ties: most neighbours, then id)
RICHEST_PAPER = """() => {
  const d = kg.data, paper = d.types.findIndex(t => t.key === "paper");
  let best = null, score = [-1, -1];
  d.nodes.forEach((n, i) => {
    if (n[1] !== paper) return;
    const s = [((d.info[i] || {}).marks || []).length, network.getConnectedNodes(n[0]).length];
    if (s[0] > score[0] || (s[0] === score[0] && s[1] > score[1])) { best = n[0]; score = s; }
  });
  return best;
}"""


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("page", type=Path, help="a graph.html written by kg build or kg view")
    ap.add_argument("out", type=Path, help="the PNG to write")
    ap.add_argument("--select", metavar="NAME", help="node to select (default: the richest paper)")
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=900)
    args = ap.parse_args(argv)
    chromium = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": args.width, "height": args.height}, device_scale_factor=1)
            page.goto(args.page.resolve().as_uri())
            page.wait_for_function("window.kgReady !== undefined", timeout=120_000)
            node = page.evaluate("q => kg.find(q, 1)[0] || null", args.select) if args.select else page.evaluate(RICHEST_PAPER)
            if node is None:
                print(f"screenshot: nothing to select{f' named {args.select!r}' if args.select else ''}", file=sys.stderr)
            else:
                page.evaluate("""id => {
                  kg.jump(id);
                  network.fit({nodes: kg.highlighted(), animation: false});
                  network.moveTo({scale: network.getScale() * 0.85, animation: false});
                }""", node)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
        finally:
            browser.close()
    print(f"wrote {args.out}" + (f" (selected {node})" if node else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
