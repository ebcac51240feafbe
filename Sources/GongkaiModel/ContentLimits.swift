/// The largest numbers, names and lists content may give. Each is checked where it is read, with a
/// diagnostic at the value: past them arithmetic would overflow (a date sum of 时限 traps), a name would
/// become a file name the file system refuses, or a list's duplicate checks (each entry against those
/// before it) would grow with its square.
public enum ContentLimits {
    /// A step's 时限 in 工作日 (four years of them); 0 is 当场 (on the spot).
    public static let workingDays = 0...1000
    /// A step's 时限 in 自然日 (ten years).
    public static let naturalDays = 0...3650
    /// A step's 时限 in 个月 (ten years).
    public static let months = 0...120
    /// 份数 of a material.
    public static let copies = 1...99
    /// 排序 of a policy.
    public static let policyOrder = 0...9999
    /// 年份 of a holiday calendar (and so every date in it).
    public static let calendarYears = 2000...2100
    /// A 序号 or policy file name in UTF-8 bytes: it becomes `matters/<序号>/index.html` and
    /// `posters/<序号>.html`, and a file name may hold 255 bytes on most file systems.
    public static let nameBytes = 64

    /// Entries of one matter's lists.
    public static let materials = 200
    public static let steps = 100
    public static let situations = 50
    public static let options = 50

    /// The 时限 counts allowed for a unit.
    public static func timeLimit(_ unit: TimeLimit.Unit) -> ClosedRange<Int> {
        switch unit {
        case .workingDays: workingDays
        case .naturalDays: naturalDays
        case .months: months
        }
    }
}

extension String {
    /// Only the ASCII digits 0–9, at least one: what a number content writes may be (no sign, no spaces,
    /// no full-width digits, which `Int.init` would accept or read differently).
    package var isASCIIDigits: Bool {
        !isEmpty && utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

extension Substring {
    package var isASCIIDigits: Bool {
        !isEmpty && utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
