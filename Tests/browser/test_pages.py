"""The built pages in real (headless) Chromium: 长辈版, small screens, no JavaScript,
no outside requests, keyboard use; and the site's links and files."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import Site, fail_if, content_dir, drain_logs, foreign_requests, need, requested_urls, wait_loaded

ELDER_KEY = "gongkai-elder"

JS_STATE = """
const html = document.documentElement;
const toggles = [...document.querySelectorAll('[data-elder-toggle]')];
const main = document.querySelector('main');
const p = main && (main.querySelector('p, li, td') || main);
return {
  elder: html.classList.contains('elder'),
  pressed: toggles.map(t => t.getAttribute('aria-pressed')),
  stored: window.localStorage.getItem('%s'),
  fontMain: main ? parseFloat(getComputedStyle(p).fontSize) : null,
};
""" % ELDER_KEY


def state(driver) -> dict:
    return driver.execute_script(JS_STATE)


def click_toggle(driver) -> None:
    toggles = driver.find_elements(By.CSS_SELECTOR, "[data-elder-toggle]")
    need(bool(toggles), f"no 长辈版 switch ([data-elder-toggle]) on {driver.current_url}")
    toggles[0].click()


# --------------------------------------------------------------------------- (a) 长辈版


def test_elder_mode_switch_is_remembered(driver, served_site: Site):
    matter = "matters/2.1/index.html"
    need((served_site.root / matter).is_file(), f"the built site has no {matter}")

    driver.get(served_site.url("index.html"))
    wait_loaded(driver)
    before = state(driver)
    assert before["pressed"], "index.html has no [data-elder-toggle] switch"
    assert not before["elder"], "<html> has class `elder` before the switch was used"
    assert set(before["pressed"]) == {"false"}, f"aria-pressed before use: {before['pressed']}"

    click_toggle(driver)
    on = state(driver)
    assert on["elder"], "clicking the 长辈版 switch did not add class `elder` to <html>"
    assert set(on["pressed"]) == {"true"}, f"aria-pressed after switching on: {on['pressed']} (want 'true')"
    assert on["stored"] == "1", f"localStorage['{ELDER_KEY}'] is {on['stored']!r} after switching on (want '1')"
    assert on["fontMain"] > before["fontMain"], (
        f"text in <main> does not grow in 长辈版: {before['fontMain']}px -> {on['fontMain']}px"
    )

    driver.get(served_site.url(matter))
    wait_loaded(driver)
    there = state(driver)
    assert there["elder"], f"长辈版 not re-applied on {matter} after switching it on at index.html"
    assert set(there["pressed"]) == {"true"}, f"aria-pressed on {matter} in 长辈版: {there['pressed']}"

    click_toggle(driver)
    off = state(driver)
    assert not off["elder"], "clicking the switch again did not remove class `elder`"
    assert set(off["pressed"]) == {"false"}, f"aria-pressed after switching off: {off['pressed']}"
    assert off["stored"] != "1", f"localStorage['{ELDER_KEY}'] still '1' after switching off"

    driver.refresh()
    wait_loaded(driver)
    reloaded = state(driver)
    assert not reloaded["elder"], "长辈版 came back after switching it off and reloading"
    assert set(reloaded["pressed"]) == {"false"}


def test_elder_mode_applies_on_every_page(driver, served_site: Site):
    pages = served_site.content_pages()
    driver.get(served_site.url("index.html"))
    driver.execute_script(f"localStorage.setItem('{ELDER_KEY}', '1')")
    missing = []
    for page in pages:
        driver.get(served_site.url(page))
        wait_loaded(driver)
        s = state(driver)
        if not s["elder"] or set(s["pressed"]) != {"true"}:
            missing.append(f"{page}: elder class={s['elder']}, aria-pressed={s['pressed']}")
    fail_if(missing, "with localStorage['gongkai-elder']='1', 长辈版 is not applied on:\n" + "\n".join(missing))


# --------------------------------------------------------------------------- (b) 320 px

OVERFLOW_JS = """
const vw = document.documentElement.clientWidth;  // the window less any vertical scroll bar
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5)) {
    const cs = getComputedStyle(el);
    if (cs.position === 'absolute' || cs.position === 'fixed') { if (r.right <= 0 || r.left >= vw) continue; }
    let name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    out.push(name + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + '] ' + (el.textContent || '').trim().slice(0, 40));
    if (out.length >= 8) break;
  }
}
return {scrollWidth: document.documentElement.scrollWidth, clientWidth: vw, innerWidth: window.innerWidth, culprits: out};
"""


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_no_horizontal_scroll_at_320px(driver, served_site: Site, mode: str):
    pages = served_site.content_pages()
    if mode == "elder":
        driver.execute_script(f"localStorage.setItem('{ELDER_KEY}', '1')")
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": False}
    )
    problems = []
    for page in pages:
        driver.get(served_site.url(page))
        wait_loaded(driver)
        m = driver.execute_script(OVERFLOW_JS)
        assert m["innerWidth"] == 320, f"window is {m['innerWidth']}px wide, not 320"
        # Stricter than scrollWidth <= innerWidth: a vertical scroll bar takes room from the page.
        if m["scrollWidth"] > m["clientWidth"]:
            problems.append(
                f"{page}: scrollWidth {m['scrollWidth']} > {m['clientWidth']} (window {m['innerWidth']}); too wide: "
                + "; ".join(m["culprits"])
            )
    fail_if(problems, f"pages that scroll sideways at 320px ({mode} mode):\n" + "\n".join(problems))


def test_pages_have_mobile_viewport(site: Site):
    bad = []
    for path in site.html_files():
        text = path.read_text(encoding="utf-8")
        m = re.search(r'<meta\s+name="viewport"\s+content="([^"]*)"', text)
        if not m or "width=device-width" not in m.group(1):
            bad.append(site.rel(path))
    fail_if(bad, "pages without <meta name=\"viewport\" content=\"width=device-width, …\">: " + ", ".join(bad))


# --------------------------------------------------------------------------- (c) no JavaScript


def _front_matter(path: Path) -> dict:
    import yaml

    text = path.read_text(encoding="utf-8")
    m = re.match(r"^---\s*\n(.*?)\n---\s*(\n|$)", text, re.S)
    need(m is not None, f"{path} has no front matter")
    return yaml.safe_load(m.group(1))


def test_matter_page_works_without_javascript(nojs_driver, served_site: Site):
    d = nojs_driver
    # Prove that this browser really runs no page script.
    d.get("data:text/html;charset=utf-8,<p id=p>off</p><script>document.getElementById('p').textContent='on'</script>")
    assert d.find_element(By.ID, "p").text == "off", "the no-JavaScript browser still runs page scripts"

    page = "matters/2.1/index.html"
    need((served_site.root / page).is_file(), f"the built site has no {page}")
    d.get(served_site.url(page))
    wait_loaded(d)
    main = d.find_element(By.CSS_SELECTOR, "main")
    assert main.is_displayed(), "<main> is not displayed without JavaScript"
    text = main.text
    source = content_dir() / "matters" / "2.1.md"
    need(source.is_file(), f"{source} not found")
    fm = _front_matter(source)
    expected = [str(fm["名称"])]
    for item in fm.get("运行要件") or []:
        expected.append(str(item["名称"]) if isinstance(item, dict) else str(item))
    hidden = [e for e in expected if e not in text]
    fail_if(hidden, (
        "without JavaScript these are not visible on matters/2.1 (every 运行要件 must show, "
        "conditional ones included):\n" + "\n".join(hidden)
    ))
    assert len(text) > 50, f"<main> shows almost nothing without JavaScript: {text!r}"


# --------------------------------------------------------------------------- (d) no outside requests


def test_no_requests_to_other_hosts(driver, served_site: Site, report):
    pages = served_site.content_pages()
    seen = 0
    problems = []
    for page in pages:
        drain_logs(driver)
        driver.get(served_site.url(page))
        wait_loaded(driver)
        driver.execute_script("return new Promise(r => setTimeout(r, 300))")
        urls = requested_urls(driver)
        assert any(u.startswith(served_site.url(page)) for u in urls), (
            f"the performance log shows no request for {page}: is goog:loggingPrefs performance on?"
        )
        seen += len(urls)
        bad = foreign_requests(urls, served_site.base_url)
        if bad:
            problems.append(f"{page}: " + ", ".join(bad))
    report(f"network: {len(pages)} pages loaded, {seen} requests, all to the test server" if not problems else "network: outside requests!")
    fail_if(problems, "requests to hosts other than the test server:\n" + "\n".join(problems))


RESOURCE_ATTRS = {
    "script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "source": ["src", "srcset"],
    "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"], "track": ["src"],
    "input": ["src"],
}
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest", "apple-touch-icon"}


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.resources: list[str] = []  # URLs the browser would fetch
        self.links: list[str] = []  # <a href>
        self.ids: set[str] = set()
        self.csp: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for name in RESOURCE_ATTRS.get(tag, []):
            if a.get(name):
                self.resources += [part.strip().split(" ")[0] for part in a[name].split(",")] if name == "srcset" else [a[name]]
        if tag == "link" and a.get("href") and LOADING_RELS & set((a.get("rel") or "").lower().split()):
            self.resources.append(a["href"])
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(a.get("content") or "")


def _parse(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme in ("http", "https")


def test_no_outside_resources_in_source(site: Site):
    """No page or stylesheet names an outside resource (CSP would block it; it must not be there)."""
    bad = []
    for path in site.html_files():
        for url in _parse(path).resources:
            if _is_external(url):
                bad.append(f"{site.rel(path)}: {url}")
    for css in site.root.rglob("*.css"):
        for url in re.findall(r"""url\(\s*['"]?([^'")]+)""", css.read_text(encoding="utf-8")) + re.findall(
            r"""@import\s+['"]([^'"]+)""", css.read_text(encoding="utf-8")
        ):
            if _is_external(url):
                bad.append(f"{site.rel(css)}: {url}")
    fail_if(bad, "outside resources:\n" + "\n".join(bad))


def _csp_forbids_network(policy: str) -> bool:
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    default = directives.get("default-src")
    if default not in (["'self'"], ["'none'"]):
        return False
    return directives.get("connect-src", default) == ["'none'"]


def test_pages_carry_csp_skip_link_and_main(site: Site):
    problems = []
    for path in site.html_files():
        refs = _parse(path)
        text = path.read_text(encoding="utf-8")
        name = site.rel(path)
        if not refs.csp:
            problems.append(f"{name}: no <meta http-equiv=\"Content-Security-Policy\">")
        elif not any(_csp_forbids_network(c) for c in refs.csp):
            problems.append(f"{name}: CSP must have default-src 'self' (or 'none') and connect-src 'none': {refs.csp}")
        if not re.search(r'<a\b[^>]*class="[^"]*\bskip-link\b[^"]*"[^>]*href="#main"|<a\b[^>]*href="#main"[^>]*class="[^"]*\bskip-link\b', text):
            problems.append(f'{name}: no <a class="skip-link" href="#main">')
        if not re.search(r'<main\b[^>]*\bid="main"', text):
            problems.append(f'{name}: no <main id="main">')
        if not re.search(r"<html\b[^>]*\blang=\"zh", text):
            problems.append(f'{name}: <html> has no lang="zh-…"')
        if "data-elder-toggle" not in text:
            problems.append(f"{name}: no 长辈版 switch (data-elder-toggle)")
    fail_if(problems, "\n".join(problems))


# --------------------------------------------------------------------------- links and files


def test_internal_links_resolve_to_files(site: Site):
    """Every relative link and resource resolves to a file of the site, so pages also work from
    file:// (a link to a folder would show a folder listing there: link to …/index.html)."""
    problems = []
    for path in site.html_files():
        if path.name == "404.html" and path.parent == site.root:
            continue  # served at any address: it may use absolute links
        refs = _parse(path)
        for url in refs.links + refs.resources:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # https:, tel:, mailto:, data: …
            if not parts.path:
                if parts.fragment and parts.fragment not in refs.ids:
                    problems.append(f"{site.rel(path)}: #{parts.fragment} names no id on the page")
                continue
            if parts.path.startswith("/"):
                problems.append(f"{site.rel(path)}: {url} is root-relative (breaks from file:// and sub-folders)")
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                problems.append(f"{site.rel(path)}: {url} is a folder (link to its index.html for file://)")
            elif not target.is_file():
                problems.append(f"{site.rel(path)}: {url} -> no such file")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _parse(target).ids:
                problems.append(f"{site.rel(path)}: {url}: no id {parts.fragment!r} there")
    fail_if(problems, "broken links:\n" + "\n".join(problems))


def test_site_files(site: Site):
    for name in ("index.html", "404.html", "contact/index.html", "sitemap.xml", "catalogue.json"):
        assert (site.root / name).is_file(), f"the built site has no {name}"
    assert site.matter_pages(), "the built site has no matters/<序号>/index.html"
    assert site.policy_pages(), "the built site has no policies/<name>/index.html"
    assert list(site.root.glob("assets/*.css")) or list(site.root.glob("assets/**/*.css")), "no CSS under assets/"
    assert list(site.root.glob("assets/**/*.js")), "no JavaScript under assets/"
    root = ET.parse(site.root / "sitemap.xml").getroot()
    locs = [e.text for e in root.iter() if e.tag.endswith("loc")]
    assert locs, "sitemap.xml lists no <loc>"
    json.loads((site.root / "catalogue.json").read_text(encoding="utf-8"))


def test_site_works_from_file_url(driver, site: Site):
    driver.get(site.root.joinpath("index.html").as_uri())
    wait_loaded(driver)
    sheets = driver.execute_script(
        "return [...document.querySelectorAll('link[rel~=stylesheet]')].map(l => [l.href, !!l.sheet])"
    )
    assert sheets and all(ok for _, ok in sheets), f"stylesheets not loaded from file://: {sheets}"
    link = driver.find_elements(By.CSS_SELECTOR, "main a[href*='matters/']")
    need(bool(link), "index.html has no link into matters/ inside <main>")
    link[0].click()
    wait_loaded(driver)
    assert driver.current_url.endswith(".html"), f"from file://, the matter link went to {driver.current_url}"
    assert driver.find_elements(By.CSS_SELECTOR, "main#main"), f"{driver.current_url} shows no <main id=main>"
    click_toggle(driver)
    assert driver.execute_script("return document.documentElement.classList.contains('elder')"), (
        "the 长辈版 switch does not work from file://"
    )


# --------------------------------------------------------------------------- (e) skip link, (f) focus

ACTIVE_JS = """
const a = document.activeElement;
const main = document.getElementById('main');
const r = a ? a.getBoundingClientRect() : null;
return {
  tag: a ? a.tagName.toLowerCase() : null,
  cls: a && typeof a.className === 'string' ? a.className : '',
  href: a ? a.getAttribute('href') : null,
  html: a ? a.outerHTML.slice(0, 160) : '',
  isMain: a === main,
  inMain: !!(main && a && main !== a && main.contains(a)),
  rect: r ? [r.left, r.top, r.width, r.height] : null,
  vw: window.innerWidth, vh: window.innerHeight,
  hash: location.hash,
};
"""


def active(driver) -> dict:
    return driver.execute_script(ACTIVE_JS)


def press(driver, key) -> None:
    ActionChains(driver).send_keys(key).perform()


@pytest.mark.parametrize("page", ["index.html", "matters/2.1/index.html"])
def test_skip_link_is_first_and_moves_focus_to_main(driver, served_site: Site, page: str):
    need((served_site.root / page).is_file(), f"the built site has no {page}")
    driver.get(served_site.url(page))
    wait_loaded(driver)
    press(driver, Keys.TAB)
    first = active(driver)
    assert first["tag"] == "a" and "skip-link" in first["cls"].split() and first["href"] == "#main", (
        f"the first Tab stop on {page} is not <a class=\"skip-link\" href=\"#main\">: {first['html']}"
    )
    x, y, w, h = first["rect"]
    assert w > 1 and h > 1 and x >= 0 and y >= 0 and x + w <= first["vw"] and y + h <= first["vh"], (
        f"the focused skip link is not visible in the window: rect={first['rect']}"
    )
    press(driver, Keys.ENTER)
    after = active(driver)
    assert after["hash"] == "#main", f"following the skip link did not go to #main (hash {after['hash']!r})"
    if not after["isMain"]:
        # Chrome moves the sequential focus starting point to #main even when <main> itself
        # cannot take focus: then the next Tab must land inside <main>.
        press(driver, Keys.TAB)
        nxt = active(driver)
        assert nxt["inMain"] or nxt["isMain"], (
            f"after the skip link, focus is not in <main>: the next Tab went to {nxt['html']}"
        )


FOCUS_STYLE_JS = """
const a = document.activeElement;
const cs = getComputedStyle(a);
return {html: a.outerHTML.slice(0, 160), tag: a.tagName.toLowerCase(),
        outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
        boxShadow: cs.boxShadow, visible: a.matches(':focus-visible')};
"""


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_visible_focus_indicator(driver, served_site: Site, mode: str):
    driver.get(served_site.url("matters/2.1/index.html" if (served_site.root / "matters/2.1/index.html").is_file() else "index.html"))
    wait_loaded(driver)
    if mode == "elder":
        driver.execute_script(f"localStorage.setItem('{ELDER_KEY}', '1')")
        driver.refresh()
        wait_loaded(driver)
    checked, bad, seen_link = [], [], False
    for _ in range(8):
        press(driver, Keys.TAB)
        s = driver.execute_script(FOCUS_STYLE_JS)
        if s["tag"] == "body":
            break
        has_outline = s["outlineStyle"] != "none" and s["outlineWidth"] > 0
        has_shadow = s["boxShadow"] not in ("", "none")
        checked.append(s["html"])
        seen_link = seen_link or s["tag"] == "a"
        if not (has_outline or has_shadow):
            bad.append(f"{s['html']}  (outline: {s['outlineStyle']} {s['outlineWidth']}px; box-shadow: {s['boxShadow']})")
    assert seen_link, f"no link reached with Tab; focused: {checked}"
    fail_if(bad, f"no visible focus indicator ({mode} mode) on:\n" + "\n".join(bad))
