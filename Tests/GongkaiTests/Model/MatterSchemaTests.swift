import Foundation
import Testing
@testable import GongkaiBuild
@testable import GongkaiModel
@testable import GongkaiSite

/// The schema is the one place a field is declared: these tests write content from it and read every output
/// back, so a text field added to `MatterSchema.fields` is loaded, shown and exported — or a test names what
/// is missing (a template row, a label).
@Suite struct MatterSchemaTests {
    @Test func namesAreUniqueAndPartsBelongToATextField() {
        let fields = MatterSchema.fields
        #expect(Set(fields.map(\.id)).count == fields.count)
        #expect(Set(MatterSchema.keys).count == MatterSchema.keys.count)
        for field in fields where field.parent != nil {
            let parent = fields.first { $0.id == field.parent }
            #expect(parent?.isText == true, "\(field.id) is part of a text field")
            #expect(parent?.section == field.section, "\(field.id) shows where its parent does")
        }
        #expect(MatterSchema.requiredKeys.allSatisfy(MatterSchema.keys.contains))
    }

    @Test func theDefaultThemeLabelsEveryField() throws {
        let theme = try Theme.load(TestSupport.defaultTheme)
        for field in MatterSchema.textFields {
            #expect(theme.labels[field.labelName] != nil, "labels.yaml has \(field.labelName)")
        }
    }

    /// Two matters, between them every text field in every written form (a parent as one phrase and as its
    /// parts), each with a value of its own; the page, the printed sheet and catalogue.json must all carry it.
    @Test func everyTextFieldIsLoadedShownPrintedAndExported() throws {
        let content = TestSupport.copy(TestSupport.minimalSite)
        let original = TestSupport.read(content.appending(path: "matters/1.1.md"))
        let value = { (field: MatterField, matter: Int) in "值\(matter)\(field.id)" }
        for matter in 1...2 {
            var lines: [String] = []
            for field in MatterSchema.textFields where field.parent == nil {
                let parts = MatterSchema.parts[field.id] ?? []
                if matter == 2, !parts.isEmpty {
                    lines.append("\(field.key): {" + parts.map { "\($0.key): \(value($0, matter))" }.joined(separator: ", ") + "}")
                } else {
                    lines.append("\(field.key): \(value(field, matter))")
                }
            }
            let text = original
                .replacingOccurrences(of: "序号: \"1.1\"", with: "序号: \"1.\(matter)\"")
                .replacingOccurrences(of: "\n---\n", with: "\n" + lines.joined(separator: "\n") + "\n---\n")
            TestSupport.write(text, to: content.appending(path: "matters/1.\(matter).md"))
        }
        let output = try TestSupport.build(content: content)
        let labels = try Theme.load(TestSupport.defaultTheme).labels
        let sheets = TestSupport.visibleText(TestSupport.read(output.appending(path: "print/index.html")))
        let json = try #require(JSONSerialization.jsonObject(
            with: Data(contentsOf: output.appending(path: "catalogue.json"))) as? [String: Any])
        let matters = try #require(json["matters"] as? [[String: Any]])

        for matter in 1...2 {
            let page = TestSupport.visibleText(TestSupport.read(output.appending(path: "matters/1.\(matter)/index.html")))
            let entry = try #require(matters.first { $0["number"] as? String == "1.\(matter)" })
            let guide = try #require(entry["guide"] as? [String: String])
            // 1.1 writes every field as one phrase; 1.2 writes a field that has parts as its parts.
            let written = MatterSchema.textFields.filter { field in
                matter == 1 ? field.parent == nil : field.parent != nil || MatterSchema.parts[field.id] == nil
            }
            for field in written {
                let shown = value(field, matter)
                #expect(page.contains(shown), "the page of 1.\(matter) shows \(field.id)")
                #expect(sheets.contains(shown), "the printed sheet of 1.\(matter) shows \(field.id)")
                let row = MatterSchema.fields.first { $0.id == field.shownInRowOf } ?? field
                let label = try #require(labels[row.labelName])
                #expect(page.contains(label + shown), "\(field.id) is labelled \(label)")
                let exported = field.section == .guide ? guide[field.id] : entry[field.id] as? String
                #expect(exported == shown, "catalogue.json has \(field.id) of 1.\(matter)")
            }
        }
    }

    /// A theme of its own (no parent) that leaves out a label Swift puts on a page (a 办事指南 row, a page
    /// title, a navigation link) is refused by name, not shown a blank.
    @Test(arguments: Theme.Label.usedBySwift.map(\.name))
    func aThemeWithoutALabelSwiftUsesIsRefused(_ name: String) throws {
        let theme = TestSupport.copy(TestSupport.defaultTheme)
        let labels = TestSupport.read(theme.appending(path: "labels.yaml"))
        let without = labels.split(separator: "\n").filter { !$0.hasPrefix(name + ":") }
        #expect(without.count == labels.split(separator: "\n").count - 1, "the default theme has \(name)")
        TestSupport.write(without.joined(separator: "\n") + "\n", to: theme.appending(path: "labels.yaml"))
        do {
            _ = try Theme.load(theme)
            Issue.record("a theme without \(name) loaded")
        } catch {
            let problem = try #require(error.diagnostics.first)
            #expect(problem.file.hasSuffix("labels.yaml"))
            #expect(problem.message.contains(name))
        }
    }

    /// The label comes from labels.yaml: a child theme renames a row and the page says so.
    @Test func aChildThemeRenamesAGuideRow() throws {
        let themes = TestSupport.copy(TestSupport.defaultTheme.deletingLastPathComponent())
        let theme = themes.appending(path: "child")
        TestSupport.write("parent: default\n", to: theme.appending(path: "theme.yaml"))
        TestSupport.write("\(MatterField.fee.labelName): 费用标准\n", to: theme.appending(path: "labels.yaml"))
        try FileManager.default.createDirectory(at: theme.appending(path: "templates"), withIntermediateDirectories: true)
        let content = TestSupport.copy(TestSupport.minimalSite)
        let file = content.appending(path: "matters/1.1.md")
        TestSupport.write(
            TestSupport.read(file).replacingOccurrences(of: "\n---\n", with: "\n\(MatterField.fee.key): 不收费\n---\n"),
            to: file)
        let output = try TestSupport.build(content: content, theme: theme)
        let page = TestSupport.read(output.appending(path: "matters/1.1/index.html"))
        #expect(page.contains("<dt>费用标准</dt><dd>不收费</dd>"))
    }
}
