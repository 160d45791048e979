"""The review page in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright.

Skips, saying why, when Playwright or a Chromium binary is missing; `.ci/run` installs Chromium and
sets SGB_REQUIRE_BROWSER=1, which turns that skip into a failure so CI cannot pass without the browser.
SGB_CHROMIUM names the browser binary when it is not `chromium` on PATH.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from shuangguoban.loader import load_path
from shuangguoban.models import walk
from shuangguoban.reading import load_circular
from shuangguoban.review import review_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "kaifeng_2024_q2_double_half_measures.txt"
FIXTURE = Path(__file__).parent / "fixtures" / "review" / "chengchuan.txt"


def _browser_binary() -> str | None:
    named = os.environ.get("SGB_CHROMIUM")
    if named:
        return named
    return next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None)


def _unavailable(reason: str) -> None:
    if os.environ.get("SGB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SGB_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    binary = _browser_binary()
    if binary is None:
        _unavailable("no Chromium found (apt-get install chromium, or set SGB_CHROMIUM)")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=binary, args=["--no-sandbox", "--disable-gpu"])
        except Exception as exc:  # a browser that cannot start is a missing browser
            _unavailable(f"{binary} does not start: {str(exc).splitlines()[0]}")
        yield launched
        launched.close()


def open_page(browser, tmp_path: Path, html: str, name: str):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: errors.append(f"request {request.url}") if not request.url.startswith("file:") else None)
    page.goto(path.as_uri())
    return page, errors


def in_view(page, selector: str) -> bool:
    """The first element matching `selector` lies inside the visible part of its scrolling pane."""
    return page.eval_on_selector(selector, """el => {
        const box = el.getBoundingClientRect(), pane = el.closest('.pane').getBoundingClientRect();
        return box.height > 0 && box.top >= pane.top && box.bottom <= pane.bottom && box.bottom <= window.innerHeight;
    }""")


def test_clicking_a_ledger_row_highlights_its_spans_and_scrolls_to_them(browser, tmp_path):
    circular = load_circular(SAMPLE)
    page, errors = open_page(browser, tmp_path, review_page(circular, load_path(SAMPLE).text), "sample.html")
    measures = list(walk(circular.measures))
    index = max(i for i, m in enumerate(measures) if m.targets)   # far down: the text must scroll
    measure = measures[index]
    row = f"#ledger tbody tr:nth-child({index + 1})"
    row_ids = set(page.get_attribute(row, "data-ids").split())
    assert not in_view(page, f'#doc [data-ids~="{min(row_ids)}"]')
    page.click(row)
    active = page.eval_on_selector_all("#doc mark.active", "els => els.map(e => e.textContent)")
    for target in measure.targets:
        assert target.text in "".join(active)
    for agency in measure.responsible_units:
        if agency.span is not None:
            assert agency.raw in "".join(active)
    active_ids = page.eval_on_selector_all("#doc mark.active", "els => els.map(e => e.dataset.ids)")
    assert active_ids and all(row_ids & set(ids.split()) for ids in active_ids)   # this row's spans only
    assert in_view(page, "#doc mark.active")
    assert page.eval_on_selector("#doc .measure.selected", "el => el.dataset.path") == measure.path
    assert page.get_attribute(row, "class") == "selected"

    # hovering a target shows its value, unit, comparator and resolved date
    target = measure.targets[0]
    page.hover(f"#doc mark.active.k-target >> text={target.text}")
    tip = page.inner_text("#tip")
    assert page.is_visible("#tip")
    assert f"{target.value} {target.unit}" in tip.replace("\t", " ")
    if target.deadline is not None and target.deadline.end is not None:
        assert target.deadline.end.isoformat() in tip

    shot = tmp_path / "review.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
    assert errors == []


def test_a_script_in_the_circular_stays_text_and_does_not_run(browser, tmp_path):
    circular = load_circular(FIXTURE)
    page, errors = open_page(browser, tmp_path, review_page(circular, load_path(FIXTURE).text), "fixture.html")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert "PWNED" not in page.title()
    assert 'window.pwned=1;document.title="PWNED"' in page.inner_text("#doc")
    assert page.evaluate("document.querySelectorAll('#doc script, #doc b').length") == 0
    assert page.evaluate("document.getElementById('doc').textContent") == load_path(FIXTURE).text
    # a warning-free page still has working rows: the last measure's target is selected
    page.click("#ledger tbody tr:last-child")
    assert "1.5万人" in page.eval_on_selector_all("#doc mark.active", "els => els.map(e => e.textContent).join('')")
    # the keyboard works too: Enter on a focused row selects it
    page.focus("#ledger tbody tr:first-child")
    page.keyboard.press("Enter")
    assert "selected" in page.get_attribute("#ledger tbody tr:first-child", "class").split()
    assert page.eval_on_selector("#doc .measure.selected", "el => el.dataset.path") == "一"
    assert errors == []
