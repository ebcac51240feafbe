import Testing
@testable import MustacheTemplates

/// The page contexts' objects: looked up by name like the dictionaries they replaced, and rendered by the
/// engine exactly as those dictionaries were.
@Suite struct ContextObjectTests {
    @Test func looksNamesUpAndReplacesOnSet() {
        var object: ContextObject = ["name": "就业援助", "number": "2.1", "count": 3, "hasGuide": false]
        #expect(object["name"] as? String == "就业援助")
        #expect(object["count"] as? Int == 3)
        #expect(object["nam"] == nil && object["names"] == nil && object["Name"] == nil)
        object["name"] = "社会救助"
        object["anchor"] = "matter-2.1"
        #expect(object["name"] as? String == "社会救助")
        #expect(object.entries.map(\.name) == ["name", "number", "count", "hasGuide", "anchor"], "order kept, no duplicate")
        object["count"] = nil
        #expect(object["count"] == nil && object.count == 4)
    }

    /// Names of one length are told apart by their bytes, long (heap-stored) names included.
    @Test func sameLengthAndLongNames() {
        let long = String(repeating: "x", count: 40)
        let object: ContextObject = ["note": 1, "name": 2, "href": 3, long: 4, long + "y": 5]
        #expect(object["name"] as? Int == 2 && object["href"] as? Int == 3 && object["note"] as? Int == 1)
        #expect(object[String(repeating: "x", count: 40)] as? Int == 4)
        #expect(object[long + "z"] == nil)
    }

    /// Lookups read the literal's `(String, Any)` tuples as `Entry`s: the two must be laid out alike.
    @Test func entriesAreLaidOutLikeTheLiteralsTuples() throws {
        typealias Tuple = (String, Any)
        #expect(MemoryLayout<ContextObject.Entry>.size == MemoryLayout<Tuple>.size)
        #expect(MemoryLayout<ContextObject.Entry>.stride == MemoryLayout<Tuple>.stride)
        #expect(MemoryLayout<ContextObject.Entry>.alignment == MemoryLayout<Tuple>.alignment)
        #expect(MemoryLayout<ContextObject.Entry>.offset(of: \.name) == MemoryLayout<Tuple>.offset(of: \.0))
        #expect(MemoryLayout<ContextObject.Entry>.offset(of: \.value) == MemoryLayout<Tuple>.offset(of: \.1))
        // And through the object: every value comes back from a literal of mixed types.
        let object: ContextObject = ["s": "文字", "i": 7, "b": true, "l": ["x"], "o": ["k": 1] as ContextObject]
        #expect(object["s"] as? String == "文字" && object["i"] as? Int == 7 && object["b"] as? Bool == true)
        #expect(object["l"] as? [String] == ["x"] && (object["o"] as? ContextObject)?["k"] as? Int == 1)
        #expect(object.entries.map(\.name) == ["s", "i", "b", "l", "o"])
    }

    @Test func mergingLetsTheOtherWin() {
        let base: ContextObject = ["a": 1, "b": 2]
        let merged = base.merging(["b": 3, "c": 4])
        #expect(merged.entries.map(\.name) == ["a", "b", "c"])
        #expect(merged["b"] as? Int == 3 && base["b"] as? Int == 2)
    }

    /// The same template over the same data as `ContextObject`s and as `[String: Any]` renders the same:
    /// variables, dotted names, lookups down the stack, sections over objects and lists, inverted sections,
    /// list positions and transforms.
    @Test func rendersLikeDictionaries() throws {
        let template = """
            {{title}} {{site.name}}{{#matter}}[{{number}} {{name}} {{site.name}} {{title}}]{{/matter}}
            {{#items}}{{#first()}}<{{/first()}}{{label}}{{^last()}},{{/last()}}{{/items}}>
            {{^missing}}none{{/missing}} {{#flag}}yes{{/flag}} {{uppercased(code)}} {{count(items)}}
            """
        let set = try TemplateSet(parsing: ["main": template])
        let objects: ContextObject = [
            "title": "目录", "site": ["name": "大谷社区"] as ContextObject,
            "matter": ["number": "2.1", "name": "就业 <援助>"] as ContextObject,
            "items": [["label": "a"], ["label": "b"], ["label": "c"]] as [ContextObject],
            "flag": true, "code": "ab",
        ]
        let dictionaries: [String: Any] = [
            "title": "目录", "site": ["name": "大谷社区"],
            "matter": ["number": "2.1", "name": "就业 <援助>"],
            "items": [["label": "a"], ["label": "b"], ["label": "c"]] as [[String: Any]],
            "flag": true, "code": "ab",
        ]
        let fromObjects = String(decoding: try #require(set.render("main", context: objects)), as: UTF8.self)
        let fromDictionaries = String(decoding: try #require(set.render("main", context: dictionaries)), as: UTF8.self)
        #expect(fromObjects == fromDictionaries)
        #expect(fromObjects == "目录 大谷社区[2.1 就业 &lt;援助&gt; 大谷社区 目录]\n<a,b,c>\nnone yes AB 3")
    }
}
