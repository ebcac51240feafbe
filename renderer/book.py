"""The print catalogue in parts: render one part to a cached PDF with a sidecar, merge the parts into one.

`gongkai pdf` renders the catalogue as parts (the front: cover and 目录; body parts: a few 信息表 each), keeps
each part's PDF under the hash of its content, and asks for them to be merged; the page furniture that
depends on the page number (the footer 第 N 页 共 M 页, the station's name) comes from a separate running
document of M nearly empty pages, laid over the merged pages one by one. render.py dispatches the requests
{"kind": "part", …} to `render_part` and {"kind": "merge", …} to `merge`.

A part's sidecar (its PDF's path with .json for .pdf) holds what the merge needs, in PDF points (origin
bottom-left, as in the PDF):
    {"version": 1,
     "pages": [[width, height], …],
     "anchors": {"name": [page, x, y], …},                 # the first of a name, as WeasyPrint keeps it
     "bookmarks": [[level, label, page, x, y, state], …],  # in document order; state "open" or "closed"
     "links": [[page, target, x1, y1, x2, y2], …],          # internal links to anchors not in this part
     "fonts": [{"name": "ABCDEF+Noto-Sans-CJK-SC", "index": 2, "size": bytes, "sha256": "…",
                "plain": true}, …]}                          # plain: an outline font the merge may subset
Pages are 0-based indices into the part.

The merge keeps one font program per font: each part embeds its own subset of the same CJK fonts (WeasyPrint
subsets with HarfBuzz, keeping the original glyph ids), so the merge collects the glyph ids all parts use
(each CIDFont's /W), subsets the installed font file once to their union, the way WeasyPrint does, and
points every part's FontDescriptor at that one stream. A font whose file is not found, or that HarfBuzz
cannot subset, is kept as the parts embed it (correct, only larger) and named in the answer's "fontsKept".
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess

SCALE = 0.75  # PDF points per CSS px, as WeasyPrint writes them (zoom 1)
SIDECAR_VERSION = 1
# The tables WeasyPrint's HarfBuzz subsetting drops (weasyprint/pdf/fonts.py, Font._harfbuzz_subset).
DROP_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")


# What a merge read and made, freed when the next request comes (or never: render.py ends with os._exit).
# Freeing a joined book of 2,000 pages took 0.1-0.2 s that gongkai would wait for (docs/performance.md).
_held: list = []


def hold(*objects) -> None:
    _held.extend(objects)


def release_held() -> None:
    _held.clear()


def sidecar_path(pdf: str) -> str:
    root, _ = os.path.splitext(pdf)
    return root + ".json"


def _temporary(path: str) -> str:
    return f"{path}.{os.getpid()}.tmp"


def _remove(*paths: str) -> None:
    for path in paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


# --------------------------------------------------------------------------- digests of font files

_blob_digests: dict[tuple, str] = {}
_file_digests: dict[tuple, str] = {}
_font_files: list[str] | None = None


def blob_digest(blob: bytes) -> str:
    """SHA-256 of a font blob, hashed once per process: a 20-MB TTC is the same blob in every part, known by
    its length and its first and last 4 KB."""
    key = (len(blob), blob[:4096], blob[-4096:])
    if key not in _blob_digests:
        _blob_digests[key] = hashlib.sha256(blob).hexdigest()
    return _blob_digests[key]


def file_digest(path: str) -> str:
    status = os.stat(path)
    key = (path, status.st_size, status.st_mtime_ns)
    if key not in _file_digests:
        digest = hashlib.sha256()
        with open(path, "rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
        _file_digests[key] = digest.hexdigest()
    return _file_digests[key]


def font_files() -> list[str]:
    """The installed font files, as fontconfig lists them (once per process)."""
    global _font_files
    if _font_files is None:
        try:
            listing = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True,
                                     check=True, stdin=subprocess.DEVNULL).stdout
        except (OSError, subprocess.CalledProcessError):
            listing = ""
        _font_files = sorted({line for line in listing.splitlines() if line})
    return _font_files


def find_font_file(size: int, sha256: str) -> str | None:
    """The installed file whose bytes are the font blob a part was rendered with: by size, then SHA-256."""
    for path in font_files():
        try:
            if os.path.getsize(path) == size and file_digest(path) == sha256:
                return path
        except OSError:
            continue
    return None


# --------------------------------------------------------------------------- a part


class _FontRecorder(dict):
    """Stands in for Document.fonts while the PDF is written: WeasyPrint adds each Font as it paints (the
    dictionary is empty after layout), with file_content still the whole original blob; writing replaces it
    with the subset. Each font is noted as it is added."""

    def __init__(self) -> None:
        super().__init__()
        self.noted: dict[str, dict] = {}
        self.fonts: dict[str, list] = {}

    def __setitem__(self, key, font) -> None:
        super().__setitem__(key, font)
        name = font.name.decode("latin-1").lstrip("/")
        self.fonts.setdefault(name, []).append(font)
        if name not in self.noted:
            blob = font.file_content
            plain = not (font.bitmap or font.png or font.svg or font.colr or "fvar" in font.tables)
            self.noted[name] = {"name": name, "index": font.index, "size": len(blob),
                                "sha256": blob_digest(blob), "plain": plain}

    def written(self) -> list[dict]:
        """The fonts noted, each with the glyph ids the part drew with it (read after writing): what the
        merge subsets, without reading them back from each CIDFont's /W array."""
        for name, noted in self.noted.items():
            noted["glyphs"] = sorted(set().union(*(font.widths.keys() for font in self.fonts[name])))
        return list(self.noted.values())


class _NoMissingAnchor(logging.Filter):
    """A part's links to anchors in other parts are expected: WeasyPrint drops them (the merge adds them
    back) and need not log each one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("No anchor #")


def _point(page, x: float, y: float) -> tuple[float, float]:
    return x * SCALE, (page.height - y) * SCALE


def describe(document, fonts: list[dict], inside: set[str] | None = None) -> dict:
    """The sidecar of a laid-out part. `inside`: the anchors of the document the part was written with
    (its group's), whose links WeasyPrint kept; the part's own anchors when None."""
    pages = document.pages
    anchors: dict[str, list] = {}
    for number, page in enumerate(pages):
        for name, (x, y, _, _) in page.anchors.items():
            if name not in anchors:
                anchors[name] = [number, *_point(page, x, y)]
    bookmarks, links = [], []
    for number, page in enumerate(pages):
        for level, label, (x, y), state in page.bookmarks:
            bookmarks.append([level, label, number, *_point(page, x, y), state])
        for kind, target, (x1, y1, x2, y2), _ in page.links:
            if kind == "internal" and target not in anchors and (inside is None or target not in inside):
                (ax, ay), (bx, by) = _point(page, x1, y1), _point(page, x2, y2)
                links.append([number, target, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)])
    return {"version": SIDECAR_VERSION, "pages": [[p.width * SCALE, p.height * SCALE] for p in pages],
            "anchors": anchors, "bookmarks": bookmarks, "links": links, "fonts": fonts}


def render_part(renderer, request: dict) -> dict:
    """{"kind": "part", "string": html, "base": url, "pdf": path, "stylesheets": [...]}: the part's PDF and
    its sidecar, both or neither."""
    quiet = _NoMissingAnchor()
    logger = logging.getLogger("weasyprint")
    logger.addFilter(quiet)
    try:
        document = renderer.layout(request["string"], request["base"], list(request.get("stylesheets", [])))
        return _write_part(document, request["pdf"])
    except BaseException:
        # A failing part leaves neither its PDF nor its sidecar, not even an older one.
        _remove(request["pdf"], sidecar_path(request["pdf"]))
        raise
    finally:
        logger.removeFilter(quiet)


def render_parts(renderer, request: dict) -> dict:
    """{"kind": "parts", "string": html, "base": url, "group": [{"pdf": path, "first": anchor}, …],
    "stylesheets": [...]}: several consecutive parts laid out as one document (their HTML is the pages of
    all of them), each part then written from its own pages — from the page its first anchor is on to the
    next part's. A part begins a new page (each 信息表 does), so its pages are those it has when laid out
    alone. The group is written to PDF once and cut into the parts' PDFs with pikepdf, so what a document
    costs besides its pages (styles, page set-up, subsetting its fonts: about a third of a second) is paid
    once for the group. Every part is written, with its sidecar, or none."""
    quiet = _NoMissingAnchor()
    logger = logging.getLogger("weasyprint")
    logger.addFilter(quiet)
    try:
        document = renderer.layout(request["string"], request["base"], list(request.get("stylesheets", [])))
        starts = []
        for part in request["group"]:
            page = next((number for number, page in enumerate(document.pages) if part["first"] in page.anchors), None)
            if page is None or (starts and page <= starts[-1]):
                raise ValueError(f"part beginning at #{part['first']} is not where it should be in the pages laid out")
            starts.append(page)
        if starts and starts[0] != 0:
            raise ValueError(f"the first part does not begin on the first page (#{request['group'][0]['first']})")
        ends = starts[1:] + [len(document.pages)]
        return {"parts": _split_parts(document, request["group"], starts, ends)}
    except BaseException:
        # All or none: no part of the group is left, not even an older one.
        for part in request["group"]:
            _remove(part["pdf"], sidecar_path(part["pdf"]))
        raise
    finally:
        logger.removeFilter(quiet)


def _split_parts(document, group: list[dict], starts: list[int], ends: list[int]) -> list[dict]:
    """The laid-out group written once, then each part's pages into its own PDF, with its sidecar: fonts as
    the group drew them (the join subsets the union anyway), links only those to anchors outside the group
    (WeasyPrint kept the others, as named destinations the join provides)."""
    import warnings

    import pikepdf

    whole_path = _temporary(group[0]["pdf"]) + ".group"
    try:
        recorder = _FontRecorder()
        for key, font in document.fonts.items():
            recorder[key] = font
        document.fonts = recorder
        document.write_pdf(whole_path)
        fonts = recorder.written()
        inside = {name for page in document.pages for name in page.anchors}
        answers = []
        with pikepdf.open(whole_path) as whole, warnings.catch_warnings():
            # Named destinations are not copied with the pages: the join makes them from the sidecars.
            warnings.simplefilter("ignore", category=pikepdf.PageCopyWarning)
            for part, start, end in zip(group, starts, ends):
                target = part["pdf"]
                sidecar = sidecar_path(target)
                temporary_pdf, temporary_sidecar = _temporary(target), _temporary(sidecar)
                try:
                    pdf = pikepdf.new()
                    pdf.pages.extend(whole.pages[start:end])
                    pdf.save(temporary_pdf, compress_streams=True, deterministic_id=True)
                    description = describe(document.copy(document.pages[start:end]), fonts, inside=inside)
                    with open(temporary_sidecar, "w", encoding="utf-8") as file:
                        json.dump(description, file, ensure_ascii=False)
                    os.replace(temporary_sidecar, sidecar)
                    os.replace(temporary_pdf, target)
                except BaseException:
                    _remove(temporary_pdf, temporary_sidecar)
                    raise
                answers.append({"pages": end - start,
                                "anchors": {name: at[0] for name, at in description["anchors"].items()}})
        return answers
    finally:
        _remove(whole_path)


def _write_part(document, target: str) -> dict:
    """A laid-out part's PDF and sidecar at `target`, both or neither; its pages and anchors."""
    sidecar = sidecar_path(target)
    temporary_pdf, temporary_sidecar = _temporary(target), _temporary(sidecar)
    try:
        recorder = _FontRecorder()
        for key, font in document.fonts.items():  # none yet in WeasyPrint 70: fonts come as pages are drawn
            recorder[key] = font
        document.fonts = recorder
        document.write_pdf(temporary_pdf)
        description = describe(document, recorder.written())
        with open(temporary_sidecar, "w", encoding="utf-8") as file:
            json.dump(description, file, ensure_ascii=False)
        os.replace(temporary_sidecar, sidecar)
        os.replace(temporary_pdf, target)
    except BaseException:
        # A failing part leaves neither its PDF nor its sidecar, not even an older one.
        _remove(temporary_pdf, temporary_sidecar, target, sidecar)
        raise
    return {"pages": len(document.pages), "anchors": {name: at[0] for name, at in description["anchors"].items()}}


# --------------------------------------------------------------------------- the merge


def _glyph_ids(widths) -> set[int]:
    """The glyph ids a CIDFont's /W array gives widths for: `c [w1 w2 …]` and `c1 c2 w`."""
    import pikepdf

    ids: set[int] = set()
    items = list(widths) if widths is not None else []
    i = 0
    while i < len(items):
        first = int(items[i])
        if i + 1 < len(items) and isinstance(items[i + 1], pikepdf.Array):
            ids.update(range(first, first + len(items[i + 1])))
            i += 2
        elif i + 2 < len(items):
            ids.update(range(first, int(items[i + 1]) + 1))
            i += 3
        else:
            break
    return ids


def subset_font(path: str, index: int, glyphs: set[int], notdef: bool) -> bytes | None:
    """The font file's face subset to `glyphs`, with WeasyPrint's flags: glyph ids kept, then the empty
    glyphs after the last one used dropped. None when HarfBuzz cannot."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(path), index)
    notdef_flag = hb.SubsetFlags.NOTDEF_OUTLINE if notdef else hb.SubsetFlags.DEFAULT
    def subset_input(glyph_ids, flags):
        made = hb.SubsetInput()
        made.glyph_set.update(glyph_ids)
        made.flags = flags | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE | notdef_flag
        made.drop_table_tag_set.update(sorted(int.from_bytes(tag, "big") for tag in DROP_TABLES))
        return made

    # As WeasyPrint does: keep the used glyphs at their ids, then drop the empty ones after the last.
    for glyph_ids, flags in ((sorted(glyphs), hb.SubsetFlags.RETAIN_GIDS),
                             (range(max(glyphs) + 1), hb.SubsetFlags.NO_HINTING)):
        face = hb.subset(face, subset_input(glyph_ids, flags))
        if face is None:
            return None
    data = face.blob.data
    return bytes(data) if data else None


class _FontGroup:
    def __init__(self, name: str, info: dict) -> None:
        self.name, self.info = name, info
        self.glyphs: set[int] = set()
        self.notdef = False
        self.descriptors: list = []  # (pikepdf FontDescriptor in its source, its /FontFile key)


def _plan_fonts(sources: list, sidecars: list) -> tuple[dict, set[str]]:
    """The fonts of all sources, grouped by font (BaseFont after the subset tag, and the original blob's
    digest and face index); the names of the fonts no group can take."""
    groups: dict[tuple, _FontGroup] = {}
    kept: set[str] = set()
    for source, sidecar in zip(sources, sidecars):
        noted = {font["name"]: font for font in (sidecar or {}).get("fonts", [])}
        for obj, cid_font, descriptor, name in cid_fonts(source.pages):
            key_file = next((k for k in ("/FontFile2", "/FontFile3") if k in descriptor), None)
            info = noted.get(name)
            family = name.split("+", 1)[-1]
            if key_file is None or info is None or not info.get("plain"):
                kept.add(family)
                continue
            key = (family, info["sha256"], info["index"], info["size"])
            group = groups.setdefault(key, _FontGroup(family, info))
            group.glyphs |= set(info["glyphs"]) if "glyphs" in info else _glyph_ids(cid_font.get("/W"))
            group.notdef |= obj.get("/Encoding") != "/Identity-H"
            group.descriptors.append((descriptor, key_file))
    return groups, kept


def _type0_fonts(pages):
    """Each Type0 font the pages use, once: from their resources and those of the forms they draw (reading
    every object of a part instead took most of the time of joining a thousand parts)."""
    import pikepdf

    seen: set = set()

    def fonts_of(resources):
        if not isinstance(resources, pikepdf.Dictionary):
            return
        for font in (resources.get("/Font") or pikepdf.Dictionary()).values():
            key = font.objgen if font.is_indirect else id(font)
            if key in seen:
                continue
            seen.add(key)
            if font.get("/Subtype") == "/Type0":
                yield font
        for xobject in (resources.get("/XObject") or pikepdf.Dictionary()).values():
            key = xobject.objgen if xobject.is_indirect else id(xobject)
            if key in seen or xobject.get("/Subtype") != "/Form":
                continue
            seen.add(key)
            yield from fonts_of(xobject.get("/Resources"))

    for page in pages:
        resources = page.obj.get("/Resources")
        key = resources.objgen if resources is not None and resources.is_indirect else None
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        yield from fonts_of(resources)


def cid_fonts(pages):
    """(Type0 font, its CIDFont, the CIDFont's descriptor, the font's name with its subset tag) for each
    CIDFont with a descriptor the pages use."""
    for font in _type0_fonts(pages):
        for cid_font in font.get("/DescendantFonts", []):
            descriptor = cid_font.get("/FontDescriptor")
            if descriptor is not None:
                yield font, cid_font, descriptor, str(descriptor.get("/FontName", cid_font.get("/BaseFont", "/?")))[1:]


def _outline(entries: list) -> list:
    """Bookmarks [level, label, page, x, y, state] nested by level as WeasyPrint nests them (anchors.py,
    make_page_bookmark_tree: a skipped level does not make an empty one)."""
    import pikepdf

    root: list = []
    skipped: list[int] = []
    last_by_depth = [root]
    previous = 0
    for level, label, page, x, y, *rest in entries:
        if level > previous:
            skipped.append(level - previous - 1)
        else:
            temp = level
            while temp < previous:
                temp += 1 + skipped.pop()
            if temp > previous:
                skipped.append(temp - previous - 1)
        previous = level
        depth = level - sum(skipped)
        # The destination made here from the page object: pikepdf's from a page number looks the page up
        # among all of them, each time.
        item = pikepdf.OutlineItem(label, pikepdf.Array([page, pikepdf.Name.XYZ, x, y, 0]))
        item.is_closed = bool(rest) and rest[0] == "closed"
        last_by_depth[depth - 1].append(item)
        del last_by_depth[depth:]
        last_by_depth.append(item.children)
    return root


RUNNING = "/GongkaiRunning"  # the running page's Form XObject in each merged page's resources


def _overlay(merged, page, over, shared: dict) -> None:
    """Page.add_overlay, but deterministic and page by page: pikepdf's names the Form XObject at random
    (so the same parts made different bytes) and adds it to the page's /Resources, which WeasyPrint shares
    among all the pages of a document (so each page of a part would list every running page laid over the
    part). Here each page gets its own /Resources, whose dictionaries other than /XObject stay shared."""
    import pikepdf

    form = merged.copy_foreign(over.as_form_xobject())
    resources = page.obj.get("/Resources")
    own = pikepdf.Dictionary()
    if resources is not None:
        key = resources.objgen if resources.is_indirect else None
        if key is not None and key not in shared:
            for name, value in list(resources.items()):
                if name != "/XObject" and isinstance(value, pikepdf.Dictionary) and not value.is_indirect:
                    resources[name] = merged.make_indirect(value)
            shared[key] = True
        for name, value in resources.items():
            own[name] = value
    xobjects = pikepdf.Dictionary()
    if "/XObject" in own:
        for name, value in own.XObject.items():
            xobjects[name] = value
    xobjects[RUNNING] = form
    own.XObject = xobjects
    page.obj.Resources = own
    placement = page.calc_form_xobject_placement(form, pikepdf.Name(RUNNING), pikepdf.Rectangle(page.trimbox),
                                                 allow_shrink=True, allow_expand=True)
    # The page's own content stays as the part wrote it (compressed, copied as it is), between a saved and a
    # restored graphics state; then the running page. The small streams around it are shared by every page
    # that needs the same bytes (all of them, on one paper size), not decoded and joined into each page's.
    if "save" not in shared:
        shared["save"] = merged.make_stream(b"q\n")
    key = b"Q\n" + placement
    if key not in shared:
        shared[key] = merged.make_stream(key)
    contents = page.obj.get("/Contents")
    own_contents = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
    page.obj.Contents = pikepdf.Array([shared["save"], *own_contents, shared[key]])


def merge(request: dict) -> dict:
    """{"kind": "merge", "parts": [pdf, …], "running": pdf or null, "pdf": path}: one PDF of the parts'
    pages, the running document laid over them, with their anchors, links, outline and one font program
    per font. "unionFonts": false keeps every part's own font subsets (for tests and diagnosis)."""
    import pikepdf

    target = request["pdf"]
    temporary = _temporary(target)
    sidecars = []
    for path in request["parts"]:
        with open(sidecar_path(path), encoding="utf-8") as file:
            sidecars.append(json.load(file))
        if sidecars[-1].get("version") != SIDECAR_VERSION:
            raise ValueError(f"{sidecar_path(path)} is of another version of render.py: lay the part out again")
    joined = "no book kept"
    if request.get("keep"):
        import book_update

        try:
            answer = book_update.update(request, sidecars)
        except Exception as error:  # noqa: BLE001 — whatever stops the update, the parts are joined anew
            answer = f"{type(error).__name__}: {error}"
        if isinstance(answer, dict):
            return answer
        joined = answer
    sources: list = []
    shared_fonts: list[dict] = []
    merged = None
    try:
        for path in request["parts"]:
            sources.append(pikepdf.open(path))
            if len(sources[-1].pages) != len(sidecars[len(sources) - 1]["pages"]):
                raise ValueError(f"{path} has {len(sources[-1].pages)} pages, its sidecar "
                                 f"{len(sidecars[len(sources) - 1]['pages'])}")
        total = sum(len(source.pages) for source in sources)
        running = None
        if request.get("running"):
            running = pikepdf.open(request["running"])
            sources.append(running)
            if len(running.pages) != total:
                raise ValueError(f"the running document has {len(running.pages)} pages, the parts {total}")
            try:
                with open(sidecar_path(request["running"]), encoding="utf-8") as file:
                    sidecars.append(json.load(file))
            except FileNotFoundError:
                sidecars.append(None)

        # Fonts: the union of each font's glyphs, subset once; the parts' descriptors lose their own
        # program before their pages are copied and are marked with their group's number.
        kept: set[str] = set()
        unions: list[bytes] = []
        if request.get("unionFonts", True):
            groups, kept = _plan_fonts(sources, sidecars)
            for group in groups.values():
                path = find_font_file(group.info["size"], group.info["sha256"])
                data = None
                if path is not None and group.glyphs:
                    try:
                        data = subset_font(path, group.info["index"], group.glyphs, group.notdef)
                    except Exception:  # noqa: BLE001 — a font HarfBuzz cannot subset is kept as it is
                        data = None
                if data is None:
                    kept.add(group.name)
                    continue
                for descriptor, key_file in group.descriptors:
                    if key_file in descriptor:  # a descriptor may serve more than one CIDFont
                        del descriptor[key_file]
                    descriptor["/GongkaiUnion"] = len(unions)
                unions.append(data)
                shared_fonts.append({"family": group.name, "sha256": group.info["sha256"],
                                     "index": group.info["index"], "size": group.info["size"],
                                     "file": "/FontFile3" if data[:4] == b"OTTO" else "/FontFile2",
                                     "glyphs": sorted(group.glyphs)})

        merged = pikepdf.new()
        offsets = []
        for source in sources[:len(request["parts"])]:
            offsets.append(len(merged.pages))
            merged.pages.extend(source.pages)
        if running is not None:
            shared: dict = {}
            for page, over in zip(merged.pages, running.pages):
                _overlay(merged, page, over, shared)

        if unions:
            streams = []
            for data in unions:
                if data[:4] == b"OTTO":
                    streams.append(("/FontFile3", merged.make_stream(data, Subtype=pikepdf.Name.OpenType)))
                else:
                    streams.append(("/FontFile2", merged.make_stream(data, Length1=len(data))))
            for _, _, descriptor, _ in cid_fonts(merged.pages):
                if "/GongkaiUnion" in descriptor:
                    key_file, stream = streams[int(descriptor.GongkaiUnion)]
                    descriptor[key_file] = stream
                    del descriptor["/GongkaiUnion"]

        # Named destinations of every part, the first of a name winning.
        # The page objects, read once: indexing merged.pages looks a page up each time.
        pages = [page.obj for page in merged.pages]
        names: dict[str, object] = {}
        for offset, sidecar in zip(offsets, sidecars):
            for name, (page, x, y) in sidecar["anchors"].items():
                if name not in names:
                    names[name] = pikepdf.Array([pages[offset + page], pikepdf.Name.XYZ, x, y, 0])
        if names:
            tree = pikepdf.NameTree.new(merged)
            for name in sorted(names):
                tree[name] = names[name]
            merged.Root.Names = pikepdf.Dictionary(Dests=tree.obj)

        # The links WeasyPrint dropped from a part, their anchor being in another.
        for offset, sidecar in zip(offsets, sidecars):
            for page, target_name, x1, y1, x2, y2 in sidecar["links"]:
                if target_name not in names:
                    continue
                annotation = merged.make_indirect(pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[x1, y1, x2, y2],
                    Border=[0, 0, 0], Dest=pikepdf.String(target_name)))
                page_object = pages[offset + page]
                if "/Annots" not in page_object:
                    page_object.Annots = pikepdf.Array()
                page_object.Annots.append(annotation)

        # The outline, nested across parts.
        entries = [[level, label, pages[offset + page], x, y, *rest] for offset, sidecar in zip(offsets, sidecars)
                   for level, label, page, x, y, *rest in sidecar["bookmarks"]]
        if entries:
            with merged.open_outline() as outline:
                outline.root.extend(_outline(entries))

        # Title, language and viewer settings of the first part.
        if sources[:len(request["parts"])]:
            first = sources[0]
            for key in ("/Title", "/Producer", "/Author", "/Creator"):
                if key in first.docinfo:
                    merged.docinfo[key] = pikepdf.String(str(first.docinfo[key]))
            for key in ("/Lang", "/ViewerPreferences", "/PageLayout", "/PageMode", "/MarkInfo"):
                if key in first.Root:
                    value = first.Root[key]
                    try:
                        merged.Root[key] = merged.copy_foreign(value) if isinstance(value, pikepdf.Dictionary) \
                            else value
                    except Exception:  # noqa: BLE001 — a viewer setting that does not copy is left out
                        pass

        merged.save(temporary, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                    deterministic_id=True)
        os.replace(temporary, target)
        if request.get("keep") and running is not None:
            import book_update

            parts = sources[:len(request["parts"])]
            book_update.keep_book(target, request["keep"], {
                "parts": [os.path.basename(path) for path in request["parts"]],
                "pages": [len(source.pages) for source in parts],
                "bookmarks": [len(sidecar["bookmarks"]) for sidecar in sidecars[:len(parts)]],
                "running": os.path.basename(request["running"]), "fonts": shared_fonts,
                "updates": 0, "base": os.path.getsize(target)})
    except BaseException:
        # A failing merge writes nothing and leaves no older catalogue behind.
        _remove(temporary, target)
        raise
    finally:
        hold(merged, sources)
    answer = {"pages": total, "bytes": os.path.getsize(target), "appended": False, "joined": joined}
    if kept:
        answer["fontsKept"] = sorted(kept)
    return answer
