"""Regenerate docs/review.png: the sample's review page in headless Chromium, one ledger row clicked
and one target hovered. Needs Playwright and a Chromium (`apt-get install chromium fonts-wqy-microhei`).

    .venv/bin/python tools/review_screenshot.py [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from shuangguoban.loader import load_path
from shuangguoban.models import walk
from shuangguoban.reading import load_circular
from shuangguoban.review import review_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "data/raw/kaifeng_2024_q2_double_half_measures.txt"   # relative: the page shows the path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "review.png")
    parser.add_argument("--row", type=int, default=20, help="the ledger row to click (1-based)")
    args = parser.parse_args()
    os.chdir(ROOT)
    circular = load_circular(SAMPLE)
    measure = list(walk(circular.measures))[args.row - 1]
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_file = Path(folder) / "review.html"
        page_file.write_text(review_page(circular, load_path(SAMPLE).text), encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 820})
        page.goto(page_file.as_uri())
        page.click(f"#ledger tbody tr:nth-child({args.row})")
        if measure.targets:
            page.hover(f"#doc mark.active.k-target >> text={measure.targets[-1].text}")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        png = page.screenshot()
        browser.close()
    _write_small_png(png, args.output)
    print(f"{args.output}: {args.output.stat().st_size // 1024} KB")


def _write_small_png(png: bytes, output: Path) -> None:
    """A palette PNG: a screenshot of text and flat colours loses nothing visible in 256 colours."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(output, optimize=True)


if __name__ == "__main__":
    main()
