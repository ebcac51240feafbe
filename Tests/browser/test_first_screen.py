"""Issue 16: from the poster's QR code to the first question in one screen.

A resident scans the QR code (`<网址>matters/<序号>/`) with a phone. On a 390×844 phone, for every example
matter: the matter's name, the one-line summary (办理时限, 地点, 收费 when given) and the checker's first
question (its legend and first option; the first material where there is no question) are inside the first
screen. In the 长辈版, whose type is much larger, the name and the summary are. The
whole 信息表 is still on the page below, with long 法定依据 texts folded one tap away.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from conftest import Site, content_dir, wait_loaded
from test_axe import switch_elder_on

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
MATTERS = sorted(p.stem for p in (content_dir() / "matters").glob("*.md"))

FIRST_SCREEN_JS = """
const bottom = (el) => el ? el.getBoundingClientRect().bottom + window.scrollY : null;
const question = document.querySelector('#checker fieldset[data-question]:not([hidden])');
const firstTarget = question ? question.querySelector('label') : document.querySelector('#checker [data-material] label');
return {
  screen: window.innerHeight,
  width: document.documentElement.scrollWidth,
  name: bottom(document.querySelector('h1')),
  summary: bottom(document.querySelector('.matter-summary')),
  legend: bottom(question && question.querySelector('legend')),
  checker: bottom(document.querySelector('#checker > h2')),
  first: bottom(firstTarget),
  info: !!document.querySelector('section.info'),
};
"""


def shown(driver, element) -> bool:
    """Rendered: Selenium's is_displayed takes every child of a closed <details> as hidden, even where the
    page's CSS shows it (::details-content), so ask the browser."""
    return driver.execute_script(
        "const e = arguments[0]; return e.checkVisibility() && e.getBoundingClientRect().height > 0", element)


@pytest.fixture()
def phone(driver):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    yield driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("matter", MATTERS)
def test_first_question_on_the_first_screen(phone, served_site: Site, matter: str, mode: str):
    phone.get(served_site.url(f"matters/{matter}/"))  # the URL the poster's QR code holds
    wait_loaded(phone)
    if mode == "elder":
        switch_elder_on(phone)
    phone.execute_script("window.scrollTo(0, 0)")
    got = phone.execute_script(FIRST_SCREEN_JS)
    assert got["first"] is not None, f"{matter}: no checker question or material on the page"
    for part in ("name", "summary") + (("checker", "legend", "first") if mode == "normal" else ()):
        if got[part] is not None:
            assert got[part] <= got["screen"], f"{matter} ({mode}): the {part} ends at {got[part]:.0f} px, below the first screen ({got['screen']} px): {got}"
    assert got["width"] <= PHONE["width"], f"{matter} ({mode}): the page scrolls sideways ({got['width']} px)"
    assert got["info"], f"{matter}: the 信息表 is gone from the page"


def test_long_legal_basis_folds_on_a_phone_and_shows_whole_on_a_desktop(phone, served_site: Site):
    phone.get(served_site.url("matters/2.1/"))
    wait_loaded(phone)
    folds = phone.find_elements(By.CSS_SELECTOR, ".row-legal-basis details.fold")
    assert folds, "matter 2.1's long 法定依据 texts are not folded"
    text = folds[0].find_element(By.CSS_SELECTOR, "p")
    assert not shown(phone, text), "a folded text shows on a phone"
    folds[0].find_element(By.TAG_NAME, "summary").click()
    assert shown(phone, text), "one tap on the fold does not open it"
    # Every reference stays visible, folded or not.
    refs = phone.find_elements(By.CSS_SELECTOR, ".row-legal-basis .basis-ref")
    assert refs and all(r.is_displayed() for r in refs)
    phone.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    phone.set_window_size(1280, 900)
    phone.get(served_site.url("matters/2.1/"))
    wait_loaded(phone)
    for fold in phone.find_elements(By.CSS_SELECTOR, ".row-legal-basis details.fold"):
        assert shown(phone, fold.find_element(By.CSS_SELECTOR, "p")), "a wide screen hides a 法定依据 text"
        assert not shown(phone, fold.find_element(By.TAG_NAME, "summary"))


def test_folded_text_prints(served_site: Site, tmp_path):
    """Print (the browser's, of the page) shows the folded 法定依据 texts: pdftotext of Chromium's PDF."""
    import shutil
    import subprocess

    from conftest import CHROMIUM, need

    need(shutil.which("pdftotext") is not None, "pdftotext not found (Debian package poppler-utils)")
    page = served_site.root / "matters" / "2.1" / "index.html"
    pdf = tmp_path / "page.pdf"
    subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=390,844",
                    f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()],
                   capture_output=True, timeout=120, check=True, stdin=subprocess.DEVNULL)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert "县级以上地方人民政府采取多种就业形式" in compact, "a folded 法定依据 text is missing from the print"
