"""How far down a phone screen each matter's first checker question is: the figure issue 16 asked for.

    python3 bench/first_screen.py SITE [SITE …]

SITE is a built site (`gongkai build --output SITE`; build one with an older theme through `--theme` to
compare). For every matter page, in headless Chromium emulating a 390×844 phone (DPR 3), it prints where
the first question's first option ends (the first material's, on a matter without 情形), in pixels and in
screens, and the page's height. The pass/fail version of this is Tests/browser/test_first_screen.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
FIRST_TARGET_JS = """
const question = document.querySelector('#checker fieldset[data-question]:not([hidden])');
const target = question ? question.querySelector('label') : document.querySelector('#checker [data-material] label');
return target ? [target.getBoundingClientRect().bottom + scrollY, document.documentElement.scrollHeight] : null;
"""


def main(sites: list[str]) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--lang=zh-CN"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
        for site in sites:
            print(site)
            for page in sorted(Path(site, "matters").glob("*/index.html")):
                driver.get(page.resolve().as_uri())
                found = driver.execute_script(FIRST_TARGET_JS)
                if found is None:
                    print(f"  {page.parent.name}: no checker")
                    continue
                bottom, height = found
                print(f"  {page.parent.name}: {bottom:.0f} px = {bottom / PHONE['height']:.2f} screens (page {height} px)")
    finally:
        driver.quit()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
