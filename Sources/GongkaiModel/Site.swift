/// The station that publishes the catalogue (content/site.yaml).
public struct Site: Sendable, Equatable {
    public var name: String
    public var title: String
    /// Public address of the site, always ending in `/`; nil when neither site.yaml nor `--base-url` gives one.
    public var baseURL: String?
    public var address: String
    public var officeHours: String?
    /// The 实施机构 of every matter that does not name its own.
    public var implementingBody: String
    /// The 监督方式 of every matter that does not give its own.
    public var contacts: [Contact]
    public var edition: String?
    public var language: String
    public var duties: [Duty]

    public init(
        name: String, title: String = "公开服务内容", baseURL: String? = nil, address: String,
        officeHours: String? = nil, implementingBody: String, contacts: [Contact], edition: String? = nil,
        language: String = "zh-CN", duties: [Duty]
    ) {
        self.name = name
        self.title = title
        self.baseURL = baseURL
        self.address = address
        self.officeHours = officeHours
        self.implementingBody = implementingBody
        self.contacts = contacts
        self.edition = edition
        self.language = language
        self.duties = duties
    }
}

/// A 主要职责: a main duty of the station, under which matters are grouped in the catalogue.
public struct Duty: Sendable, Equatable {
    public var number: String
    public var name: String

    public init(number: String, name: String) {
        self.number = number
        self.name = name
    }
}

/// One line of 监督方式, keeping the label the content used (监督电话, 部门电话, 电子邮箱, 来信来访地址 …).
public struct Contact: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable {
        case phone, email, other
    }

    public var label: String
    public var value: String

    public init(label: String, value: String) {
        self.label = label
        self.value = value
    }

    public var kind: Kind {
        if label.containsBytes(of: "电话") { return .phone }
        if label.containsBytes(of: "邮箱") || label.containsBytes(of: "邮件") { return .email }
        return .other
    }

    /// The digits, `+` and `-` of a phone number, each standing as a character of its own (a digit
    /// with a combining mark, like the keycap 1⃣, is not one). In ASCII text every byte is a character,
    /// so the bytes are filtered directly; this runs for every contact on every page.
    static func dialable(_ value: String) -> String {
        let isDialable = { (byte: UInt8) in (0x30...0x39).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") }
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: value.utf8.filter(isDialable), as: UTF8.self)
        }
        return value.filter { $0.isASCII && ($0.isNumber || $0 == "+" || $0 == "-") }
    }

    /// A `tel:` link to the number written in `value`; nil when it has no digits.
    public static func telLink(_ value: String) -> String? {
        let digits = dialable(value)
        return digits.isEmpty ? nil : "tel:\(digits)"
    }

    /// A `tel:` or `mailto:` link for phones and e-mail addresses; nil for the rest.
    public var link: String? {
        switch kind {
        case .phone:
            return Self.telLink(value)
        case .email:
            return value.contains("@") ? "mailto:\(value)" : nil
        case .other:
            return nil
        }
    }
}
