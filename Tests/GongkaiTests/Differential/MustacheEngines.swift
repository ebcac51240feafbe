import Foundation
import Mustache
@testable import MustacheTemplates

/// The two Mustache engines the differential tests run side by side: gongkai's own (`TemplateSet`) and
/// swift-mustache, the library it replaced (a test-only dependency).
enum MustacheEngines {
    /// The name the template under test is registered as, beside its partials.
    static let mainName = "differential-main"

    /// What an engine made of a template: its output, or why it refused.
    enum Outcome: Equatable, CustomStringConvertible {
        case rendered(String)
        case failed(String)

        var description: String {
            switch self {
            case .rendered(let text): text.debugDescription
            case .failed(let reason): "error: \(reason)"
            }
        }
    }

    static func ours(_ template: String, partials: [String: String], context: Any) -> Outcome {
        do {
            let set = try TemplateSet(parsing: partials.merging([mainName: template]) { partial, _ in partial })
            guard let bytes = set.render(mainName, context: context) else { return .failed("no template") }
            return .rendered(String(decoding: bytes, as: UTF8.self))
        } catch {
            return .failed(error.errors.map { "\($0.key): \($0.value)" }.sorted().joined(separator: "; "))
        }
    }

    static func swiftMustache(_ template: String, partials: [String: String], context: Any) -> Outcome {
        var library = MustacheLibrary()
        do {
            for (name, text) in partials { try library.register(text, named: name) }
            try library.register(template, named: mainName)
        } catch {
            return .failed("\(error)")
        }
        guard let text = library.render(context, withTemplate: mainName) else { return .failed("no template") }
        return .rendered(text)
    }
}

/// A JSON value as the Mustache spec writes its data, turned into the plain Swift values both engines take
/// as a context: `[String: Any]`, `[Any]`, `String`, `Int` (or `Double`), `Bool`, and `NSNull` for null.
enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Bool before the numbers: JSONDecoder reads `true` only as a Bool and `1` never as one.
        if container.decodeNil() { self = .null }
        else if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
        else if let integer = try? container.decode(Int.self) { self = .integer(integer) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let string = try? container.decode(String.self) { self = .string(string) }
        else if let array = try? container.decode([JSONValue].self) { self = .array(array) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    var context: Any {
        switch self {
        case .null: NSNull()
        case .bool(let bool): bool
        case .integer(let integer): integer
        case .number(let number): number
        case .string(let string): string
        case .array(let elements): elements.map(\.context) as [Any]
        case .object(let entries): entries.mapValues(\.context) as [String: Any]
        }
    }

    var string: String? {
        if case .string(let string) = self { string } else { nil }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let entries) = self { entries[key] } else { nil }
    }
}
