"""axe-core finds no WCAG 2.2 AA violation, in normal mode and in 长辈版.

axe.min.js is the copy shipped inside the PyPI package axe-playwright-python;
it is injected through selenium (playwright itself is not used).
"""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.by import By

from conftest import Site, fail_if, need, python_package_file, wait_loaded

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})
  .then(r => done(JSON.stringify({violations: r.violations, version: axe.version})))
  .catch(e => done(JSON.stringify({error: String(e && e.stack || e)})));
""" % json.dumps(TAGS)

_AXE_SOURCE: str | None = None


def axe_source() -> str:
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        _AXE_SOURCE = python_package_file("axe_playwright_python", "axe.min.js").read_text(encoding="utf-8")
    return _AXE_SOURCE


def run_axe(driver) -> list[dict]:
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source())
    need(driver.execute_script("return typeof window.axe === 'object'"), "injecting axe.min.js did not define window.axe")
    result = json.loads(driver.execute_async_script(RUN_AXE))
    assert "error" not in result, f"axe.run failed: {result['error']}"
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}  <{v.get('helpUrl', '')}>")
        for node in v.get("nodes", []):
            target = " ".join(map(str, node.get("target", [])))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    target: {target}\n      html: {node.get('html', '')[:200]}\n      why: {summary[:400]}")
    return "\n".join(lines)


def switch_elder_on(driver) -> None:
    toggles = driver.find_elements(By.CSS_SELECTOR, "[data-elder-toggle]")
    need(bool(toggles), "no 长辈版 switch ([data-elder-toggle]) on the page")
    toggles[0].click()
    on = driver.execute_script("return document.documentElement.classList.contains('elder')")
    assert on, "clicking the 长辈版 switch did not add class `elder` to <html>"


PAGES = ["index.html", "matters/2.1/index.html"]


@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("page", PAGES)
def test_axe_no_violations(driver, served_site: Site, page: str, mode: str):
    need((served_site.root / page).is_file(), f"the built site has no {page}")
    driver.get(served_site.url(page))
    wait_loaded(driver)
    if mode == "elder":
        switch_elder_on(driver)
    violations = run_axe(driver)
    fail_if(violations, f"axe: {len(violations)} violations on {page} ({mode} mode):\n{describe(violations)}")


def test_axe_other_pages(driver, served_site: Site, report):
    """contact, every policy page and every other matter page, in normal mode."""
    pages = [p for p in served_site.content_pages() if p not in PAGES]
    problems = []
    for page in pages:
        driver.get(served_site.url(page))
        wait_loaded(driver)
        violations = run_axe(driver)
        if violations:
            problems.append(f"{page}:\n{describe(violations)}")
    report(f"axe: {len(pages) + len(PAGES)} pages checked ({', '.join(TAGS)}), {len(PAGES)} of them also in 长辈版")
    fail_if(problems, "axe violations:\n" + "\n".join(problems))
