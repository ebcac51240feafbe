"""查找事项 (the index page's search, assets/search.js over search-index.js), in headless Chromium on the
built example site and on a copy of it with two matters added (one named 最低生活保障… that never says 低保,
one whose name holds markup). Queries are typed into the real box; results are read from the page.

Also: no JavaScript → the box is hidden; from file:// it works; 长辈版 and 320 px; the keyboard (Enter, Esc);
nothing requested from elsewhere, nothing stored; axe-core and v.Nu on the page with results shown.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (
    print_media,
    Site, build_site, content_dir, drain_logs, fail_if, foreign_requests, java, need, requested_urls, serve,
    wait_loaded,
)
from test_axe import describe, run_axe, switch_elder_on
from test_vnu import find_vnu_jar

INDEX_FILE = "search-index.js"
INDEX_PREFIX = "window.gongkaiSearchIndex = "

READ_JS = """
return [...document.querySelectorAll('[data-search-results] > li')].map(li => ({
  number: li.querySelector('a .number').textContent,
  name: li.querySelector('a .matter-name').textContent,
  href: li.querySelector('a').getAttribute('href'),
  field: li.querySelector('.search-field').textContent,
  where: li.querySelector('.search-where').textContent,
  marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
  nameMarks: [...li.querySelectorAll('a mark')].map(m => m.textContent),
  via: (li.querySelector('.search-via') || {}).textContent || null,
}));
"""


def read_index(site: Site) -> dict:
    path = site.root / INDEX_FILE
    need(path.is_file(), f"the built site has no {INDEX_FILE}")
    text = path.read_text(encoding="utf-8")
    start = text.index(INDEX_PREFIX) + len(INDEX_PREFIX)
    return json.loads(text[start:].rstrip().rstrip(";"))


def open_search(driver, url: str):
    driver.get(url)
    wait_loaded(driver)
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("const s = document.querySelector('[data-search-root]'); return !!s && !s.hidden"),
        message=f"the search section stays hidden on {url}",
    )
    return driver.find_element(By.ID, "search-input")


def search(driver, box, query: str) -> list[dict]:
    """Types `query` into the box (after emptying it) and waits for the status line to speak of it."""
    box.clear()
    driver.execute_script("document.querySelector('[data-search-status]').textContent = ''")
    box.send_keys(query)
    WebDriverWait(driver, 5).until(
        lambda d: d.execute_script("return document.querySelector('[data-search-status]').textContent") != "",
        message=f"no status after typing {query!r}",
    )
    return driver.execute_script(READ_JS)


def status(driver) -> str:
    return driver.execute_script("return document.querySelector('[data-search-status]').textContent")


# --------------------------------------------------------------------------- a site with two more matters

SYNONYM_MATTER = """---
序号: "1.2"
主要职责: "1"
名称: 最低生活保障申请受理
法定依据:
  - 依据: 《社会救助暂行办法》第十一条
    内容: 申请人应当如实提供家庭收入、财产等情况。
职责边界: 乡镇权限
运行流程: （受理）—审核—决定—下达
运行要件:
  - 户口本
责任事项:
  - 受理申请。
---
"""

MARKUP_MATTER = """---
序号: "1.3"
主要职责: "1"
名称: "<b>粗体</b><img src=x onerror=alert(1)>事项"
法定依据:
  - 依据: 《某条例》第一条
职责边界: 乡镇权限
运行流程: （受理）—审核—决定—下达
运行要件:
  - 身份证
责任事项:
  - 受理申请。
---
"""


@pytest.fixture(scope="module")
def extra_site(tmp_path_factory):
    """The example content with 1.2 (named 最低生活保障申请受理, no 低保 in it) and 1.3 (a name with markup)."""
    folder = tmp_path_factory.mktemp("search-content") / "content"
    shutil.copytree(content_dir(), folder)
    (folder / "matters" / "1.2.md").write_text(SYNONYM_MATTER, encoding="utf-8")
    (folder / "matters" / "1.3.md").write_text(MARKUP_MATTER, encoding="utf-8")
    site = build_site(folder, tmp_path_factory.mktemp("search-site") / "public")
    yield from serve(site)


# --------------------------------------------------------------------------- the index file


def test_index_holds_every_matter_and_is_small(site: Site, report):
    index = read_index(site)
    assert index["fields"] == ["名称", "运行要件", "法定依据", "受理条件"]
    numbers = [row[0] for row in index["matters"]]
    pages = sorted(p.split("/")[1] for p in site.matter_pages())
    assert sorted(numbers) == pages, f"the index lists {numbers}, the site has matter pages {pages}"
    for row in index["matters"]:
        assert (site.root / row[1]).is_file(), f"the index links {row[1]}, which is not in the site"
        assert len(row) == 2 + len(index["fields"])
    raw = (site.root / INDEX_FILE).read_bytes()
    packed = len(gzip.compress(raw, 9))
    per = len(raw) / len(numbers)
    report(f"search index: {len(raw)} B for {len(numbers)} matters ({per:.0f} B a matter), {packed} B gzip")
    assert per < 2000, f"{per:.0f} bytes a matter in {INDEX_FILE}"


# --------------------------------------------------------------------------- finding


def test_finds_jiuye_yuanzhu_from_yuanzhu(driver, served_site: Site):
    box = open_search(driver, served_site.url("index.html"))
    results = search(driver, box, "援助")
    assert results, f"援助 found nothing; status {status(driver)!r}"
    first = results[0]
    assert (first["number"], first["name"]) == ("2.1", "就业援助"), results
    assert first["nameMarks"] == ["援助"], first
    assert first["href"] == "matters/2.1/index.html"
    assert re.fullmatch(r"找到 \d+ 个事项。", status(driver)), status(driver)


def test_finds_dibao_where_the_content_holds_it(driver, served_site: Site):
    """Example content: 2.1 holds 低保 (低保家庭人员) and 最低生活保障 (the 最低生活保障证) in its 运行要件."""
    box = open_search(driver, served_site.url("index.html"))
    for query in ("低保", "最低生活保障"):
        results = search(driver, box, query)
        assert [r["number"] for r in results] == ["2.1"], (query, results)
        assert results[0]["field"] == "见于运行要件"
        assert query in results[0]["marks"], results[0]


def test_dibao_finds_zuidi_shenghuo_baozhang_by_the_synonym_table(driver, extra_site: Site):
    box = open_search(driver, extra_site.url("index.html"))
    results = search(driver, box, "低保")
    numbers = [r["number"] for r in results]
    assert numbers[:1] == ["1.2"], f"低保 should rank the matter named 最低生活保障… first: {results}"
    assert "2.1" in numbers
    named = results[0]
    assert named["nameMarks"] == ["最低生活保障"] and named["via"] == "（按“最低生活保障”查找）", named
    # and the other way: the full term also finds what holds only the abbreviation
    assert {"1.2", "2.1"} <= {r["number"] for r in search(driver, box, "最低生活保障")}


def test_ranks_name_above_materials_above_legal_basis(driver, served_site: Site):
    """For a one-term query each result names the best field it was found in; the order follows the fields."""
    index = read_index(served_site)
    order = ["见于" + f for f in index["fields"]]
    box = open_search(driver, served_site.url("index.html"))
    for query in ("登记", "就业", "失业", "居民"):
        results = search(driver, box, query)
        fields = [r["field"] for r in results]
        need(len(set(fields)) > 1, f"{query!r} should be found in more than one field in the example content: {fields}")
        ranks = [order.index(f) for f in fields]
        assert ranks == sorted(ranks), f"{query!r}: results out of field order: {list(zip([r['number'] for r in results], fields))}"
        for r in results:
            assert r["marks"] and all(m == query for m in r["marks"]), r


def test_every_matter_that_holds_the_query_is_found(driver, served_site: Site):
    """Substring search is exact: what the index text holds is found, what it does not hold is not (a term
    found whole anywhere is looked for by its 2-grams in names only, none of which hold two thirds of these)."""
    index = read_index(served_site)
    box = open_search(driver, served_site.url("index.html"))
    for query in ("失业", "身份证", "第十九条", "户籍", "保险"):
        expected = sorted(row[0] for row in index["matters"] if any(query in text for text in row[2:]))
        got = sorted(r["number"] for r in search(driver, box, query))
        assert got == expected, f"{query!r}: found {got}, the index texts holding it are {expected}"


def test_two_terms_and_grams(driver, served_site: Site):
    box = open_search(driver, served_site.url("index.html"))
    # both terms must occur
    assert [r["number"] for r in search(driver, box, "就业 援助")][:1] == ["2.1"]
    assert search(driver, box, "援助 养老") == []
    # a term not written as such: 就业援助登记 is not in any text; its 2-grams 就业, 援助, 登记 are
    results = search(driver, box, "就业援助登记")
    assert results and results[0]["number"] == "2.1", results
    # found whole in some 法定依据, 参保登记 still ranks the name holding 参保 and 登记 first
    results = search(driver, box, "参保登记")
    assert [r["number"] for r in results][:1] == ["4.2"] and results[0]["nameMarks"] == ["参保", "登记"], results


def test_input_method_letters_are_not_searched(driver, served_site: Site):
    """While 拼音 is being composed the box holds Latin letters: no search, no announcement, until the
    characters are chosen."""
    box = open_search(driver, served_site.url("index.html"))
    box.click()
    driver.execute_cdp_cmd("Input.imeSetComposition", {"text": "dibao", "selectionStart": 5, "selectionEnd": 5})
    assert box.get_attribute("value") == "dibao"
    driver.execute_script("return new Promise(r => setTimeout(r, 500))")
    assert status(driver) == "" and driver.execute_script(READ_JS) == [], "searched while composing"
    driver.execute_cdp_cmd("Input.insertText", {"text": "低保"})
    assert box.get_attribute("value") == "低保"
    WebDriverWait(driver, 5).until(lambda d: status(d) != "", message="no search after the composition ended")
    assert [r["number"] for r in driver.execute_script(READ_JS)] == ["2.1"]


def test_nothing_found_says_so(driver, served_site: Site):
    box = open_search(driver, served_site.url("index.html"))
    assert search(driver, box, "火箭发射") == []
    assert status(driver) == "没有找到含“火箭发射”的事项。可以少输几个字，或换个说法。"
    assert driver.find_element(By.CSS_SELECTOR, "[data-search-status]").get_attribute("role") == "status"


def test_content_is_text_never_markup(driver, extra_site: Site):
    box = open_search(driver, extra_site.url("index.html"))
    results = search(driver, box, "粗体")
    assert [r["number"] for r in results] == ["1.3"], results
    assert results[0]["name"] == "<b>粗体</b><img src=x onerror=alert(1)>事项"
    made = driver.execute_script("return document.querySelectorAll('[data-search-results] b, [data-search-results] img').length")
    assert made == 0, "a matter's name was parsed as HTML in the results"


def test_search_is_not_printed(driver, served_site: Site):
    """A printed index page is the catalogue: the box and any results stay on screen."""
    box = open_search(driver, served_site.url("index.html"))
    assert search(driver, box, "援助")
    with print_media(driver):
        assert not driver.find_element(By.CSS_SELECTOR, "[data-search-root]").is_displayed()
        assert driver.find_element(By.CSS_SELECTOR, ".duty .matter-list").is_displayed()


# --------------------------------------------------------------------------- without JavaScript, from file://


def test_hidden_without_javascript(nojs_driver, served_site: Site):
    nojs_driver.get(served_site.url("index.html"))
    wait_loaded(nojs_driver)
    section = nojs_driver.find_element(By.CSS_SELECTOR, "[data-search-root]")
    assert not section.is_displayed(), "the search box shows without JavaScript, where it cannot work"
    assert nojs_driver.find_elements(By.CSS_SELECTOR, ".matter-list a"), "the matter list must still be there"


def test_works_from_file_url(driver, site: Site):
    box = open_search(driver, (site.root / "index.html").as_uri())
    results = search(driver, box, "援助")
    assert results and results[0]["number"] == "2.1"
    driver.execute_script("document.querySelector('[data-search-results] a').click()")
    WebDriverWait(driver, 5).until(lambda d: d.current_url.endswith("matters/2.1/index.html"))


# --------------------------------------------------------------------------- keyboard, 长辈版, 320 px


def test_keyboard_enter_and_escape(driver, served_site: Site):
    box = open_search(driver, served_site.url("index.html"))
    box.send_keys("援助")
    box.send_keys(Keys.ENTER)
    active = driver.switch_to.active_element
    assert (active.get_attribute("href") or "").endswith("matters/2.1/index.html"), \
        "Enter in the box should move to the first result"
    active.send_keys(Keys.ESCAPE)
    assert driver.switch_to.active_element.get_attribute("id") == "search-input", "Esc on a result goes back to the box"
    assert box.get_attribute("value") == "援助", "Esc on a result keeps the query"
    box.send_keys(Keys.ESCAPE)
    assert box.get_attribute("value") == ""
    assert driver.execute_script(READ_JS) == [] and status(driver) == ""
    # Tab reaches the box from the top of the page (it is not skipped or trapped)
    driver.get(served_site.url("index.html"))
    wait_loaded(driver)
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _ in range(15):
        if driver.switch_to.active_element.get_attribute("id") == "search-input":
            break
        driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("id") == "search-input", "Tab never reached the search box"


def test_elder_mode_and_320px(driver, served_site: Site):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    for elder in (False, True):
        box = open_search(driver, served_site.url("index.html"))
        if elder:
            switch_elder_on(driver)
        results = search(driver, box, "证")
        assert len(results) >= 3, results
        width = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"horizontal scroll at 320 px ({'长辈版' if elder else 'normal'}): {width}"
        target = 56 if elder else 44
        sizes = driver.execute_script(
            "return [document.getElementById('search-input'), ...document.querySelectorAll('[data-search-results] a')]"
            ".map(e => e.getBoundingClientRect().height)")
        assert min(sizes) >= target, f"targets under {target} px ({'长辈版' if elder else 'normal'}): {sizes}"
    driver.execute_script("window.localStorage.clear()")


# --------------------------------------------------------------------------- sends and stores nothing


def test_sends_and_stores_nothing(driver, served_site: Site):
    box = open_search(driver, served_site.url("index.html"))
    driver.execute_script("window.localStorage.clear(); window.sessionStorage.clear()")
    drain_logs(driver)
    for query in ("援助", "低保", "身份证", "就业 登记"):
        search(driver, box, query)
    box.send_keys(Keys.ENTER)
    requests = requested_urls(driver)
    assert requests == [], f"searching made requests: {requests}"
    assert driver.execute_script("return [localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]
    assert "?" not in driver.current_url and "#" not in driver.current_url, "the query went into the address"
    # and loading the page asked its own server only
    drain_logs(driver)
    driver.get(served_site.url("index.html"))
    wait_loaded(driver)
    loaded = requested_urls(driver)
    assert any(u.endswith(INDEX_FILE) for u in loaded), loaded
    assert foreign_requests(loaded, served_site.base_url) == []


# --------------------------------------------------------------------------- axe and v.Nu with results shown


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_axe_with_results(driver, served_site: Site, mode: str):
    box = open_search(driver, served_site.url("index.html"))
    if mode == "elder":
        switch_elder_on(driver)
    assert search(driver, box, "低保")
    violations = run_axe(driver)
    fail_if(violations, f"axe: {len(violations)} violations on the index with results ({mode}):\n{describe(violations)}")
    assert search(driver, box, "火箭发射") == []
    violations = run_axe(driver)
    fail_if(violations, f"axe: {len(violations)} violations on the index with nothing found ({mode}):\n{describe(violations)}")
    driver.execute_script("window.localStorage.clear()")


def test_vnu_with_results(driver, served_site: Site, tmp_path):
    """The index page as the script leaves it after a search (results, marks) is valid HTML too."""
    box = open_search(driver, served_site.url("index.html"))
    assert search(driver, box, "就业 援助")
    html = driver.execute_script("return '<!DOCTYPE html>\\n' + document.documentElement.outerHTML")
    assert "<mark>" in html
    page = tmp_path / "index-with-results.html"
    page.write_text(html, encoding="utf-8")
    cmd = [java(), "-Xss2m", "-jar", str(find_vnu_jar()), "--errors-only", "--format", "json", str(page)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    raw = proc.stderr.strip() or proc.stdout.strip()
    messages = json.loads(raw)["messages"] if raw else []
    errors = [f"{m.get('lastLine')}: {m.get('message')}" for m in messages if m.get("type") in ("error", "non-document-error")]
    assert errors == [], "v.Nu errors on the index with results:\n" + "\n".join(errors)
