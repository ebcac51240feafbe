"""Shared fixtures for the browser and validator tests of the built site.

The site is built once per session with the release binary (`GONGKAI_BIN`,
default `.build/release/gongkai`) into a temporary folder, served from
127.0.0.1 on a free port, and opened in headless Chromium through selenium.

Environment:
  GONGKAI_BIN      the gongkai binary (default: <repo>/.build/release/gongkai)
  GONGKAI_CONTENT  the content folder to build (default: <repo>/content)

The Harbin fixture site (Tests/GongkaiTests/Fixtures/sites/harbin) is built and served the same way,
on demand (fixtures harbin_site, served_harbin).
"""

from __future__ import annotations

import contextlib

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WINDOW = (1280, 900)

# Selenium must never try to download a browser or driver (no internet here).
os.environ.setdefault("SE_OFFLINE", "true")
os.environ.setdefault("SE_AVOID_STATS", "true")


def _need(condition: bool, message: str) -> None:
    if not condition:
        pytest.fail(message + "\n(run scripts/setup.sh to install and build everything)", pytrace=False)


def gongkai_bin() -> Path:
    value = os.environ.get("GONGKAI_BIN")
    return Path(value) if value else REPO / ".build" / "release" / "gongkai"


def content_dir() -> Path:
    value = os.environ.get("GONGKAI_CONTENT")
    return Path(value) if value else REPO / "content"


# --------------------------------------------------------------------------- the site


class Site:
    """The built example site: its folder, its pages, and the URL it is served at."""

    def __init__(self, root: Path):
        self.root = root
        self.base_url = ""  # set once served

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def matter_pages(self) -> list[str]:
        return sorted(self.rel(p) for p in self.root.glob("matters/*/index.html"))

    def policy_pages(self) -> list[str]:
        return sorted(self.rel(p) for p in self.root.glob("policies/*/index.html"))

    def content_pages(self) -> list[str]:
        """Every page but 404.html, index.html first; there must be an index, a contact page,
        at least one matter and at least one policy."""
        for page in ("index.html", "contact/index.html"):
            _need((self.root / page).is_file(), f"the built site has no {page}")
        _need(bool(self.matter_pages()), "the built site has no matters/<序号>/index.html")
        _need(bool(self.policy_pages()), "the built site has no policies/<name>/index.html")
        others = [self.rel(p) for p in self.html_files() if self.rel(p) not in ("index.html", "404.html")]
        return ["index.html", *others]

    def url(self, rel: str) -> str:
        assert self.base_url, "site is not served"
        return self.base_url + rel


def build_site(content: Path, out: Path) -> "Site":
    """`gongkai build --content <content> --output <out>` with the binary under test, or a clear failure."""
    binary = gongkai_bin()
    _need(binary.is_file() and os.access(binary, os.X_OK), f"gongkai binary not found at {binary} (set GONGKAI_BIN or build it)")
    _need(content.is_dir(), f"content folder not found at {content}")
    cmd = [str(binary), "build", "--content", str(content), "--output", str(out)]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        pytest.fail(
            f"`{' '.join(cmd)}` exited {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}",
            pytrace=False,
        )
    _need((out / "index.html").is_file(), f"`gongkai build` wrote no index.html into {out}")
    return Site(out)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    return build_site(content_dir(), tmp_path_factory.mktemp("site") / "public")


HARBIN = REPO / "Tests" / "GongkaiTests" / "Fixtures" / "sites" / "harbin"


@pytest.fixture(scope="session")
def harbin_site(tmp_path_factory) -> Site:
    """The Harbin fixture site (Tests/GongkaiTests/Fixtures/sites/harbin), built like the example site."""
    return build_site(HARBIN, tmp_path_factory.mktemp("harbin") / "public")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep the test output clean
        pass


def serve(site: Site):
    """Serve a built site by http.server on 127.0.0.1 on a free port, in a thread (a generator: yields
    the site with its base_url set, stops the server when resumed)."""
    handler = functools.partial(_QuietHandler, directory=str(site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    site.base_url = f"http://{host}:{port}/"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def served_site(site: Site):
    """The site served by http.server on 127.0.0.1 on a free port, in a thread."""
    yield from serve(site)


@pytest.fixture(scope="session")
def served_harbin(harbin_site: Site):
    """The Harbin fixture site, served on a port of its own."""
    yield from serve(harbin_site)


# --------------------------------------------------------------------------- the browser


def _chrome(javascript: bool = True):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:  # pragma: no cover - reported as a failure
        pytest.fail(f"selenium is not installed ({exc})", pytrace=False)
    _need(Path(CHROMIUM).is_file(), f"Chromium not found at {CHROMIUM} (Debian package chromium)")
    _need(Path(CHROMEDRIVER).is_file(), f"chromedriver not found at {CHROMEDRIVER} (Debian package chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--lang=zh-CN",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(arg)
    if not javascript:
        options.add_argument("--blink-settings=scriptEnabled=false")
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(executable_path=CHROMEDRIVER)
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except Exception as exc:
        pytest.fail(f"could not start headless Chromium through chromedriver: {exc}", pytrace=False)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver


@pytest.fixture(scope="session")
def _session_driver():
    driver = _chrome(javascript=True)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def driver(_session_driver, served_site: Site):
    """A Chromium with JavaScript, reset before each test: default window, empty
    localStorage on the test origin, drained logs, no device emulation."""
    d = _session_driver
    d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    d.set_window_size(*WINDOW)
    d.get(served_site.url("index.html"))
    d.execute_script("window.localStorage.clear()")
    drain_logs(d)
    yield d
    try:
        d.get(served_site.url("index.html"))
        d.execute_script("window.localStorage.clear()")
    except Exception:
        pass


@pytest.fixture(scope="session")
def nojs_driver():
    """A second Chromium with JavaScript disabled."""
    driver = _chrome(javascript=False)
    try:
        yield driver
    finally:
        driver.quit()


# --------------------------------------------------------------------------- summary lines

_SUMMARY: list[str] = []


@pytest.fixture
def report():
    """report(line): a line printed in the "gongkai site" section at the end of the run."""
    return _SUMMARY.append


def pytest_terminal_summary(terminalreporter):
    if _SUMMARY:
        terminalreporter.section("gongkai site")
        for line in _SUMMARY:
            terminalreporter.write_line(line)


# --------------------------------------------------------------------------- helpers


def drain_logs(driver) -> None:
    for kind in ("performance", "browser"):
        try:
            driver.get_log(kind)
        except Exception:
            pass


def requested_urls(driver) -> list[str]:
    """URLs of the requests seen since the last drain (Network.requestWillBeSent)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def foreign_requests(urls: list[str], base_url: str) -> list[str]:
    """The URLs that go to any host other than the test server."""
    own = urlsplit(base_url).netloc
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc == own:
            continue
        bad.append(url)
    return bad


def wait_loaded(driver, timeout: float = 10) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")


def python_package_file(module: str, *parts: str) -> Path:
    """A file shipped inside an installed Python package, or a clear failure."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    _need(spec is not None and spec.origin is not None, f"Python package `{module}` is not installed")
    path = Path(spec.origin).parent.joinpath(*parts)
    _need(path.is_file(), f"{path} not found in the installed `{module}` package")
    return path


def need(condition: bool, message: str) -> None:
    """Fail (not skip) with a clear message when a precondition does not hold."""
    _need(condition, message)


def fail_if(problems, message: str) -> None:
    """Fail with `message` (which lists the problems) when `problems` is not empty."""
    if problems:
        pytest.fail(message, pytrace=False)


def java() -> str:
    exe = shutil.which("java")
    _need(exe is not None, "java not found on PATH (v.Nu needs Java 11+)")
    return exe


@contextlib.contextmanager
def print_media(driver):
    """The page as Chromium prints it (CSS media print), back to the screen afterwards whatever happens."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
