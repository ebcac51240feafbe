"""gongkai's PDF renderer: one WeasyPrint process that renders many documents.

`gongkai pdf` starts this script (with the project's own .venv/bin/python, else the system python3) once
per processor core and sends it the PDFs to make, one JSON object per line on standard input; it answers
each with one JSON line on standard output. One process per run, not one `weasyprint` command per PDF:
Python, WeasyPrint and the CJK fonts are loaded once, and the shared FontConfiguration keeps what it learnt
about the fonts from one document to the next.

    python3 render.py --identify     prints {"weasyprint": "<version>", "fonts": "<digest>", "book": true}
                                     and exits; "book": whether pikepdf and uharfbuzz import, so the
                                     catalogue can be rendered in parts and merged (else one document)
    python3 render.py                serves requests until standard input closes

A request:
    {"html": "/site/posters/1.1.html", "pdf": "/staging/posters/1.1.pdf",
     "stylesheets": ["/site/assets/print/poster-a4.css"],        # user stylesheets, every attempt
     "smallest": 7,                                                # posters only: the smallest density class
     "fit": "/site/assets/print/poster-fit.css",                   # posters only: the last resort
     "fitted": 4}                                                  # posters only: where it fitted last time
The answer: {"pages": 1, "chosen": 3, "density": 4, "fit": false} or {"error": "<WeasyPrint's message>"}.

A poster is laid out at the density the build chose (the class `density-N` its HTML carries); while it
runs over one page it is laid out again one density smaller (N + 1, … up to `smallest`), and after the
smallest once more with the fit stylesheet: never smaller than the first size that fits. With "fitted" the
search starts there and goes up while a larger size fits (the same answer, in fewer layouts after an edit).
Only the layout that is kept is written to PDF (writing embeds and subsets the fonts, the costly part). The
page count is the laid-out document's, never read back from the PDF bytes.

The catalogue in parts (book.py): a request with a "kind".
    {"kind": "part", "string": "<the part's whole HTML>", "base": "/site/print/index.html",
     "pdf": "/cache/<key>.pdf", "stylesheets": ["/site/assets/print/catalogue.css"]}
  lays the part out and writes its PDF and, beside it, a sidecar (<key>.json: page sizes, anchors,
  bookmarks, links to other parts, fonts), both or neither. The answer: {"pages": 2, "anchors": {"m-1.1": 0}},
  each anchor with its 0-based page in the part.
    {"kind": "merge", "parts": ["/cache/a.pdf", …], "running": "/cache/running.pdf" or null,
     "pdf": "/staging/print/catalogue.pdf"}
  writes one PDF of the parts' pages in order, lays the running document's page i (the page furniture that
  depends on the page number; exactly as many pages) over page i, gathers the parts' anchors, links and
  bookmarks, and embeds one subset of each font for all parts. The answer: {"pages": M, "bytes": size}, with
  "fontsKept": [names] when a font could not be subset once and stays as each part embeds it.
A failing request of any kind answers {"error": …} and leaves no PDF (nor sidecar) at its target.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys

# The density class of a poster's <article class="poster density-N …"> (themes/default/templates/print/
# poster.mustache); a step smaller is the same page with N + 1.
DENSITY = re.compile(r'(<article class="poster density-)(\d+)')


def identify() -> dict:
    """What a PDF depends on besides its HTML and CSS: the WeasyPrint version and the installed fonts. Read
    without importing WeasyPrint (a tenth of the time), so an up-to-date `gongkai pdf` stays fast."""
    from importlib import metadata

    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}|%{fontversion}|%{style}\n"],
            capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        listing = f"fc-list failed: {error}"
    fonts = hashlib.sha256("\n".join(sorted(listing.splitlines())).encode()).hexdigest()[:16]
    try:
        version = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        sys.exit(f"{sys.executable} 没有安装 WeasyPrint（运行 scripts/setup.sh 安装到 .venv/）")
    return {"weasyprint": version, "fonts": fonts, "book": book_available()}


def book_available() -> bool:
    """Whether the catalogue can be merged from parts here: pikepdf and uharfbuzz import (Debian's python3
    has neither; gongkai then renders the catalogue as one document)."""
    try:
        import pikepdf  # noqa: F401
        import uharfbuzz  # noqa: F401
    except Exception:  # noqa: BLE001 — a broken install is as good as none
        return False
    return True


def listed_library_finder(listing: str):
    """ctypes.util.find_library answered from one `ldconfig -p` listing (and LD_LIBRARY_PATH), as CPython's
    first try answers it, without its second and third: WeasyPrint opens Pango, HarfBuzz and fontconfig
    through cffi, which asks find_library for every name WeasyPrint tries, and on Linux each name that is
    not found (most of them: 'libgobject-2.0-0', 'harfbuzz-vector', …) runs gcc and ld to look again. That
    was over a third of a renderer's start (docs/performance.md, 2026-12-06)."""
    import glob

    machine = os.uname().machine + ("-64" if sys.maxsize > 2**32 else "-32")
    abi = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
           "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}.get(machine, "libc6")
    folders = [f for f in os.environ.get("LD_LIBRARY_PATH", "").split(":") if f]
    found: dict[str, str | None] = {}

    def find_library(name: str) -> str | None:
        if name not in found:
            listed = re.search(r"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name), re.escape(abi)), listing)
            in_folders = [path for folder in folders
                          for path in sorted(glob.glob(os.path.join(glob.escape(folder), f"lib{glob.escape(name)}.so*")))]
            found[name] = listed.group(1) if listed else in_folders[0] if in_folders else None
        return found[name]

    return find_library


def import_weasyprint():
    """WeasyPrint, its libraries found through `listed_library_finder`; if that finds too little (a library
    only gcc knows where to find), imported again with ctypes' own lookup."""
    import ctypes.util
    import shutil

    original = ctypes.util.find_library
    try:
        listing = subprocess.run([shutil.which("ldconfig") or "/sbin/ldconfig", "-p"], capture_output=True, text=True,
                                 stdin=subprocess.DEVNULL).stdout
    except OSError:
        listing = ""
    if listing:
        ctypes.util.find_library = listed_library_finder(listing)
        try:
            import weasyprint
            return weasyprint
        except OSError:
            for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
                del sys.modules[name]
        finally:
            ctypes.util.find_library = original
    import weasyprint
    return weasyprint


class Renderer:
    def __init__(self) -> None:
        import logging

        weasyprint = import_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        self.weasyprint = weasyprint
        self.fonts = FontConfiguration()
        self.sheets: dict[str, object] = {}
        # WeasyPrint's warnings (an unsupported CSS property, say) are not failures; its errors come as
        # exceptions, reported in the answer.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)

    def sheet(self, path: str):
        """A user stylesheet, parsed once per process."""
        if path not in self.sheets:
            self.sheets[path] = self.weasyprint.CSS(filename=path, font_config=self.fonts)
        return self.sheets[path]

    def layout(self, html: str, base: str, sheets: list[str]):
        document = self.weasyprint.HTML(string=html, base_url=base)
        return document.render(font_config=self.fonts, stylesheets=[self.sheet(s) for s in sheets])

    def answer(self, request: dict) -> dict:
        """One request, by its kind: none is a poster or the whole catalogue, "part" and "merge" the
        catalogue in parts (book.py)."""
        kind = request.get("kind")
        if kind is None:
            return self.render(request)
        import book

        if kind == "part":
            return book.render_part(self, request)
        if kind == "parts":
            return book.render_parts(self, request)
        if kind == "merge":
            return book.merge(request)
        raise ValueError(f"unknown kind of request: {kind!r}")

    def render(self, request: dict) -> dict:
        path, target = request["html"], request["pdf"]
        with open(path, encoding="utf-8") as file:
            html = file.read()
        sheets = list(request.get("stylesheets", []))
        densities = [None]
        found = DENSITY.search(html)
        if request.get("smallest") is not None and found:
            densities = list(range(int(found.group(2)), max(int(found.group(2)), request["smallest"]) + 1))
        answer = {"chosen": densities[0], "density": None, "fit": False}

        def source(density):
            return html if density is None else DENSITY.sub(lambda m: f"{m.group(1)}{density}", html, count=1)

        laid_out: dict = {}

        def fits(index: int) -> bool:
            if index not in laid_out:
                laid_out[index] = self.layout(source(densities[index]), path, sheets)
            return len(laid_out[index].pages) <= 1

        # The first density that fits, from the one the build chose (a smaller type fits if a larger does).
        # "fitted", where the poster fitted last time, is the first guess: after an edit it most likely
        # still fits there and not one step larger, two layouts instead of one for each step from the chosen.
        fitted = request.get("fitted")
        guess = densities.index(fitted) if fitted is not None and fitted in densities else 0
        if fits(guess):
            first = guess
            while first > 0 and fits(first - 1):
                first -= 1
        else:
            first = next((index for index in range(guess + 1, len(densities)) if fits(index)), None)
        if first is not None:
            document, answer["density"] = laid_out[first], densities[first]
        else:
            document, answer["density"] = laid_out[len(densities) - 1], densities[-1]
            if request.get("fit") and densities != [None]:
                document = self.layout(source(densities[-1]), path, sheets + [request["fit"]])
                answer["fit"] = True
        laid_out.clear()
        answer["pages"] = len(document.pages)
        try:
            document.write_pdf(target)
        except BaseException:
            # A failing render writes no PDF.
            if os.path.exists(target):
                os.remove(target)
            raise
        return answer


def end_with_parent() -> None:
    """On Linux, ask to be sent SIGTERM when gongkai ends (killed, say): a renderer left running would go
    on laying out a catalogue of thousands of pages for no one."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
        if os.getppid() == 1:  # gongkai already gone before the call
            sys.exit(1)
    except (OSError, AttributeError):
        pass


def lower_priority() -> None:
    """Started while gongkai still builds the site (and ended unused when every PDF is up to date): loading
    Python and WeasyPrint gives way to the build, which decides whether there is anything to render."""
    try:
        os.nice(5)
    except OSError:
        pass


def serve(renderer: Renderer | None = None) -> None:
    """Answers the requests on standard input, one JSON line each, until it closes; then ends the process."""
    if renderer is None:
        end_with_parent()
        lower_priority()
        renderer = Renderer()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        if "book" in sys.modules:
            sys.modules["book"].release_held()
        try:
            answer = renderer.answer(json.loads(line))
        except Exception as error:  # noqa: BLE001 — every failure goes back to gongkai with its message
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer, ensure_ascii=False), flush=True)
    # Every answer is written: tearing down WeasyPrint's and pikepdf's objects (and what the last merge
    # holds, book.hold) would only keep gongkai waiting (0.1-0.2 s after a merge of 2,000 pages).
    sys.stdout.flush()
    os._exit(0)


def serve_connection(renderer: Renderer, connection, errors: int | None) -> None:
    """In a forked child: `serve` with the connection as standard input and output, and the relay's
    standard error as its own (what it says when it fails reaches gongkai from the relay it serves)."""
    os.dup2(connection.fileno(), 0)
    os.dup2(connection.fileno(), 1)
    if errors is not None:
        os.dup2(errors, 2)
        os.close(errors)
    connection.close()
    sys.stdin = open(0, encoding="utf-8", closefd=False)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    serve(renderer)


def pool(path: str) -> None:
    """The first renderer process of a run (`render.py --pool SOCKET`): loads WeasyPrint once, answers
    gongkai's requests on its standard input in a forked child, and forks one more child, WeasyPrint
    already loaded, for each `--relay` that connects to the Unix socket `path` (in a folder of gongkai's
    own). The run's second process costs a fork, not another 0.36 s of loading while the site builds
    (docs/performance.md, 2026-12-06). Ends when the first child has, and the others after it."""
    import select
    import socket

    end_with_parent()
    lower_priority()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)  # relays that connect before WeasyPrint is loaded wait here
    renderer = Renderer()
    # What is loaded stays out of the collector's way, so the children do not copy the pages it sits on.
    import gc

    gc.freeze()
    first = os.fork()
    if first == 0:
        listener.close()
        end_with_parent()
        serve(renderer)
    # Only the first child reads and writes gongkai's pipes: their ends here are closed.
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    children = [first]
    while True:
        ready, _, _ = select.select([listener], [], [], 0.01)
        if ready:
            connection, _ = listener.accept()
            try:
                _, fds, _, _ = socket.recv_fds(connection, 16, 1)
            except OSError:
                fds = []
            child = os.fork()
            if child == 0:
                listener.close()
                end_with_parent()
                serve_connection(renderer, connection, fds[0] if fds else None)
            for fd in fds:
                os.close(fd)
            connection.close()
            children.append(child)
        if os.waitpid(first, os.WNOHANG)[0] == first:
            break
    listener.close()
    for child in children[1:]:
        try:
            os.waitpid(child, 0)
        except ChildProcessError:
            pass
    os._exit(0)


def relay(path: str, pool_pid: int) -> None:
    """A renderer process after the first (`render.py --relay SOCKET PID`): passes gongkai's requests to a
    child the pool process forks for it, and the answers back, without loading WeasyPrint itself. If the
    pool cannot be reached (it ended, or never listened), serves as a renderer of its own."""
    import select
    import socket
    import time

    end_with_parent()
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    while True:
        try:
            connection.connect(path)
            break
        except (FileNotFoundError, ConnectionRefusedError):
            try:
                os.kill(pool_pid, 0)
            except OSError:
                connection.close()
                serve()
            time.sleep(0.005)
    socket.send_fds(connection, [b"stderr"], [2])
    streams = {0: connection.fileno(), connection.fileno(): 1}
    while streams:
        ready, _, _ = select.select(list(streams), [], [])
        for source in ready:
            data = os.read(source, 65536)
            if data:
                view = memoryview(data)
                while view:
                    view = view[os.write(streams[source], view):]
                continue
            if source == 0:
                connection.shutdown(socket.SHUT_WR)  # gongkai is done: the child reads the end, answers, ends
            del streams[source]
            if source == connection.fileno():
                streams.clear()  # the child ended: nothing more will come
    os._exit(0)


if __name__ == "__main__":
    if sys.argv[1:] == ["--identify"]:
        print(json.dumps(identify()))
    elif sys.argv[1:2] == ["--pool"] and len(sys.argv) == 3:
        pool(sys.argv[2])
    elif sys.argv[1:2] == ["--relay"] and len(sys.argv) == 4:
        relay(sys.argv[2], int(sys.argv[3]))
    else:
        serve()
