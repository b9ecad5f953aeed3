"""Regenerate the README's pictures of the explorer from the example corpus's page.

Usage::

    make screenshots                       # builds exports/graph.html first, then runs this
    .venv/bin/python docs/screenshots.py [--page exports/graph.html] [--out docs]

Writes ``graph.png``, the first view as a new reader sees it in a 1600 x 1000 window, and
``graph-expanded.png``, the same page after a click on the Transformer (its papers, methods,
datasets and tasks laid out around it, the rest faded). Debian's Chromium draws them through
Playwright, as in the browser tests; the page fetches nothing.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--hide-scrollbars"]
VIEWPORT = {"width": 1600, "height": 1000}
EXPAND = "method:transformer"


def settle(page) -> None:
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))")


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--page", type=Path, default=Path("exports/graph.html"),
                    help="the page (default: exports/graph.html)")
    ap.add_argument("--out", type=Path, default=Path("docs"), help="folder of the pictures (default: docs)")
    args = ap.parse_args(argv)
    if not args.page.exists():
        print(f"screenshots: no page at {args.page}: run `kg build --out exports` first", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(args.page.resolve().as_uri())
            page.wait_for_function("window.kgReady !== undefined")
            settle(page)
            first = args.out / "graph.png"
            page.screenshot(path=str(first))
            labels = page.evaluate("kg.labels().length")
            box = page.locator("#kg-network").bounding_box()
            xy = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", EXPAND)
            page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])  # as a reader would
            page.mouse.move(box["x"] + 4, box["y"] + box["height"] - 4)  # no tooltip in the picture
            settle(page)
            expanded = args.out / "graph-expanded.png"
            page.screenshot(path=str(expanded))
            print(f"wrote {first} ({labels} labels) and {expanded} (#{page.evaluate('kg.state()')})")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
