import CYaml

/// The YAML that content files may not use, found on libyaml's events before anything is composed:
/// anchors and aliases (Yams expands every alias, so a kilobyte of nested aliases becomes gigabytes),
/// nesting deeper than `maximumDepth` (composers recurse once per level, so `[[[[…` a hundred thousand
/// deep would overflow the stack), and text holding a character `ContentCharacters` refuses, written as
/// an escape (`"\e"`). Runs only when `YAMLComposer` leaves a text to Yams, which it does at each of these.
struct YAMLScreen {
    /// Deepest nesting of lists and mappings: content files use five levels; thirty-two leaves room for
    /// any honest file and keeps every composer's recursion shallow.
    static let maximumDepth = 32

    struct Problem: Equatable {
        /// 1-based, within the YAML text; the column in characters.
        let line: Int
        let column: Int
        let path: String
        let message: String
        let hint: String
    }

    private enum Step {
        case root
        case member(String)
        case item(Int)
    }

    private struct Frame {
        let isMapping: Bool
        let step: Step
        var expectingKey = true
        var key = ""
        var count = 0
    }

    /// The first problem in document order; nil when there is none, or when the text has a syntax error
    /// before one (which Yams then reports).
    static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        event.initialize(to: yaml_event_t())
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        defer {
            yaml_parser_delete(parser)
            parser.deallocate()
            event.deallocate()
        }
        var frames: [Frame] = []
        while yaml_parser_parse(parser, event) == 1 {
            defer { yaml_event_delete(event) }
            let line = Int(event.pointee.start_mark.line) + 1
            let column = Int(event.pointee.start_mark.column) + 1
            func problem(_ message: String, _ hint: String) -> Problem {
                Problem(line: line, column: column, path: path(frames, next: nextStep(frames)), message: message, hint: hint)
            }
            let anchorMessage = "不支持 YAML 锚点和别名（&…、*…）"
            let anchorHint = "内容文件里的文字都要完整写出来：删掉 &名字，把 *名字 换成它所指的那段内容"
            switch event.pointee.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_ALIAS_EVENT:
                return problem(anchorMessage, anchorHint)
            case YAML_SCALAR_EVENT:
                let scalar = event.pointee.data.scalar
                if scalar.anchor != nil { return problem(anchorMessage, anchorHint) }
                let value = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
                if let bad = ContentCharacters.firstForbidden(in: value) {
                    return problem("文字里有不能出现的字符 \(ContentCharacters.name(of: bad.value))", ContentCharacters.escapeHint)
                }
                enter(&frames, key: String(decoding: value, as: UTF8.self))
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.pointee.type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? event.pointee.data.mapping_start.anchor : event.pointee.data.sequence_start.anchor
                if anchor != nil { return problem(anchorMessage, anchorHint) }
                if frames.count >= maximumDepth {
                    return problem(
                        "嵌套太深（列表和“名称: 内容”最多套 \(maximumDepth) 层）",
                        "检查是不是多写了 [ 或 {，或者缩进越来越深")
                }
                let step = nextStep(frames)
                enter(&frames, key: "")
                frames.append(Frame(isMapping: isMapping, step: step))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                frames.removeLast()
            default:
                break
            }
        }
        return nil
    }

    /// The step by which the next node hangs from its parent.
    private static func nextStep(_ frames: [Frame]) -> Step {
        guard let parent = frames.last else { return .root }
        if parent.isMapping { return .member(parent.expectingKey ? "" : parent.key) }
        return .item(parent.count + 1)
    }

    /// Counts a node (a key's text in `key`) into its parent.
    private static func enter(_ frames: inout [Frame], key: String) {
        guard !frames.isEmpty else { return }
        if frames[frames.count - 1].isMapping {
            if frames[frames.count - 1].expectingKey { frames[frames.count - 1].key = key }
            frames[frames.count - 1].expectingKey.toggle()
        } else {
            frames[frames.count - 1].count += 1
        }
    }

    /// The display path `YAMLField` would give, e.g. `运行要件[3].条件`.
    private static func path(_ frames: [Frame], next: Step) -> String {
        var path = ""
        for step in frames.map(\.step) + [next] {
            switch step {
            case .root: break
            case .member(let key) where key.isEmpty: break
            case .member(let key): path += path.isEmpty ? key : ".\(key)"
            case .item(let number): path += "[\(number)]"
            }
        }
        return path
    }
}
