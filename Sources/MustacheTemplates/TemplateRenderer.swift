/// Renders parsed templates over a page context, with swift-mustache 2.1.1's semantics, into UTF-8 bytes
/// (appending to a byte array is cheaper than appending to a String, even with the String made once at the end).
///
/// One renderer renders one page: it owns its output buffer and context stack, and the templates it reads
/// are immutable, so pages render concurrently without sharing anything mutable. Non-copyable because
/// its output buffer is.
package struct TemplateRenderer: ~Copyable {
    let templates: [String: Template]
    private(set) var output: PageBytes
    /// Room a page starts with; pages that grow with the catalogue ask for more (`SiteRenderer.Page.capacity`).
    package static let defaultCapacity = 64 * 1024
    /// The context stack: the page context at the bottom, each section's object above it.
    private var stack: [Any]
    /// Indentations in force, innermost last; a frame refers to one by index (0: none).
    private var indentations: [[UInt8]] = [[]]
    /// Block overrides in force, innermost last; a frame refers to one set by index (0: none).
    private var overrideSets: [[String: Template]] = [[:]]
    /// Whether the page carries the fixed strings the templates were parsed with, so that a `key.name`
    /// tag may write its `FixedText` instead of looking the name up.
    private let writesFixedText: Bool
    /// The key pages carry the fixed strings under.
    private let fixedKey: String

    /// What swift-mustache's `MustacheContext` carried besides the stack. Plain values only (indentation and
    /// overrides are indices into the renderer's lists), so the copy every section and list element makes
    /// costs no reference counting.
    struct Frame {
        /// Set while rendering the element of a list; cleared by anything that pushes another object,
        /// by partials and by blocks — as swift-mustache's `sequenceContext` was.
        var position: SequencePosition?
        /// Prefix for every line but the first of what a standalone partial (or a block) renders; nested
        /// partials add theirs to it. Index into `indentations`.
        var indentation = 0
        /// Block overrides from enclosing `{{<parent}}` tags (the outermost override of a name wins).
        /// Index into `overrideSets`.
        var overrides = 0
        /// Variables are HTML-escaped unless a `{{%CONTENT_TYPE:TEXT}}` said otherwise.
        var escapes = true
        /// Set once an object with the fixed strings' key is pushed: `key.name` then finds that object's.
        var fixedShadowed = false
    }

    init(templates: [String: Template], context: Any, fixed: FixedStrings? = nil, capacity: Int = defaultCapacity) {
        self.templates = templates
        output = PageBytes(capacity: capacity)
        stack = [context]
        stack.reserveCapacity(16)
        writesFixedText = fixed.map { Self.carries($0, context) } ?? false
        fixedKey = fixed?.key ?? ""
    }

    /// Whether the context's value under the key is exactly the fixed strings: the same dictionary storage
    /// (a gongkai page context holds a copy of the theme's labels, which shares it). Comparing the contents
    /// would cost more than the lookups it saves; equal strings in other storage are just looked up.
    static func carries(_ fixed: FixedStrings, _ context: Any) -> Bool {
        guard let found = ContextValue.child(fixed.key, of: context),
              let pageStrings = ContextValue.exactly(found, [String: String].self)
        else { return false }
        return withUnsafeBytes(of: pageStrings) { page in withUnsafeBytes(of: fixed.values) { page.elementsEqual($0) } }
    }

    /// Whether pushing `value` hides the page's fixed strings from `key.name` tags.
    @inline(__always)
    private func shadowsFixed(_ value: Any) -> Bool {
        writesFixedText && ContextValue.child(fixedKey, of: value) != nil
    }

    /// The named template over the context, or nil if there is no such template.
    /// The page as UTF-8 bytes: every piece is from a Swift String, so the bytes are valid UTF-8, and a
    /// page written to disk never needs to become a String (a check and a copy of the whole page).
    static func render(
        _ name: String, in templates: [String: Template], context: Any, fixed: FixedStrings? = nil,
        capacity: Int = defaultCapacity
    ) -> RenderedBytes? {
        guard let template = templates[name] else { return nil }
        var renderer = TemplateRenderer(templates: templates, context: context, fixed: fixed, capacity: capacity)
        renderer.render(template, Frame())
        return renderer.finished()
    }

    /// The page rendered, in the renderer's own buffer.
    consuming func finished() -> RenderedBytes {
        output.handedOver()
    }

    mutating func render(_ template: Template, _ frame: Frame) {
        var frame = frame
        if frame.indentation == 0 {
            for index in template.nodes.indices { render(template.nodes.baseAddress! + index, &frame) }
        } else {
            renderIndented(template.nodes, &frame)
        }
    }

    private mutating func renderIndented(_ nodes: UnsafeBufferPointer<TemplateNode>, _ frame: inout Frame) {
        // swift-mustache indents per node: before a node that renders something, if this template's output
        // so far ends a line. (So a list inside an indented partial indents the lines within each element
        // but not the first line of the second and later elements, as swift-mustache did.) The indentation
        // goes in first and comes out again if the node renders nothing.
        let start = output.count
        for index in nodes.indices {
            let node = nodes.baseAddress! + index
            guard endsLine(since: start) else {
                render(node, &frame)
                continue
            }
            let mark = output.count
            indentations[frame.indentation].withUnsafeBufferPointer { output.append(contentsOf: $0) }
            let afterIndentation = output.count
            render(node, &frame)
            if output.count == afterIndentation { output.truncate(to: mark) }
        }
    }

    /// Whether the output since `start` is non-empty and its last `Character` is "\n" (not "\r\n", which is
    /// one `Character` in Swift and was not indented after).
    @inline(__always)
    private func endsLine(since start: Int) -> Bool {
        let count = output.count
        guard count > start, output[count - 1] == 0x0A else { return false }
        return count - 2 < start || output[count - 2] != 0x0D
    }

    /// Reads the node where it lies: copied out whole first, every node (text the most) cost a call to copy
    /// it and one to destroy it, and a node's object a retain and a release (1% of a build).
    private mutating func render(_ node: UnsafePointer<TemplateNode>, _ frame: inout Frame) {
        switch node.pointee {
        case .text(let bytes):
            output.append(contentsOf: bytes)

        case .variable(let path, let escaped):
            if writesFixedText, !frame.fixedShadowed, let fixedText = path.object.fixedText {
                output.append(contentsOf: escaped && frame.escapes ? fixedText.escaped : fixedText.raw)
                return
            }
            guard let value = resolve(path.object, frame) else { return }
            ContextValue.append(value, escaped: escaped && frame.escapes, to: &output)

        case .section(let kept):
            let section = kept.object
            // Unwrapped here, where the value is owned and moves into the binding: unwrapping an `Any?`
            // that was passed in copies it through the runtime's generic Optional witnesses.
            if let value = resolve(section.path, frame) {
                if section.inverted {
                    renderInverted(value, section.body, frame)
                } else {
                    renderSection(value, section.body, frame)
                }
            } else if section.inverted {
                render(section.body, frame)
            }

        case .block(let kept):
            let block = kept.object
            var inner = frame
            inner.position = nil
            let body = frame.overrides == 0
                ? block.defaultBody : overrideSets[frame.overrides][block.name] ?? block.defaultBody
            withIndentation(block.indentation, in: &inner) { renderer, inner in renderer.render(body, inner) }

        case .partial(let kept):
            let partial = kept.object
            // A missing partial renders as nothing (the template check reports it before rendering).
            guard let template = templates[partial.name] else { return }
            var inner = Frame(
                position: nil, indentation: frame.indentation, overrides: frame.overrides, escapes: true,
                fixedShadowed: frame.fixedShadowed)
            let pushedOverrides = pushOverrides(partial.overrides, in: &inner)
            withIndentation(partial.indentation ?? [], in: &inner) { renderer, inner in renderer.render(template, inner) }
            if pushedOverrides { overrideSets.removeLast() }

        case .contentType(let escapes):
            frame.escapes = escapes
        }
    }

    /// Renders with `indentation` added to the frame's, for as long as `body` runs.
    @inline(__always)
    private mutating func withIndentation(
        _ indentation: [UInt8], in frame: inout Frame, _ body: (inout TemplateRenderer, Frame) -> Void
    ) {
        guard !indentation.isEmpty else { return body(&self, frame) }
        indentations.append(indentations[frame.indentation] + indentation)
        frame.indentation = indentations.count - 1
        body(&self, frame)
        indentations.removeLast()
    }

    /// A parent tag's overrides join those in force; an enclosing parent's override of the same block wins.
    private mutating func pushOverrides(_ overrides: [String: Template]?, in frame: inout Frame) -> Bool {
        guard let overrides else { return false }
        let current = overrideSets[frame.overrides]
        overrideSets.append(current.isEmpty ? overrides : current.merging(overrides) { outer, _ in outer })
        frame.overrides = overrideSets.count - 1
        return true
    }

    private mutating func renderSection(_ value: Any, _ body: Template, _ frame: Frame) {
        switch ContextValue.sectionKind(of: value) {
        case .list:
            ContextValue.forEachElement(of: value) { element, index, count in
                var inner = frame
                inner.position = SequencePosition(first: index == 0, last: index == count - 1, index: index)
                inner.fixedShadowed = frame.fixedShadowed || shadowsFixed(element)
                stack.append(element)
                render(body, inner)
                stack.removeLast()
            }
        case .bool(let isTrue):
            if isTrue { render(body, frame) }
        case .absent:
            return
        case .object:
            renderPushing(value, body, frame)
        }
    }

    /// An inverted section over a value that was found (one that was not renders its body).
    private mutating func renderInverted(_ value: Any, _ body: Template, _ frame: Frame) {
        switch ContextValue.sectionKind(of: value) {
        case .list:
            // swift-mustache pushes the empty list itself.
            if ContextValue.isEmptyList(value) { renderPushing(value, body, frame) }
        case .bool(let isTrue):
            if !isTrue { render(body, frame) }
        case .absent:
            render(body, frame)
        case .object:
            return
        }
    }

    private mutating func renderPushing(_ value: Any, _ body: Template, _ frame: Frame) {
        var inner = frame
        inner.position = nil
        inner.fixedShadowed = frame.fixedShadowed || shadowsFixed(value)
        stack.append(value)
        render(body, inner)
        stack.removeLast()
    }

    /// swift-mustache's `getChild`: the first segment is looked up from the top of the stack down, the first
    /// object that has it wins (even if the rest of the path is then missing), the rest descend from there;
    /// then NSNull becomes nil and the transforms apply.
    private func resolve(_ path: ValuePath, _ frame: Frame) -> Any? {
        // Each branch unwraps its own result, which moves it; one `Any?` unwrapped after the switch was
        // copied through the runtime's generic Optional witnesses, a tenth of the engine's instructions.
        let found: Any
        switch path.root {
        case .current:
            found = stack[stack.count - 1]
        case .sequencePosition:
            guard let position = frame.position else { return nil }
            found = position
        case .currentOnly:
            guard let child = descend(path.segments, from: 0, in: stack[stack.count - 1]) else { return nil }
            found = child
        case .stack:
            guard let child = lookUpInStack(path.segments) else { return nil }
            found = child
        }
        guard !ContextValue.isNull(found) else { return nil }
        return path.transforms.isEmpty ? found : transformed(found, by: path.transforms)
    }

    private func lookUpInStack(_ segments: [String]) -> Any? {
        guard let first = segments.first else { return stack[stack.count - 1] }
        var level = stack.count - 1
        while level >= 0 {
            if let child = ContextValue.child(first, of: stack[level]) {
                return segments.count == 1 ? child : descend(segments, from: 1, in: child)
            }
            level -= 1
        }
        return nil
    }

    private func transformed(_ value: Any, by transforms: [String]) -> Any? {
        var result = value
        for transform in transforms {
            guard let transformed = ContextValue.transform(transform, result) else { return nil }
            result = transformed
        }
        return result
    }

    @inline(__always)
    private func descend(_ segments: [String], from start: Int, in object: Any) -> Any? {
        var object = object
        var index = start
        while index < segments.count {
            guard let child = ContextValue.child(segments[index], of: object) else { return nil }
            object = child
            index += 1
        }
        return object
    }
}
