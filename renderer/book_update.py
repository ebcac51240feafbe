"""The catalogue after an edit, without joining every part again: an incremental update of the last book.

`merge` (book.py) keeps the book it wrote beside the parts (the request's "keep": <cache>/book.pdf, and
book.json: which parts made it, in order, with their pages, the running document, the book's SHA-256, and
each shared font program's glyphs). When the next merge differs from it only in parts that kept their page
counts (the usual edit: a matter's text, and the 目录 part that names it), `update` copies the kept book and
appends one incremental update (ISO 32000-1, 7.5.6): the changed parts' pages are redefined under their old
object numbers, with the new parts' contents and resources, the same running page laid over them, their links
to other parts, and their bookmarks' titles. Everything else — the other pages, the page tree, the named
destinations of other parts, the outline's shape — is the old book's; the changed parts' anchors that
moved (a 目录 row pushed down by a name that now wraps) get their new places in the name tree. Joining
2,000 pages anew took 1.7 s; this takes 0.13-0.2 s (docs/performance.md, 2026-12-06). A PDF reader shows the last definition of each object, as it
does for every updated or signed PDF.

A changed part's fonts point at the book's shared program of the same font when it has every glyph the part
draws; otherwise (a character new to the book, or a font the book does not share) the part keeps its own
subset, named in the answer's "ownPrograms". Anything else — another running document (the page count
changed), a part of another length, other anchors or bookmarks, a kept book that is not the one
recorded, 32 updates, or updates that would add half the joined book's size — answers why not, and `merge`
joins the book anew (which also drops what the updates left behind, and subsets the fonts again).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil

from book import RUNNING, _remove, _temporary, cid_fonts, hold, sidecar_path
from pdf_update import Scratch, page_at, section
from pdf_update import pages as book_pages

RECORD_VERSION = 1
# A book is joined anew after this many updates, or once they have added half its size (a request's
# "maxGrowth" says otherwise, for tests of a book too small for a font subset to be a small part of it).
MAX_UPDATES = 32
MAX_GROWTH = 0.5


def record_path(keep: str) -> str:
    return sidecar_path(keep)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def keep_book(target: str, keep: str, record: dict) -> None:
    """The book just written at `target`, kept at `keep` (a hard link, else a copy) with its record. The
    record goes last: a book without a record that matches it is never updated. Keeping is not part of
    the answer: if it fails, nothing is kept and the next merge joins the parts."""
    record_file = record_path(keep)
    temporaries = [_temporary(keep), _temporary(record_file)]
    try:
        _remove(record_file, *temporaries)
        try:
            os.link(target, temporaries[0])
        except OSError:
            shutil.copyfile(target, temporaries[0])
        os.replace(temporaries[0], keep)
        record = {**record, "version": RECORD_VERSION, "sha256": _sha256(keep), "bytes": os.path.getsize(keep)}
        with open(temporaries[1], "w", encoding="utf-8") as file:
            json.dump(record, file)
        os.replace(temporaries[1], record_file)
    except OSError:
        _remove(keep, record_file, *temporaries)


def load_record(keep: str) -> dict | None:
    try:
        with open(record_path(keep), encoding="utf-8") as file:
            record = json.load(file)
        if record.get("version") != RECORD_VERSION or os.path.getsize(keep) != record["bytes"]:
            return None
        return record if _sha256(keep) == record["sha256"] else None
    except (OSError, ValueError, KeyError):
        return None


def _load_sidecar(pdf: str) -> dict | None:
    try:
        with open(sidecar_path(pdf), encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError):
        return None


def update(request: dict, sidecars: list) -> dict | str:
    """The book of `request` as the kept book plus one incremental update, written to request["pdf"]; its
    answer, or why it cannot be made that way (then the caller joins the parts)."""
    keep = request.get("keep")
    running = request.get("running")
    if not keep or not running or not request.get("unionFonts", True):
        return "no book kept, no running document, or fonts not shared"
    record = load_record(keep)
    names = [os.path.basename(path) for path in request["parts"]]
    if record is None:
        return "no kept book, or not the one recorded"
    if record["running"] != os.path.basename(running) or len(record["parts"]) != len(names):
        return "another running document or number of parts"
    if record["updates"] >= MAX_UPDATES:
        return f"{MAX_UPDATES} updates already"
    changed = [i for i, (old, new) in enumerate(zip(record["parts"], names)) if old != new]
    if not changed:
        return "nothing changed"
    folder = os.path.dirname(keep)
    olds = [_load_sidecar(os.path.join(folder, record["parts"][i])) for i in changed]
    for i, old in zip(changed, olds):
        new = sidecars[i]
        if old is None or len(new["pages"]) != record["pages"][i] or new["pages"] != old["pages"]:
            return f"part {i} has other pages"
        if new["anchors"].keys() != old["anchors"].keys():
            return f"part {i} has other anchors"
        shape = [(level, *rest) for level, _, _, _, _, *rest in old["bookmarks"]]
        if shape != [(level, *rest) for level, _, _, _, _, *rest in new["bookmarks"]]:
            return f"part {i} has other bookmarks"
    target = request["pdf"]
    temporary = _temporary(target)
    try:
        answer = _append(request, record, changed, sidecars, keep, temporary)
        if answer["bytes"] > record["base"] * (1 + request.get("maxGrowth", MAX_GROWTH)):
            _remove(temporary)
            return "the updates would grow the book by more than half"
        os.replace(temporary, target)
    except BaseException:
        _remove(temporary, target)
        raise
    keep_book(target, keep, {**record, "parts": names, "updates": record["updates"] + 1})
    return answer


def _append(request: dict, record: dict, changed: list[int], sidecars: list, keep: str, temporary: str) -> dict:
    """The kept book with the changed parts' pages redefined, written to `temporary`; its answer."""
    import pikepdf

    with open(keep, "rb") as file:
        old_bytes = file.read()
    # Its pages are read only where the update needs them: qpdf's page list would parse all 2,000.
    book = pikepdf.open(keep, inherit_page_attributes=False)
    scratch = Scratch(int(book.trailer.Size))
    sources: list = []
    modified: dict = {}
    own_programs: set[str] = set()
    try:
        offsets = [0]
        for pages in record["pages"]:
            offsets.append(offsets[-1] + pages)
        dests = book.Root.get("/Names", {}).get("/Dests") if "/Names" in book.Root else None
        known = pikepdf.NameTree(dests) if dests is not None else None
        shared = _SharedFonts(book, record)
        redefined = []
        for i in changed:
            source = pikepdf.open(request["parts"][i])
            sources.append(source)
            own_programs |= shared.point(source, sidecars[i])
            pages = [_redefine(scratch, page_at(book, offsets[i] + j), page.obj, source)
                     for j, page in enumerate(source.pages)]
            shared.attach(scratch, [pikepdf.Page(page) for page in pages])
            for page, name, x1, y1, x2, y2 in sidecars[i]["links"]:
                if known is None or name not in known:
                    continue
                annotations = list(pages[page].get("/Annots", pikepdf.Array()))
                annotations.append(scratch.pdf.make_indirect(pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[x1, y1, x2, y2],
                    Border=[0, 0, 0], Dest=pikepdf.String(name))))
                pages[page].Annots = pikepdf.Array(annotations)
            redefined += pages
        for item in _retitled_bookmarks(book, record, changed, sidecars, offsets):
            modified[item.objgen] = item
        if dests is not None:
            for node in _moved_destinations(book, dests, changed, sidecars, offsets):
                modified[node.objgen] = node
        if 0 in changed and sources:
            info = book.trailer.get("/Info")
            first = sources[changed.index(0)]
            if info is not None and info.is_indirect and str(info.get("/Title", "")) != str(first.docinfo.get("/Title", "")):
                info.Title = pikepdf.String(str(first.docinfo.get("/Title", "")))
                modified[info.objgen] = info
        objects = [(objgen, obj.unparse(resolved=True)) for objgen, obj in modified.items()]
        objects += [(scratch.number(obj), scratch.object_bytes(obj)) for obj in scratch.reached(redefined)]
        update_bytes = section(book, old_bytes, objects)
    finally:
        hold(book, sources, modified, scratch)
    with open(temporary, "wb") as file:
        file.write(old_bytes)
        file.write(update_bytes)
    answer = {"pages": offsets[-1], "bytes": len(old_bytes) + len(update_bytes), "appended": True}
    if own_programs:
        answer["ownPrograms"] = sorted(own_programs)
    return answer


class _SharedFonts:
    """The kept book's shared font programs (one per font, book.json's "fonts"), found in the book when a
    changed part needs one."""

    def __init__(self, book, record: dict) -> None:
        self.book = book
        self.groups = {(f["family"], f["sha256"], f["index"], f["size"]): f for f in record.get("fonts", [])}
        self.files = {f["family"]: f["file"] for f in record.get("fonts", [])}
        self.streams: dict[str, object] | None = None

    def _find_streams(self) -> dict:
        """The program each shared font's descriptors point at, by family (ambiguous families left out)."""
        if self.streams is None:
            families = {}
            for key in self.groups:
                families[key[0]] = None if key[0] in families else key
            wanted = {family for family, key in families.items() if key is not None}
            self.streams = {}
            for _, _, descriptor, name in cid_fonts(book_pages(self.book)):
                if len(self.streams) == len(wanted):
                    break
                family = name.split("+", 1)[-1]
                file_key = self.groups[families[family]]["file"] if families.get(family) else None
                if family in wanted and family not in self.streams and file_key in descriptor:
                    self.streams[family] = descriptor[file_key]
        return self.streams

    def point(self, source, sidecar: dict) -> set[str]:
        """Marks the part's descriptors whose every glyph is in the book's shared program of their font (their
        own program dropped before the part is copied; `attach` points them at it). The others keep the
        part's own subset — a character the book did not have yet, say: correct, only larger, until the
        next join subsets the fonts anew. Returns those fonts."""
        import pikepdf

        from book import _glyph_ids

        noted = {font["name"]: font for font in sidecar.get("fonts", [])}
        kept: set[str] = set()
        for _, cid_font, descriptor, name in cid_fonts(source.pages):
            family = name.split("+", 1)[-1]
            info = noted.get(name)
            own = next((k for k in ("/FontFile2", "/FontFile3") if k in descriptor), None)
            group = self.groups.get((family, info["sha256"], info["index"], info["size"])) if info else None
            if own is None or group is None:
                continue  # no program, or one the book does not share either: the part's own is kept
            if group["file"] != own or family not in self._find_streams():
                kept.add(family)
                continue
            glyphs = set(info["glyphs"]) if "glyphs" in info else _glyph_ids(cid_font.get("/W"))
            if not glyphs <= set(group["glyphs"]):
                kept.add(family)
                continue
            del descriptor[own]
            descriptor["/GongkaiShared"] = pikepdf.Name("/" + family)
        return kept

    def attach(self, scratch: Scratch, pages) -> None:
        """The copied descriptors marked by `point`, pointed at the book's shared programs."""
        for _, _, descriptor, _ in cid_fonts(pages):
            if "/GongkaiShared" in descriptor:
                family = str(descriptor.GongkaiShared)[1:]
                del descriptor["/GongkaiShared"]
                descriptor[self.files[family]] = scratch.book_object(self.streams[family])


def _redefine(scratch: Scratch, target, page, source):
    """The part's `page` copied into the scratch document as the redefinition of the book's page `target`:
    with its /Parent, and the running page laid over it (the form and the two small streams around the
    page's own content)."""
    import pikepdf

    contents = target.Contents
    save, tail = scratch.book_object(contents[0]), scratch.book_object(contents[-1])
    running = scratch.book_object(target.Resources.XObject[RUNNING])
    copied = scratch.pdf.copy_foreign(source.make_indirect(pikepdf.Dictionary(
        {key: value for key, value in page.items() if key != "/Parent"})))
    scratch.numbers[copied.objgen] = target.objgen
    copied.Parent = scratch.book_object(target.Parent)
    own = pikepdf.Dictionary()
    for name, value in (copied.get("/Resources") or pikepdf.Dictionary()).items():
        own[name] = value
    xobjects = pikepdf.Dictionary()
    for name, value in (own.get("/XObject") or pikepdf.Dictionary()).items():
        xobjects[name] = value
    xobjects[RUNNING] = running
    own.XObject = xobjects
    copied.Resources = own
    page_contents = copied.get("/Contents")
    own_contents = list(page_contents) if isinstance(page_contents, pikepdf.Array) \
        else [page_contents] if page_contents is not None else []
    copied.Contents = pikepdf.Array([save, *own_contents, tail])
    return copied


def _outline_items(book) -> list:
    """The outline's items in document order (each item, then its children, then the next)."""
    items = []
    outlines = book.Root.get("/Outlines")
    stack = [outlines.get("/First")] if outlines is not None and "/First" in outlines else []
    while stack:
        item = stack.pop()
        items.append(item)
        if "/Next" in item:
            stack.append(item.Next)
        if "/First" in item:
            stack.append(item.First)
    return items


def _moved_destinations(book, dests, changed: list[int], sidecars: list, offsets: list[int]) -> list:
    """The changed parts' anchors (the same names as before: `update` checked) at their new places — a 目录
    row below one whose name now takes two lines, say — in the name tree's nodes; the nodes redefined. A
    name an earlier part has too stays that part's (its destination is not on this part's pages)."""
    import pikepdf

    nodes: dict = {}
    for i in changed:
        pages = [page_at(book, offsets[i] + page) for page in range(len(sidecars[i]["pages"]))]
        ours = {page.objgen for page in pages}
        for name, (page, x, y) in sidecars[i]["anchors"].items():
            found = _name_tree_entry(dests, name.encode())
            if found is None:
                continue
            node, position = found
            value = node.Names[position + 1]
            if not isinstance(value, pikepdf.Array) or value[0].objgen not in ours:
                continue
            place = pikepdf.Array([pages[page], pikepdf.Name.XYZ, x, y, 0])
            if [value[0].objgen, *map(float, value[2:4])] != [place[0].objgen, float(x), float(y)]:
                node.Names[position + 1] = place
                nodes[node.objgen] = node
    return list(nodes.values())


def _name_tree_entry(node, name: bytes):
    """The (indirect) leaf of a name tree that holds `name`, and the key's position in its /Names."""
    while "/Kids" in node:
        for kid in node.Kids:
            low, high = (bytes(limit) for limit in kid.Limits)
            if low <= name <= high:
                node = kid
                break
        else:
            return None
    names = node.get("/Names", [])
    for position in range(0, len(names) - 1, 2):
        if bytes(names[position]) == name:
            return (node, position) if node.is_indirect else None
    return None


def _retitled_bookmarks(book, record: dict, changed: list[int], sidecars: list, offsets: list[int]) -> list:
    """The changed parts' outline items (their shape is as before: `update` checked) given the new parts'
    titles and places."""
    import pikepdf

    counts = record["bookmarks"]
    if not any(counts[i] for i in changed):
        return []
    items = _outline_items(book)
    if len(items) != sum(counts):
        raise ValueError(f"the kept book has {len(items)} bookmarks, its parts {sum(counts)}")
    retitled = []
    for i in changed:
        start = sum(counts[:i])
        for item, (level, label, page, x, y, *rest) in zip(items[start:start + counts[i]], sidecars[i]["bookmarks"]):
            item.Title = pikepdf.String(label)
            item.Dest = pikepdf.Array([page_at(book, offsets[i] + page), pikepdf.Name.XYZ, x, y, 0])
            retitled.append(item)
    return retitled
