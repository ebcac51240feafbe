/// A 职责事项: one service matter and everything its 信息表 discloses.
public struct Matter: Sendable, Equatable {
    /// 序号, e.g. "2.1": validated to digits and dots before it is used in a path.
    public var number: String
    /// 序号 of the 主要职责 it belongs to.
    public var dutyNumber: String
    public var name: String
    public var legalBasis: [LegalBasis]
    public var implementingBody: String
    public var boundary: Boundary
    public var flow: Flow
    public var situations: [Situation]
    public var materials: [Material]
    /// 责任事项, each Markdown.
    public var responsibilities: [String]
    public var contacts: [Contact]
    /// Every field the schema declares as text: the 办事指南 rows and the Markdown fields of the 信息表.
    public var texts: MatterTexts
    /// Markdown below the front matter (办事须知, 常见问题 …); may be empty.
    public var body: String

    public init(
        number: String, dutyNumber: String, name: String, legalBasis: [LegalBasis], implementingBody: String,
        boundary: Boundary, flow: Flow, situations: [Situation] = [], materials: [Material],
        responsibilities: [String], contacts: [Contact], texts: MatterTexts = MatterTexts(), body: String = ""
    ) {
        self.number = number
        self.dutyNumber = dutyNumber
        self.name = name
        self.legalBasis = legalBasis
        self.implementingBody = implementingBody
        self.boundary = boundary
        self.flow = flow
        self.situations = situations
        self.materials = materials
        self.responsibilities = responsibilities
        self.contacts = contacts
        self.texts = texts
        self.body = body
    }

    /// The parts of 序号 as numbers, so that 1.10 sorts after 1.9.
    public var sortKey: [Int] { Self.sortKey(number) }

    /// The sort key of a 序号 written anywhere (a file name, a poster's).
    public static func sortKey(_ number: String) -> [Int] {
        var key: [Int] = [0]
        for byte in number.utf8 {
            if byte == UInt8(ascii: ".") {
                key.append(0)
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                key[key.count - 1] = key[key.count - 1] &* 10 &+ Int(byte - UInt8(ascii: "0"))
            }
        }
        return key
    }
}

/// One entry of 法定依据: the law and article as written, and the article's text (Markdown).
public struct LegalBasis: Sendable, Equatable {
    public var reference: String
    public var text: String?

    public init(reference: String, text: String? = nil) {
        self.reference = reference
        self.text = text
    }
}

/// 职责边界: one phrase (乡镇权限), or the levels a case passes through in order.
public struct Boundary: Sendable, Equatable {
    public var levels: [String]
    /// True when written as a list of levels, which the page draws as a sequence.
    public var isSequence: Bool

    public init(levels: [String], isSequence: Bool) {
        self.levels = levels
        self.isSequence = isSequence
    }
}

/// The values of a matter's text fields (`MatterSchema.textFields`), by field; a field left out has none.
public struct MatterTexts: Sendable, Equatable {
    private var values: [String: String]

    public init(_ values: [MatterField: String] = [:]) {
        self.values = Dictionary(uniqueKeysWithValues: values.map { ($0.key.id, $0.value) })
    }

    public subscript(field: MatterField) -> String? {
        get { values[field.id] }
        set { values[field.id] = newValue }
    }

    /// True when none of these fields has a value.
    public func isEmpty(of fields: [MatterField]) -> Bool {
        !fields.contains { values[$0.id] != nil }
    }

    /// True when no field of `section` has a value.
    public func isEmpty(in section: MatterField.Section) -> Bool {
        !MatterSchema.textFields.contains { $0.section == section && values[$0.id] != nil }
    }
}
