/// A template that does not parse, with where: what `Theme.load` turns into a diagnostic.
package struct TemplateSyntaxError: Error, Equatable {
    package let message: String
    package let line: Int
    package let column: Int
    package let sourceLine: String
}

/// Mustache text → `Template`. A line-by-line port of swift-mustache 2.1.1's `MustacheTemplate.parse`, so
/// that every page keeps its exact bytes. Its whitespace rules, which differ from the Mustache spec in places
/// and which the port keeps on purpose:
/// - A section, inverted section, closing, partial, parent, block or comment tag alone on its line (only
///   spaces and tabs around it) is removed with its whole line. "Alone" is judged from where the line started
///   being read: after a section whose opening tag was alone on its line, the next tag counts as starting a
///   line even if the closing tag was not.
/// - A partial alone on its line indents each line it renders by the whitespace before it.
/// - Inside a `{{<parent}}`, each block override's lines lose as much leading whitespace as the block's
///   first line had, and that first line loses all of its own.
enum TemplateParser {
    /// Parses `text` into nodes whose memory `storage` holds.
    static func parse(_ text: String, into storage: TemplateStorage) throws(TemplateSyntaxError) -> Template {
        var cursor = TemplateCursor(text)
        do {
            return storage.template(try parse(&cursor, state: State(storage: storage)).map(\.node))
        } catch {
            let (line, column, sourceLine) = cursor.location()
            throw TemplateSyntaxError(message: error.message, line: line, column: column, sourceLine: sourceLine)
        }
    }

    /// What went wrong, in the words the build reports.
    struct Failure: Error {
        let message: String

        static let unexpectedEnd = Failure(message: "模板在标签中间结束")
        static let unfinishedTag = Failure(message: "标签没有写完整（名称里有不允许的字符，或缺少结束的 }}）")
    }

    /// What the parser knows about the text it is in: which section it must close, whether it is at the start
    /// of a line, the delimiters, and inside a parent's block overrides, the first override line's indent.
    struct State {
        let storage: TemplateStorage
        var sectionName: String?
        var sectionTransforms: [String] = []
        /// Where the open section's name starts, to point an unclosed section's error at its opening tag.
        var sectionStart: String.Index?
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var startDelimiter = "{{"
        var endDelimiter = "}}"
        var partialDefinitionIndent: Substring?

        init(storage: TemplateStorage) {
            self.storage = storage
        }

        func inSection(_ name: String, transforms: [String] = [], newLine: Bool, start: String.Index) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = transforms
            state.sectionStart = start
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func inParent(_ name: String, start: String.Index) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = []
            state.sectionStart = start
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    /// A parsed tag or text; block definitions only occur directly inside a parent tag, which collects them.
    enum Token {
        case node(TemplateNode)
        case blockDefinition(name: String, body: Template)

        var node: TemplateNode {
            guard case .node(let node) = self else { preconditionFailure("block definition outside a parent tag") }
            return node
        }
    }

    // swift-mustache's character sets for names.
    static let alphanumerics = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    static let nameCharacters = Set<Character>(alphanumerics + ".-_?*()")
    static let nameCharactersWithoutBrackets = Set<Character>(alphanumerics + ".-_?*")
    static let partialNameCharacters = Set<Character>(alphanumerics + ".-_?()*/")

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    static func parse(_ cursor: inout TemplateCursor, state initial: State) throws(Failure) -> [Token] {
        var tokens: [Token] = []
        var state = initial
        var whiteSpaceBefore: Substring = ""
        let storage = initial.storage
        func textToken(_ string: some StringProtocol) -> Token { .node(.text(storage.text(string.utf8))) }
        func flushWhiteSpace() {
            if !whiteSpaceBefore.isEmpty {
                tokens.append(textToken(whiteSpaceBefore))
                whiteSpaceBefore = ""
            }
        }

        while !cursor.atEnd {
            if state.newLine {
                let whiteSpace = cursor.read(while: { $0 == " " || $0 == "\t" })
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    // Block override lines lose the first line's indent; the first line's own whitespace is
                    // dropped (whiteSpaceBefore keeps whatever it held).
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = whiteSpace.dropFirst(indent.count)
                    } else {
                        state.partialDefinitionIndent = whiteSpace
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let text = try readUntilTagOrNewline(&cursor, state: state)
            if cursor.current.isNewline {
                tokens.append(textToken(String(whiteSpaceBefore) + text + String(cursor.current)))
                state.newLine = true
                cursor.advance()
                continue
            }
            if !text.isEmpty {
                tokens.append(textToken(String(whiteSpaceBefore) + text))
                whiteSpaceBefore = ""
                state.newLine = false
            }
            if cursor.atEnd { break }

            var setNewLine = false
            switch cursor.current {
            case "#", "^":
                let inverted = cursor.current == "^"
                cursor.advance()
                let start = cursor.position
                let (name, transforms) = try parseName(&cursor, state: state)
                if isStandalone(&cursor, state: state) {
                    setNewLine = true
                } else {
                    flushWhiteSpace()
                }
                let body = try parse(
                    &cursor, state: state.inSection(name, transforms: transforms, newLine: setNewLine, start: start))
                tokens.append(.node(.section(storage.keep(TemplateNode.Section(
                    path: storage.path(name: name, transforms: transforms), inverted: inverted,
                    body: storage.template(body.map(\.node)))))))

            case "/":
                cursor.advance()
                let position = cursor.position
                let (name, transforms) = try parseName(&cursor, state: state)
                guard name == state.sectionName, transforms == state.sectionTransforms else {
                    cursor.position = position
                    let closing = transforms.isEmpty ? name : "\(transforms.joined(separator: "("))(\(name)"
                        + String(repeating: ")", count: transforms.count)
                    if let open = state.sectionName {
                        throw Failure(message: "结束标签「/\(closing)」与开始的「\(open)」不配对")
                    }
                    throw Failure(message: "结束标签「/\(closing)」前没有对应的开始标签")
                }
                if !isStandalone(&cursor, state: state) {
                    flushWhiteSpace()
                }
                return tokens

            case "!":
                cursor.advance()
                do {
                    try cursor.skip(past: state.endDelimiter)
                } catch {
                    throw Failure(message: "注释没有结束的 \(state.endDelimiter)")
                }
                setNewLine = isStandalone(&cursor, state: state)

            case "{":
                flushWhiteSpace()
                cursor.advance()
                let (name, transforms) = try parseName(&cursor, state: state)
                guard try readOrFail("}", &cursor) else { throw .unfinishedTag }
                tokens.append(.node(.variable(storage.keep(storage.path(name: name, transforms: transforms)), escaped: false)))

            case "&":
                flushWhiteSpace()
                cursor.advance()
                let (name, transforms) = try parseName(&cursor, state: state)
                tokens.append(.node(.variable(storage.keep(storage.path(name: name, transforms: transforms)), escaped: false)))

            case ">":
                cursor.advance()
                cursor.read(while: \.isWhitespace)
                if cursor.current == "*" { throw Failure(message: "不支持动态的部分模板名（{{>*…}}）") }
                let name = try parsePartialName(&cursor, state: state)
                if !whiteSpaceBefore.isEmpty { tokens.append(textToken(whiteSpaceBefore)) }
                let indentation = isStandalone(&cursor, state: state) ? Array(whiteSpaceBefore.utf8) : nil
                setNewLine = indentation != nil
                tokens.append(.node(.partial(storage.keep(
                    TemplateNode.Partial(name: name, indentation: indentation, overrides: nil)))))
                whiteSpaceBefore = ""

            case "<":
                cursor.advance()
                cursor.read(while: \.isWhitespace)
                let start = cursor.position
                let name = try parsePartialName(&cursor, state: state)
                if name.first == "*" { throw Failure(message: "不支持动态的父模板名（{{<*…}}）") }
                if !whiteSpaceBefore.isEmpty { tokens.append(textToken(whiteSpaceBefore)) }
                if isStandalone(&cursor, state: state) { setNewLine = true }
                var overrides: [String: Template] = [:]
                for token in try parse(&cursor, state: state.inParent(name, start: start)) {
                    switch token {
                    case .blockDefinition(let block, let body):
                        overrides[block] = body
                    case .node(.text):
                        break
                    case .node:
                        throw Failure(message: "{{<\(name)}} 里只能写块 {{$名称}}…{{/名称}}")
                    }
                }
                tokens.append(.node(.partial(storage.keep(TemplateNode.Partial(
                    name: name, indentation: Array(whiteSpaceBefore.utf8), overrides: overrides)))))
                whiteSpaceBefore = ""

            case "$":
                cursor.advance()
                let start = cursor.position
                let (name, transforms) = try parseName(&cursor, state: state)
                guard transforms.isEmpty else { throw Failure(message: "块 {{$\(name)}} 不能用变换") }
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(&cursor, state: state) { setNewLine = true }
                    let body = try parse(&cursor, state: state.inSection(name, newLine: setNewLine, start: start))
                    tokens.append(.blockDefinition(name: name, body: storage.template(body.map(\.node))))
                } else {
                    if !whiteSpaceBefore.isEmpty { tokens.append(textToken(whiteSpaceBefore)) }
                    if isStandalone(&cursor, state: state) { setNewLine = true }
                    let body = try parse(&cursor, state: state.inSection(name, newLine: setNewLine, start: start))
                    tokens.append(.node(.block(storage.keep(TemplateNode.Block(
                        name: name, defaultBody: storage.template(body.map(\.node)),
                        indentation: Array(whiteSpaceBefore.utf8))))))
                    whiteSpaceBefore = ""
                }

            case "=":
                cursor.advance()
                state = try setDelimiters(&cursor, state: state)
                setNewLine = isStandalone(&cursor, state: state)

            case "%":
                cursor.advance()
                tokens.append(.node(try contentType(&cursor, state: state)))
                setNewLine = isStandalone(&cursor, state: state)

            default:
                flushWhiteSpace()
                let (name, transforms) = try parseName(&cursor, state: state)
                tokens.append(.node(.variable(storage.keep(storage.path(name: name, transforms: transforms)), escaped: true)))
            }
            state.newLine = setNewLine
        }
        if let open = state.sectionName {
            if let start = state.sectionStart { cursor.position = start }
            throw Failure(message: "「\(open)」没有结束标签 {{/\(open)}}")
        }
        return tokens
    }

    /// Text up to the next opening delimiter (consumed) or line break (not consumed).
    static func readUntilTagOrNewline(_ cursor: inout TemplateCursor, state: State) throws(Failure) -> String {
        guard let first = state.startDelimiter.first else { return "" }
        var text = ""
        while !cursor.atEnd {
            text += cursor.read(until: { $0 == "\n" || $0 == "\r\n" || $0 == first })
            if cursor.current.isNewline { break }
            if cursor.current == first {
                if try readOrFail(string: state.startDelimiter, &cursor) { break }
                text.append(first)
                cursor.advance()
            }
        }
        return text
    }

    /// A variable or section name, and the transforms applied to it: `last()` is `("", ["last"])`,
    /// `a(b(c))` is `("c", ["a", "b"])`.
    static func parseName(_ cursor: inout TemplateCursor, state: State) throws(Failure) -> (String, [String]) {
        let text = try readName(&cursor, allowed: nameCharacters, state: state)
        var name = TemplateCursor(text)
        let function = name.read(while: { nameCharactersWithoutBrackets.contains($0) })
        if name.atEnd { return (text, []) }
        guard name.current == "(" else { throw .unfinishedTag }
        name.advance()
        var transforms = [String(function)]
        while true {
            let argument = name.read(while: { nameCharactersWithoutBrackets.contains($0) })
            switch name.current {
            case ")":
                name.advance()
                guard name.read(while: { $0 == ")" }).count + 1 == transforms.count, name.atEnd else {
                    throw .unfinishedTag
                }
                return (String(argument), transforms)
            case "(":
                name.advance()
                transforms.append(String(argument))
            default:
                throw .unfinishedTag
            }
        }
    }

    static func parsePartialName(_ cursor: inout TemplateCursor, state: State) throws(Failure) -> String {
        try readName(&cursor, allowed: partialNameCharacters, state: state)
    }

    /// A tag's name between optional spaces, up to the closing delimiter.
    private static func readName(
        _ cursor: inout TemplateCursor, allowed: Set<Character>, state: State
    ) throws(Failure) -> String {
        cursor.read(while: \.isWhitespace)
        let text = String(cursor.read(while: { allowed.contains($0) }))
        cursor.read(while: \.isWhitespace)
        guard try readOrFail(string: state.endDelimiter, &cursor) else { throw .unfinishedTag }
        return text
    }

    /// `{{=<% %>=}}`.
    static func setDelimiters(_ cursor: inout TemplateCursor, state: State) throws(Failure) -> State {
        let invalid = Failure(message: "设置分隔符的标签写得不对（应为 {{=<% %>=}} 这样）")
        let start: Substring
        let end: Substring
        do {
            cursor.read(while: \.isWhitespace)
            start = try cursor.readRequiring(until: \.isWhitespace)
            cursor.read(while: \.isWhitespace)
            end = try cursor.readRequiring(until: { $0 == "=" || $0.isWhitespace })
            cursor.read(while: \.isWhitespace)
            guard try cursor.read("="), try cursor.read(string: state.endDelimiter) else { throw invalid }
        } catch {
            throw invalid
        }
        guard !start.isEmpty, !end.isEmpty else { throw invalid }
        var state = state
        state.startDelimiter = String(start)
        state.endDelimiter = String(end)
        state.isPartialDefinitionTopLevel = false
        return state
    }

    /// `{{%CONTENT_TYPE:TEXT}}`, the one configuration tag swift-mustache knows.
    static func contentType(_ cursor: inout TemplateCursor, state: State) throws(Failure) -> TemplateNode {
        let invalid = Failure(message: "配置标签写得不对（只支持 {{%CONTENT_TYPE:HTML}} 和 {{%CONTENT_TYPE:TEXT}}）")
        let variable: Substring
        let value: Substring
        do {
            cursor.read(while: \.isWhitespace)
            variable = cursor.read(while: { nameCharactersWithoutBrackets.contains($0) })
            cursor.read(while: \.isWhitespace)
            guard try cursor.read(":") else { throw invalid }
            cursor.read(while: \.isWhitespace)
            value = cursor.read(while: { nameCharactersWithoutBrackets.contains($0) })
            cursor.read(while: \.isWhitespace)
            guard try cursor.read(string: state.endDelimiter) else { throw invalid }
        } catch {
            throw invalid
        }
        switch (variable, value) {
        case ("CONTENT_TYPE", "HTML"): return .contentType(escapes: true)
        case ("CONTENT_TYPE", "TEXT"): return .contentType(escapes: false)
        default: throw invalid
        }
    }

    /// swift-mustache's standalone test: the tag began a line and only spaces or tabs follow it before the
    /// line break (consumed) or the end of the text.
    static func isStandalone(_ cursor: inout TemplateCursor, state: State) -> Bool {
        guard state.newLine else { return false }
        if cursor.atEnd { return true }
        var rest = cursor
        rest.read(while: { $0 == " " || $0 == "\t" })
        guard rest.current.isNewline else { return false }
        rest.advance()
        cursor.position = rest.position
        return true
    }

    static func readOrFail(string: String, _ cursor: inout TemplateCursor) throws(Failure) -> Bool {
        do { return try cursor.read(string: string) } catch { throw .unexpectedEnd }
    }

    static func readOrFail(_ character: Character, _ cursor: inout TemplateCursor) throws(Failure) -> Bool {
        do { return try cursor.read(character) } catch { throw .unexpectedEnd }
    }
}
