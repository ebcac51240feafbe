import CYaml

/// Composes YAML text into `YAMLNode`s straight from libyaml's events — the libyaml that Yams bundles.
///
/// Yams' composer was half of reading a large site: an event object, a tag object and a resolver call per
/// value, and a duplicate-key check that hashes every key (Chinese keys hash through Unicode
/// normalisation). This reads the same events into plain values. It takes on only plain documents: at
/// anything else — an anchor, an alias, a tag, a second document, a duplicate key or a syntax error — it
/// returns nil and the caller composes with Yams, so every error and every unusual document is handled
/// exactly as before, by the same code. It also returns nil at what `YAMLScreen` refuses (anchors, aliases,
/// nesting past `YAMLScreen.maximumDepth`, a refused character in a scalar), for the screen to report.
struct YAMLComposer {
    // On the heap: libyaml keeps state in these across calls, and `&property` of a Swift value may pass
    // the address of a temporary copy.
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    private let eventPointer = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
    private var hasEvent = false
    private var event: yaml_event_t { eventPointer.pointee }

    /// The document's root (an empty mapping for an empty document), or nil to leave the text to Yams.
    /// Front matter as content files write it is read by `YAMLBlockReader`, faster; libyaml reads the rest.
    static func compose(_ yaml: String) -> YAMLNode? {
        var yaml = yaml
        return yaml.withUTF8 { bytes in
            if let node = YAMLBlockReader.read(bytes) { return node }
            var composer = YAMLComposer(bytes)
            defer { composer.finish() }
            return composer.document()
        }
    }

    /// What `YAMLScreen` refuses in a text `compose` left to Yams, before Yams expands or recurses into it.
    static func screen(_ yaml: String) -> YAMLScreen.Problem? {
        var yaml = yaml
        return yaml.withUTF8 { YAMLScreen.firstProblem(in: $0) }
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        parser.initialize(to: yaml_parser_t())
        eventPointer.initialize(to: yaml_event_t())
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
    }

    private func finish() {
        if hasEvent { yaml_event_delete(eventPointer) }
        yaml_parser_delete(parser)
        parser.deallocate()
        eventPointer.deallocate()
    }

    /// Moves to the next event; false on a syntax error.
    private mutating func next() -> Bool {
        if hasEvent { yaml_event_delete(eventPointer) }
        hasEvent = yaml_parser_parse(parser, eventPointer) == 1
        return hasEvent
    }

    private mutating func document() -> YAMLNode? {
        guard next(), event.type == YAML_STREAM_START_EVENT, next() else { return nil }
        if event.type == YAML_STREAM_END_EVENT { return .emptyMapping }
        guard event.type == YAML_DOCUMENT_START_EVENT, next() else { return nil }
        guard let root = node(depth: 0) else { return nil }
        guard next(), event.type == YAML_DOCUMENT_END_EVENT,
              next(), event.type == YAML_STREAM_END_EVENT else { return nil }
        return root
    }

    /// The node starting at the current event, inside `depth` lists and mappings; on return the current
    /// event is its last one.
    private mutating func node(depth: Int) -> YAMLNode? {
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            guard scalar.anchor == nil, scalar.tag == nil else { return nil }
            let value = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
            // Escapes (`"\e"`) are decoded only here: the file's raw bytes were checked when it was read.
            guard ContentCharacters.firstForbidden(in: value) == nil else { return nil }
            let text = String(decoding: value, as: UTF8.self)
            return YAMLNode(
                content: .scalar(text, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE), line: line, column: column)
        case YAML_SEQUENCE_START_EVENT:
            guard depth < YAMLScreen.maximumDepth, event.data.sequence_start.anchor == nil, event.data.sequence_start.tag == nil else { return nil }
            var items: [YAMLNode] = []
            while true {
                guard next() else { return nil }
                if event.type == YAML_SEQUENCE_END_EVENT { break }
                guard let item = node(depth: depth + 1) else { return nil }
                items.append(item)
            }
            return YAMLNode(content: .sequence(items), line: line, column: column)
        case YAML_MAPPING_START_EVENT:
            guard depth < YAMLScreen.maximumDepth, event.data.mapping_start.anchor == nil, event.data.mapping_start.tag == nil else { return nil }
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var manyKeys: Set<String> = []
            while true {
                guard next() else { return nil }
                if event.type == YAML_MAPPING_END_EVENT { break }
                // `==` on purpose, not bytes: Yams counts canonically equal keys as duplicates. Past a few
                // dozen keys, a set (the same equality): comparing with every earlier key was quadratic.
                guard let key = node(depth: depth + 1), let keyText = key.string else { return nil }
                if pairs.count == YAMLBlockReader.keysComparedInTurn { manyKeys = Set(pairs.map { $0.key.string ?? "" }) }
                let duplicate = pairs.count < YAMLBlockReader.keysComparedInTurn
                    ? pairs.contains(where: { $0.key.string == keyText }) : !manyKeys.insert(keyText).inserted
                guard !duplicate, next(), let value = node(depth: depth + 1) else { return nil }
                pairs.append((key, value))
            }
            return YAMLNode(content: .mapping(pairs), line: line, column: column)
        default:
            // An alias, or an event out of place.
            return nil
        }
    }
}
