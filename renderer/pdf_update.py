"""An incremental update of a PDF (ISO 32000-1, 7.5.6), written with pikepdf's objects: the objects to
add or redefine, each in PDF syntax under its number, after the file's last byte, then a cross-reference
stream whose /Prev is the file's last one. pikepdf (qpdf) reads such files but writes only whole ones;
book_update.py uses this to replace a catalogue's changed pages without rewriting its 2,000 others.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib


class Scratch:
    """The update's new objects, made in a document of their own — copying into the book itself made qpdf
    read all of the book first (0.2 s of 0.3 at 2,000 pages) — and written under the book's numbers: new
    objects from the book's /Size on, each redefined page under its page's number, and a stand-in for each
    book object they refer to (a page's parent, its running page, a shared font program) as a reference to
    that object."""

    def __init__(self, first_new: int) -> None:
        import pikepdf

        self.pdf = pikepdf.new()
        self.first_new = first_new
        self.stand_ins: dict[tuple, object] = {}   # book objgen -> its stand-in
        self.numbers: dict[tuple, tuple] = {}      # stand-in or redefined page objgen -> book objgen

    def book_object(self, obj):
        """A stand-in for the book's object `obj`, written as a reference to it."""
        import pikepdf

        if obj.objgen not in self.stand_ins:
            stand_in = self.pdf.make_indirect(pikepdf.Dictionary())
            self.stand_ins[obj.objgen] = stand_in
            self.numbers[stand_in.objgen] = obj.objgen
        return self.stand_ins[obj.objgen]

    def number(self, obj) -> tuple:
        return self.numbers.get(obj.objgen) or (self.first_new + obj.objgen[0], 0)

    def reached(self, roots: list) -> list:
        """The redefined pages and every object of this document they reach (not the stand-ins)."""
        import pikepdf

        stand_ins = {stand_in.objgen for stand_in in self.stand_ins.values()}
        out, seen, stack = [], set(), list(roots)
        while stack:
            obj = stack.pop()
            if obj.is_indirect:
                if obj.objgen in seen or obj.objgen in stand_ins:
                    continue
                seen.add(obj.objgen)
                out.append(obj)
            values = obj.stream_dict.values() if isinstance(obj, pikepdf.Stream) \
                else obj.values() if isinstance(obj, pikepdf.Dictionary) \
                else list(obj) if isinstance(obj, pikepdf.Array) else []
            stack += [value for value in values if isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream))]
        return out

    def object_bytes(self, obj) -> bytes:
        """An indirect object's body in PDF syntax, its references numbered as in the book."""
        import pikepdf

        if isinstance(obj, pikepdf.Stream):
            raw = obj.read_raw_bytes()
            entries = [(key, value) for key, value in obj.stream_dict.items() if key != "/Length"]
            return self._dictionary(entries + [("/Length", len(raw))]) + b"\nstream\n" + raw + b"\nendstream"
        if isinstance(obj, pikepdf.Dictionary):
            return self._dictionary(list(obj.items()))
        return self._value(obj, top=True)

    def _dictionary(self, entries) -> bytes:
        import pikepdf

        return b"<< " + b" ".join(pikepdf.Name(key).unparse() + b" " + self._value(value) for key, value in entries) + b" >>"

    def _value(self, value, top: bool = False) -> bytes:
        import decimal

        import pikepdf

        if isinstance(value, bool):
            return b"true" if value else b"false"
        if isinstance(value, int):
            return b"%d" % value
        if isinstance(value, decimal.Decimal):
            return format(value, "f").encode()
        if isinstance(value, float):
            return repr(value).encode()
        if value is None:
            return b"null"
        if value.is_indirect and not top:
            return b"%d %d R" % self.number(value)
        if isinstance(value, pikepdf.Dictionary):
            return self._dictionary(list(value.items()))
        if isinstance(value, pikepdf.Array):
            return b"[ " + b" ".join(self._value(item) for item in value) + b" ]"
        return value.unparse()


def page_at(book, number: int):
    """The page object at `number` (from 0), found through the page tree's /Count without reading the
    pages before it."""
    node = book.Root.Pages
    while True:
        kids = node.Kids
        if len(kids) == int(node.Count):  # every kid one page (or a tree of one)
            node, number = kids[number], 0
        else:
            for kid in kids:
                count = int(kid.Count) if kid.get("/Type") == "/Pages" else 1
                if number < count:
                    node = kid
                    break
                number -= count
            else:
                raise IndexError("page beyond the page tree")
        if node.get("/Type") != "/Pages":
            return node


def pages(book):
    """The book's pages in order, read one at a time (pikepdf.Page)."""
    import pikepdf

    stack = [iter(book.Root.Pages.Kids)]
    while stack:
        kid = next(stack[-1], None)
        if kid is None:
            stack.pop()
        elif kid.get("/Type") == "/Pages":
            stack.append(iter(kid.Kids))
        else:
            yield pikepdf.Page(kid)


def section(book, old_bytes: bytes, objects: list) -> bytes:
    """The update: each object ((number, generation), body in PDF syntax), then a cross-reference stream
    (the book has one) with /Prev at the last."""

    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", old_bytes[-1024:])
    if found is None:
        raise ValueError("the kept book has no startxref")
    previous = int(found.group(1))
    chunks, entries, offset = [], [], len(old_bytes)
    if not old_bytes.endswith(b"\n"):
        chunks.append(b"\n")
        offset += 1
    for (number, generation), body in sorted(objects, key=lambda item: item[0]):
        chunk = b"%d %d obj\n%s\nendobj\n" % (number, generation, body)
        entries.append((number, generation, offset))
        chunks.append(chunk)
        offset += len(chunk)
    number = max([int(book.trailer.Size) - 1] + [n for n, _, _ in entries]) + 1
    entries.append((number, 0, offset))
    index, rows = [], b""
    for n, generation, at in entries:
        if index and index[-2] + index[-1] == n:
            index[-1] += 1
        else:
            index += [n, 1]
        rows += struct.pack(">BIH", 1, at, generation)
    data = zlib.compress(rows)
    old_id = book.trailer.get("/ID")
    first_id = bytes(old_id[0]) if old_id is not None else hashlib.md5(old_bytes[:4096]).digest()
    new_id = hashlib.md5(b"".join(chunks)).digest()
    trailer = (b"<< /Type /XRef /Size %d /W [ 1 4 2 ] /Index [ %s ] /Root %s /Info %s /ID [ <%s> <%s> ] "
               b"/Prev %d /Filter /FlateDecode /Length %d >>" % (
                   number + 1, " ".join(map(str, index)).encode(), book.Root.unparse(),
                   book.trailer.Info.unparse(), first_id.hex().encode(), new_id.hex().encode(), previous, len(data)))
    chunks.append(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (number, trailer, data, offset))
    return b"".join(chunks)
