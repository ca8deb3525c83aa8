"""The built site in a real browser: Debian's Chromium (its headless shell)
driven by Playwright's Python API (never `playwright install`: it is pointed
at /usr/bin/chromium-headless-shell), with axe-core from npm for accessibility.

.ci/install-browser installs both. Without them these tests skip, saying
why; with CI set they fail instead, so CI cannot pass by skipping them."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

import sscorpus
from conftest import ESSAY
from sitecorpus import B_ESSAY_FILE, HOSTILE_NOTE, HOSTILE_REGISTRY_NOTE, expected_highlights, runs
from sscorpus import Claim, Corpus, Evidence

REPO = Path(__file__).resolve().parents[1]
#: Debian's headless shell of Chromium: the same engine as its chromium package, without the
#: browser's own interface (Playwright's choice for headless runs; a third of the CPU the full
#: browser's process spends here); the full browser where only it is installed
CHROMIUM = next(
    (p for p in (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium")) if p.is_file()),
    Path("/usr/bin/chromium-headless-shell"),
)
AXE = REPO / ".ci" / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: where the screenshot for a person to look at is written (git-ignored)
SCREENSHOTS = REPO / "tests" / "screenshots"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
#: a phone held upright (an iPhone 12 to 15: 390 x 844 CSS pixels)
PHONE = {"width": 390, "height": 844}


def _need(tool: str, how: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is missing: {how}")
    pytest.skip(f"{tool} is not installed ({how})")


# Module-scoped, not session-scoped: Playwright's sync API keeps an asyncio loop running in
# the thread while it is open, and the asyncio tests that a worker runs after this file's
# (test_lsp.py's) could not start theirs. Under `--dist worksteal` a worker runs this file's
# tests in one or two stretches, so Chromium is launched once or twice per worker.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright", "pip install -e '.[test]'")
    if not CHROMIUM.is_file():
        _need("Chromium", ".ci/install-browser installs Debian's chromium-headless-shell package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """A browser tab on the site that records console errors, uncaught
    exceptions and every request for something outside the site (which is
    refused, so that nothing leaves even if a page asks).

    A tab is kept for the module (see `Tabs`): a test takes it reset."""

    def __init__(self, browser: Any, site: Path, *, bypass_csp: bool = False, phone: bool = False) -> None:
        self.site = site
        self.prefix = site.resolve().as_uri() + "/"
        screen = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {"viewport": DESKTOP}
        self.context = browser.new_context(bypass_csp=bypass_csp, **screen)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(self.prefix):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, rel: str) -> Any:
        self.page.goto(self.prefix + rel)
        return self.page

    def reset(self) -> Visit:
        """As a new tab: a blank page, so that the next address is loaded
        afresh (never a jump within the page left open), and nothing recorded."""
        self.page.goto("about:blank")
        self.errors.clear()
        self.outside.clear()
        return self

    def close(self) -> None:
        self.context.close()


class Tabs:
    """One tab per site, screen and policy for the module, handed
    to each test reset: a new browser context and page for every test cost
    as much as the checks of a short test."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self._open: dict[tuple[Path, bool, bool], Visit] = {}

    def take(self, site: Path, *, bypass_csp: bool = False, phone: bool = False) -> Visit:
        key = (site, bypass_csp, phone)
        if key not in self._open:
            self._open[key] = Visit(self.browser, site, bypass_csp=bypass_csp, phone=phone)
        return self._open[key].reset()

    def close(self) -> None:
        for tab in self._open.values():
            tab.close()


@pytest.fixture(scope="module")
def tabs(browser: Any) -> Iterator[Tabs]:
    kept = Tabs(browser)
    yield kept
    kept.close()


@pytest.fixture
def visit(tabs: Tabs, fixture_site: tuple[Path, Path]) -> Visit:
    return tabs.take(fixture_site[1])


#: for each annotation of the list: its annotator, type, ref, start and the
#: text of each stretch of the layer's text (numbered) that its highlight covers
#: (handed over as one JSON string: Playwright's own serialization of a thousand
#: objects costs more than the page's script)
_HIGHLIGHTS_JS = """() => {
  const found = [];
  for (const text of document.querySelectorAll('.text[data-layer]')) {
    const layer = text.getAttribute('data-layer');
    const covered = {};
    let n = 0;
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      n += 1;
      const holder = walker.currentNode.parentElement.closest('.hl');
      if (!holder || !text.contains(holder)) continue;
      for (const key of holder.getAttribute('data-a').split(' ')) {
        (covered[key] = covered[key] || []).push([n, walker.currentNode.data]);
      }
    }
    for (const item of document.querySelectorAll('.item[data-layer="' + layer + '"]')) {
      found.push({annotator: item.dataset.annotator, type: item.dataset.type, ref: item.dataset.ref,
                  start: item.dataset.start, segments: covered[item.dataset.key] || []});
    }
  }
  return found;
}"""


@pytest.mark.parametrize("which", ["fixture_site", "repo_site"])
def test_every_highlight_in_the_browser_is_its_quote(which: str, tabs: Tabs, request: pytest.FixtureRequest) -> None:
    """Every claim, piece of evidence and mention of every annotator, as the
    browser renders the page, covers exactly the text of its quote."""
    root, site = request.getfixturevalue(which)
    expected = expected_highlights(root)
    tab = tabs.take(site)
    seen = set()
    for doc_id in _corpus(root).documents:
        page = tab.open(f"documents/{doc_id}.html")
        for item in json.loads(page.evaluate(f"() => JSON.stringify(({_HIGHLIGHTS_JS})())")):
            what = f"mention:{item['ref']}@{item['start']}" if item["type"] == "mention" else item["ref"]
            key = (doc_id, item["annotator"], what)
            assert runs([(n, text) for n, text in item["segments"]]) == expected[key], key
            seen.add(key)
    assert tab.errors == [] and tab.outside == []
    assert seen == set(expected)


@functools.cache
def _corpus(root: Path) -> Corpus:
    """The corpus a site was built from, read once for the session (no test changes it)."""
    return sscorpus.check(root).corpus


def _key(page: Any, annotator: str, ref: str) -> str:
    return str(page.get_attribute(f'.item[data-annotator="{annotator}"][data-ref="{ref}"]', "data-key"))


def _line_of(root: Path, annotator: str, claim_id: str) -> int:
    file = next(f for f in _corpus(root).files if f.annotator == annotator and f.document == ESSAY)
    units: list[Claim | Evidence] = [*file.claims, *file.evidence]
    return next(c.where.line for c in units if c.id == claim_id)


def _becomes_selected(page: Any, key: str) -> None:
    """The annotation ``key`` is selected, now or within Playwright's assertion timeout."""
    from playwright.sync_api import expect  # here, not at the top: without Playwright the tests skip

    expect(page.locator("#selected")).to_have_attribute("data-key", key)


def test_selecting_a_claim_shows_its_details(visit: Visit, fixture_site: tuple[Path, Path]) -> None:
    root = fixture_site[0]
    page = visit.open(f"documents/{ESSAY}.html")
    inner, outer, ev = (_key(page, "b", ref) for ref in ("inner", "outer", "ev"))
    mention = page.get_attribute('.item[data-annotator="b"][data-ref="south-africa"]', "data-key")
    # a stretch of 'inner' outside its mention: 'inner' is the innermost annotation there
    target = page.locator(f'.hl[data-a~="{inner}"]:not([data-a~="{mention}"])').first
    target.click()
    panel = page.locator("#selected")
    assert panel.get_attribute("data-key") == inner
    details = panel.inner_text()
    assert "claim inner" in details and "descriptive" in details and "south-africa" in details
    assert f"{B_ESSAY_FILE}:{_line_of(root, 'b', 'inner')}" in details
    assert page.locator(f'.hl.sel[data-a~="{inner}"]').count() == page.locator(f'.hl[data-a~="{inner}"]').count()
    target.click()  # the same place again: the claim around it
    assert panel.get_attribute("data-key") == outer
    details = panel.inner_text()
    assert "endorses" in details and "rejects" in details and "supported by ev" in details
    assert f"{B_ESSAY_FILE}:{_line_of(root, 'b', 'outer')}" in details
    panel.get_by_role("link", name="ev").click()  # supports/challenges link to the claims
    _becomes_selected(page, ev)  # on the address's hashchange, a task after the click
    assert "supports outer" in panel.inner_text() and "challenges overlap" in panel.inner_text()
    assert visit.errors == [] and visit.outside == []


def test_filters_by_type_and_layer(visit: Visit) -> None:
    page = visit.open(f"documents/{ESSAY}.html")
    claim = page.locator(".layer .hl.t-claim").first
    assert claim.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.get_by_label("claims").uncheck()
    assert claim.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.locator('.item[data-type="claim"]').first.is_hidden()
    assert page.locator("#layer-0").is_visible() and page.locator("#layer-1").is_visible()
    page.get_by_label("b only").check()
    assert page.locator("#layer-0").is_hidden() and page.locator("#layer-1").is_visible()
    page.get_by_label("all, side by side").check()
    box_a, box_b = page.locator("#layer-0").bounding_box(), page.locator("#layer-1").bounding_box()
    assert box_a is not None and box_b is not None and box_a["x"] < box_b["x"] and box_a["y"] == box_b["y"]


#: every link's address, resolved as the browser follows it (an SVG link's href is no string)
_HREFS_JS = "els => els.map(e => new URL(e.getAttribute('href') || e.getAttribute('src'), document.baseURI).href)"


def test_no_console_error_no_request_outside_and_every_link_resolves(
    tabs: Tabs, fixture_site: tuple[Path, Path]
) -> None:
    site = fixture_site[1]
    tab = tabs.take(site)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    for rel in pages:
        page = tab.open(rel)
        for href in page.eval_on_selector_all("a[href], link[href], script[src]", _HREFS_JS):
            parts = urlsplit(href)
            assert parts.scheme == "file", f"{rel}: {href}"
            target = Path(unquote(parts.path))
            assert target.is_file() and target.resolve().is_relative_to(site.resolve()), f"{rel}: {href}"
    assert tab.errors == [], tab.errors
    assert tab.outside == [], tab.outside


def test_pages_are_readable_without_javascript(browser: Any, fixture_site: tuple[Path, Path]) -> None:
    """The highlights and every annotation's details are in the HTML; only
    the controls that need the script stay hidden."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((fixture_site[1] / "documents" / f"{ESSAY}.html").as_uri())
        assert page.locator(".layer .hl.t-claim").first.is_visible()
        assert page.locator("#toolbar").is_hidden()
        summary = page.locator('.item[data-ref="outer"] summary')
        summary.click()  # the browser's own <details>: no script needed
        details = page.locator('.item[data-ref="outer"] .details')
        assert details.is_visible() and "endorses" in details.inner_text()
    finally:
        context.close()


def test_a_mangled_address_is_no_error(visit: Visit) -> None:
    page = visit.open(f"documents/{ESSAY}.html#%E0%A4%A")
    assert page.locator("#selected").get_attribute("data-key") is None
    assert visit.errors == []


def test_the_hostile_notes_stay_text(visit: Visit) -> None:
    page = visit.open(f"documents/{ESSAY}.html")
    outer = _key(page, "b", "outer")
    page = visit.open(f"documents/{ESSAY}.html#{outer}")
    assert page.locator("#selected").get_attribute("data-key") == outer
    assert page.locator("#selected .note").inner_text() == HOSTILE_NOTE
    assert page.evaluate("() => [window.hostile, document.images.length]") == [None, 0]
    page = visit.open("entities/south-africa.html")
    assert HOSTILE_REGISTRY_NOTE in page.locator("dl.fields").inner_text()
    assert page.evaluate("() => [window.hostile, document.images.length]") == [None, 0]
    assert visit.errors == []


def test_keyboard_alone_reaches_and_selects_every_annotation(visit: Visit) -> None:
    page = visit.open(f"documents/{ESSAY}.html")
    keys = set(page.eval_on_selector_all(".item", "els => els.map(e => e.dataset.key)"))
    selected = set()
    for _ in range(40 * len(keys)):
        key = page.evaluate(
            "() => { const s = document.activeElement.closest('.item > details > summary');"
            " return s ? s.parentElement.parentElement.dataset.key : null; }"
        )
        if key and key not in selected:
            page.keyboard.press("Enter")
            assert page.locator("#selected").get_attribute("data-key") == key
            selected.add(key)
            if selected == keys:
                break
        page.keyboard.press("Tab")
    assert selected == keys


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def _axe(tabs: Tabs, site: Path, rel: str, *, phone: bool = False) -> list[dict[str, Any]]:
    # The page's policy refuses injected scripts, a <script> tag of axe's included. axe is
    # evaluated as the browser's developer tools evaluate a script, which no page's policy
    # governs: the page keeps its policy, as a reader's browser shows it, and the tab is the
    # one the other tests of the site and screen take.
    tab = tabs.take(site, phone=phone)
    page = tab.open(rel)
    page.evaluate(_axe_source())
    violations: list[dict[str, Any]] = page.evaluate(
        # every violation with all its elements; of what passes, a sample only (axe's documented speed-up)
        "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
        ".violations.map("
        "v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        WCAG_AA,
    )
    return violations


@pytest.fixture(scope="session")
def axe() -> None:
    if not AXE.is_file():
        _need("axe-core", ".ci/install-browser installs it with npm into .ci/tools/axe")


@pytest.mark.usefixtures("axe")
@pytest.mark.parametrize(
    "rel", ["index.html", f"documents/{ESSAY}.html", "entities/south-africa.html", "codebook.html", "overview.html"]
)
def test_axe_finds_no_wcag_aa_violation(tabs: Tabs, fixture_site: tuple[Path, Path], rel: str) -> None:
    assert _axe(tabs, fixture_site[1], rel) == []


@pytest.mark.usefixtures("axe")
def test_axe_finds_no_wcag_aa_violation_on_the_corpus_documents(tabs: Tabs, repo_site: tuple[Path, Path]) -> None:
    root, site = repo_site
    for doc_id in _corpus(root).documents:
        assert _axe(tabs, site, f"documents/{doc_id}.html") == [], doc_id


@pytest.mark.usefixtures("axe")
def test_axe_does_report_violations(tabs: Tabs, tmp_path: Path) -> None:
    """A control: the same run reports a page that breaks WCAG AA."""
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html><body><p style="color:#bbb;background:#fff">faint</p><input type="text"></body></html>',
        encoding="utf-8",
    )
    found = {v["id"] for v in _axe(tabs, tmp_path, "bad.html")}
    assert {"color-contrast", "label", "html-has-lang"} <= found


def test_a_screenshot_of_a_document_page(tabs: Tabs, repo_site: tuple[Path, Path]) -> None:
    """Written for a person to look at (tests/screenshots/, not committed)."""
    tab = tabs.take(repo_site[1])
    page = tab.open(f"documents/{ESSAY}.html")
    page.locator('.item[data-type="claim"] summary').nth(2).click()
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / "document-1280.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000 and tab.errors == []


# -- on a phone ---------------------------------------------------------------------------------


def _box(locator: Any) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None
    return dict(box)


def _sideways(page: Any) -> int:
    """How far the page scrolls sideways (0: it fits the screen)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def test_no_page_scrolls_sideways_on_a_phone(tabs: Tabs, fixture_site: tuple[Path, Path]) -> None:
    site = fixture_site[1]
    tab = tabs.take(site, phone=True)
    for rel in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
        assert _sideways(tab.open(rel)) == 0, rel
    assert tab.errors == []


def test_the_downloads_are_readable_on_a_phone(tabs: Tabs, fixture_site: tuple[Path, Path]) -> None:
    """Every download's description is on screen, in a column a person can
    read (a long file name breaks instead of pushing it off the screen)."""
    tab = tabs.take(fixture_site[1], phone=True)
    page = tab.open("index.html")
    # each row's last cell, as bounding_box measures it, in one call rather than two a row
    rows = page.eval_on_selector_all(
        "table.downloads tbody tr",
        "rows => rows.map(r => { const b = [...r.querySelectorAll('td')].pop().getBoundingClientRect();"
        " return {x: b.x, width: b.width, text: r.innerText}; })",
    )
    assert len(rows) > 10
    for what in rows:
        assert what["width"] >= 150 and what["x"] + what["width"] <= PHONE["width"], what["text"]


def test_a_document_page_works_on_a_phone(tabs: Tabs, fixture_site: tuple[Path, Path]) -> None:
    """One column, one layer at a time; a tapped highlight's details in a
    sheet on screen, the text tapped above it; a link to another layer's
    annotation shows that layer."""
    tab = tabs.take(fixture_site[1], phone=True)
    page = tab.open(f"documents/{ESSAY}.html")
    shown = page.locator(".layer:visible")
    assert shown.count() == 1 and shown.first.get_attribute("id") == "layer-0"  # the first layer only
    assert _box(shown.first)["width"] > PHONE["width"] * 0.8  # one column, the screen's width
    assert page.locator("section.selected").is_hidden()  # no empty panel far below the text
    target = page.locator('#layer-0 .hl.t-claim[data-a*="/claim/"]').last
    target.scroll_into_view_if_needed()
    target.tap()
    key = page.locator("#selected").get_attribute("data-key")
    assert key and page.locator(f'.hl.sel[data-a~="{key}"]').count() > 0
    sheet, tapped = _box(page.locator("section.selected")), _box(page.locator(".hl.sel").first)
    assert sheet["y"] >= 0 and sheet["y"] + sheet["height"] <= PHONE["height"] + 1  # the details on screen
    assert tapped["y"] >= 0 and tapped["y"] + tapped["height"] <= sheet["y"] + 1  # the text tapped above them
    assert "written at" in page.locator("#selected").inner_text()
    assert _sideways(page) == 0
    SCREENSHOTS.mkdir(exist_ok=True)
    # headless Chromium repaints what the sheet covers a frame or two later
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.screenshot(path=str(SCREENSHOTS / "document-390.png"))
    page.get_by_role("button", name="Close").tap()
    assert page.locator("section.selected").is_hidden()
    # an address of the other layer's annotation (as an entity page links it) shows that layer
    outer = "b/claim/outer"
    page = tab.open(f"documents/{ESSAY}.html#{outer}")
    assert page.locator("#selected").get_attribute("data-key") == outer
    assert page.locator(".layer:visible").count() == 1 and page.locator("#layer-1").is_visible()
    assert page.locator("section.selected").is_visible()
    assert tab.errors == [] and tab.outside == []


def test_the_corpus_documents_on_a_phone(tabs: Tabs, repo_site: tuple[Path, Path]) -> None:
    """Whatever the corpus holds: one layer shown, gold where the document
    has it, and nothing wider than the screen."""
    root, site = repo_site
    corpus = _corpus(root)
    tab = tabs.take(site, phone=True)
    for doc_id in corpus.documents:
        page = tab.open(f"documents/{doc_id}.html")
        assert _sideways(page) == 0, doc_id
        layers = {f.annotator for f in corpus.files if f.document == doc_id}
        if len(layers) > 1:
            shown = page.locator(".layer:visible")
            assert shown.count() == 1, doc_id
            heading = shown.first.locator("h2").inner_text()
            assert heading.startswith("Gold") if "gold" in layers else heading.startswith("Annotator"), doc_id
    assert tab.errors == []


# -- the overview page --------------------------------------------------------------------------


@pytest.mark.usefixtures("axe")
@pytest.mark.parametrize("which", ["stances_site", "repo_site"])
@pytest.mark.parametrize("phone", [False, True], ids=["1280", "390"])
def test_axe_finds_no_wcag_aa_violation_on_the_overview(
    tabs: Tabs, request: pytest.FixtureRequest, which: str, phone: bool
) -> None:
    assert _axe(tabs, request.getfixturevalue(which)[1], "overview.html", phone=phone) == []


@pytest.mark.parametrize("which", ["stances_site", "repo_site"])
@pytest.mark.parametrize("phone", [False, True], ids=["1280", "390"])
def test_the_overview_fits_the_screen_and_every_link_resolves(
    tabs: Tabs, request: pytest.FixtureRequest, which: str, phone: bool
) -> None:
    """Nothing scrolls the page sideways; a matrix wider than the screen
    scrolls inside its frame, which says so on a narrow screen; every link
    (the network's SVG links too) opens a page of the site."""
    site = request.getfixturevalue(which)[1]
    tab = tabs.take(site, phone=phone)
    page = tab.open("overview.html")
    assert _sideways(page) == 0
    frames = page.locator(".matrix-frame")
    assert frames.count() > 0 and page.locator("svg.network a").count() > 0  # a control: there is content
    width = (PHONE if phone else DESKTOP)["width"]
    for i in range(frames.count()):
        frame = frames.nth(i)
        assert _box(frame)["x"] + _box(frame)["width"] <= width
        if frame.evaluate("e => e.scrollWidth > e.clientWidth"):
            assert page.locator(".scroll-cue").nth(i).is_visible()
    if phone:  # a control: on a phone the matrices are wider than the screen
        assert frames.first.evaluate("e => e.scrollWidth > e.clientWidth")
    for selector in ("svg.network", "svg.bars"):
        box = _box(page.locator(selector).first)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, selector
    for href in page.eval_on_selector_all("a[href]", _HREFS_JS):
        parts = urlsplit(href)
        target = Path(unquote(parts.path))
        assert parts.scheme == "file" and target.is_file(), href
        assert target.resolve().is_relative_to(site.resolve()), href
    assert tab.errors == [] and tab.outside == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"overview-{which}-{width}.png"), full_page=True)


def test_a_matrix_cell_opens_the_claims_behind_it(tabs: Tabs, stances_site: tuple[Path, Path]) -> None:
    tab = tabs.take(stances_site[1])
    page = tab.open("overview.html")
    cell = page.locator("table.matrix td.cell a").first
    anchor = str(cell.get_attribute("href"))
    cell.click()
    assert page.evaluate("location.hash") == anchor
    claim = page.locator(f"{anchor} + dd a").first
    key = unquote(str(claim.get_attribute("href")).split("#", 1)[1])
    with page.expect_navigation():  # the document's page, loaded (read at once, it may still be the overview)
        claim.click()
    assert page.locator("#selected").get_attribute("data-key") == key  # the claim, selected on its page
    assert tab.errors == []
