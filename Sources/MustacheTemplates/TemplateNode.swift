/// A theme template parsed once, when the theme loads, into the nodes the renderer walks for every page.
///
/// The engine replaces swift-mustache, whose renderer spent most of a build in protocol-conformance casts
/// (`as? MustacheParent`, `as? MustacheSequence` …) on every lookup and escaped text one `Character` at a
/// time. The parser here is a port of swift-mustache 2.1.1's, quirks included, because the site's HTML
/// must stay byte for byte what swift-mustache produced: which whitespace a standalone tag removes, how a
/// partial's lines are indented, how a block override's lines are de-indented all follow its rules.
///
/// Nodes point into memory a `TemplateStorage` owns for as long as the theme lives: rendering visits every
/// node of every page, and nodes holding arrays cost a retain and a release per visit (see
/// docs/performance.md for what the node's one class reference costs).
// @unchecked Sendable: the nodes are never written after parsing, and the storage outlives every render.
struct Template: @unchecked Sendable {
    let nodes: UnsafeBufferPointer<TemplateNode>
}

/// Every payload is a pointer into storage that the theme's `TemplateStorage` keeps alive, a reference to
/// an immutable object, or a plain value.
// @unchecked Sendable: `.text` points into bytes the storage never writes after parsing (the rest is Sendable).
enum TemplateNode: @unchecked Sendable {
    /// Literal text. The parser splits text after every line break and before every tag, and rendering an
    /// indented partial relies on that split (it indents per node), so nodes are never merged.
    case text(UnsafeBufferPointer<UInt8>)
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (raw).
    case variable(Kept<ValuePath>, escaped: Bool)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}`.
    case section(Kept<Section>)
    /// `{{$name}}default{{/name}}` outside a parent tag.
    case block(Kept<Block>)
    /// `{{> name}}` or `{{< name}}…{{/name}}`.
    case partial(Kept<Partial>)
    /// `{{%CONTENT_TYPE:TEXT}}` / `{{%CONTENT_TYPE:HTML}}`: whether later variables in the same template
    /// are HTML-escaped.
    case contentType(escapes: Bool)

    final class Section: Sendable {
        let path: ValuePath
        let inverted: Bool
        let body: Template

        init(path: ValuePath, inverted: Bool, body: Template) {
            self.path = path
            self.inverted = inverted
            self.body = body
        }
    }

    /// The default unless a `{{<parent}}` overrides it. `indentation` is the whitespace before the tag on
    /// its line (swift-mustache indents by it even when the tag is not alone on its line).
    final class Block: Sendable {
        let name: String
        let defaultBody: Template
        let indentation: [UInt8]

        init(name: String, defaultBody: Template, indentation: [UInt8]) {
            self.name = name
            self.defaultBody = defaultBody
            self.indentation = indentation
        }
    }

    /// `indentation` is nil for a partial that is not alone on its line: only standalone partials indent.
    /// `overrides` are a parent tag's `{{$block}}` definitions (nil for `{{>name}}`).
    final class Partial: Sendable {
        let name: String
        let indentation: [UInt8]?
        let overrides: [String: Template]?

        init(name: String, indentation: [UInt8]?, overrides: [String: Template]?) {
            self.name = name
            self.indentation = indentation
            self.overrides = overrides
        }
    }
}

/// An object a node refers to (immutable once parsed).
struct Kept<Object: AnyObject & Sendable>: Sendable {
    let object: Object
}

/// The memory behind a theme's parsed templates: node arrays, text bytes and the objects nodes refer to.
/// Filled while the theme's templates are parsed, then never changed, so any number of threads may render
/// from it at once; freed with the theme.
// @unchecked Sendable: only the parser, on one thread, adds to it; after that it is read-only.
final class TemplateStorage: @unchecked Sendable {
    private var buffers: [UnsafeMutableRawBufferPointer] = []
    /// Node arrays, deinitialized before they are freed (nodes hold object references).
    private var nodeBuffers: [UnsafeMutableBufferPointer<TemplateNode>] = []
    /// The strings written into `key.name` tags as they are parsed (see `FixedText`).
    let fixed: FixedStrings?

    init(fixed: FixedStrings? = nil) {
        self.fixed = fixed
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
        for buffer in nodeBuffers {
            buffer.deinitialize()
            buffer.deallocate()
        }
    }

    func template(_ nodes: [TemplateNode]) -> Template {
        guard !nodes.isEmpty else { return Template(nodes: UnsafeBufferPointer(start: nil, count: 0)) }
        let buffer = UnsafeMutableBufferPointer<TemplateNode>.allocate(capacity: nodes.count)
        _ = buffer.initialize(from: nodes)
        nodeBuffers.append(buffer)
        return Template(nodes: UnsafeBufferPointer(buffer))
    }

    func text(_ bytes: some Collection<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(copy(Array(bytes)))
    }

    /// A tag's name, parsed; a `key.name` tag of the fixed strings carries the text, escaped and as is.
    func path(name: String, transforms: [String]) -> ValuePath {
        ValuePath(name: name, transforms: transforms, fixedKey: fixed?.key) { name in
            let text = fixed?.values[name] ?? ""
            var escaped: [UInt8] = []
            HTMLEscape.append(text, to: &escaped)
            return FixedText(escaped: self.text(escaped), raw: self.text(Array(text.utf8)))
        }
    }

    func keep<Object: AnyObject & Sendable>(_ object: Object) -> Kept<Object> {
        Kept(object: object)
    }

    /// Only for plain values (bytes): the buffers are freed without deinitializing their elements.
    private func copy<Element>(_ elements: [Element]) -> UnsafeMutableBufferPointer<Element> {
        precondition(_isPOD(Element.self))
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(elements.count, 1))
        _ = buffer.initialize(from: elements)
        buffers.append(UnsafeMutableRawBufferPointer(buffer))
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<elements.count])
    }
}

/// A name in a tag, split once at parse time: `a.b.c`, `.`, `.a` (current object only), or a transform call
/// such as `last()` (the position in the enclosing list) or `uppercased(name)`.
final class ValuePath: Sendable {
    enum Root: Sendable {
        /// `.`: the object on top of the context stack.
        case current
        /// `last()`, `index()` …: the position of the current item in the list being iterated.
        case sequencePosition
        /// `.a.b`: looked up in the current object only.
        case currentOnly
        /// `a.b`: the first segment is looked up from the top of the stack outward, the rest descend.
        case stack
    }

    let root: Root
    let segments: [String]
    /// Transforms in the order they apply: `plusone(index())` is `["index", "plusone"]`.
    let transforms: [String]
    /// For `key.name` of the fixed strings: what the tag renders while the page carries them (see `FixedText`).
    let fixedText: FixedText?

    /// Mirrors swift-mustache's `getChild`: `.` is the current object; an empty name with transforms is the
    /// list position; a leading `.` disables the walk up the stack; empty segments (`a..b`) are dropped.
    /// - Parameter fixedKey: the key pages carry the fixed strings under; nil when there are none.
    /// - Parameter fixedText: the text a `fixedKey.name` tag writes, given the name (see `fixedName`).
    init(name: String, transforms: [String], fixedKey: String? = nil, fixedText: (String) -> FixedText? = { _ in nil }) {
        self.transforms = transforms.reversed()
        if name == "." {
            root = .current
            segments = []
        } else if name.isEmpty, !transforms.isEmpty {
            root = .sequencePosition
            segments = []
        } else {
            root = name.first == "." ? .currentOnly : .stack
            segments = name.split(separator: ".").map(String.init)
        }
        if let fixedKey, let name = Self.fixedName(key: fixedKey, root: root, segments: segments, transforms: transforms) {
            self.fixedText = fixedText(name)
        } else {
            self.fixedText = nil
        }
    }

    /// `name` for a tag `key.name`, read from the path as parsed (looked up from the stack, two
    /// segments, no transforms), else nil.
    func fixedName(key: String) -> String? {
        Self.fixedName(key: key, root: root, segments: segments, transforms: transforms)
    }

    private static func fixedName(key: String, root: Root, segments: [String], transforms: [String]) -> String? {
        root == .stack && transforms.isEmpty && segments.count == 2 && segments[0] == key ? segments[1] : nil
    }
}

/// One of the fixed strings as a `key.name` tag renders it: the same text on every page. A gongkai page has
/// some two hundred such tags (its theme's labels); looked up, each walked the context stack, hashed its name
/// into the dictionary, copied the text out and escaped it, and most of that reference counting was on
/// objects every core shares. The renderer writes these bytes instead whenever the lookup would find the
/// fixed strings — the page carries these very strings under the key and no object pushed above it has
/// that key — and looks the name up as any other otherwise.
// @unchecked Sendable: both point into bytes the theme's storage never writes after parsing.
struct FixedText: @unchecked Sendable {
    /// HTML-escaped, for `{{key.name}}`.
    let escaped: UnsafeBufferPointer<UInt8>
    /// As written, for `{{{key.name}}}` and after `{{%CONTENT_TYPE:TEXT}}`.
    let raw: UnsafeBufferPointer<UInt8>
}
