/// The fields of a matter, declared once. The loader reads the keys and requirements from here, `gongkai new
/// matter` writes its scaffold from here, and the optional text fields (the 办事指南 rows, 受理条件 …) are read,
/// shown on the page and in print, and written to catalogue.json without any other Swift file naming them.
/// Adding an optional text field is one entry in `fields`, a row in a template and a label in labels.yaml.
public enum MatterSchema {
    /// Every field in the order a 信息表 lists it, which is also the order of the scaffold and of the keys a
    /// diagnostic offers.
    public static let fields: [MatterField] = [
        .number, .duty, .name, .legalBasis, .conditions, .implementingBody, .boundary, .flow, .situations, .materials,
        .materialsAsPublished, .responsibilities, .contacts,
        .timeLimit, .legalTimeLimit, .promisedTimeLimit, .place, .hours, .fee, .phone, .result,
    ]

    /// The keys a matter's front matter may have (parts such as 办理时限's 法定 are written inside their parent).
    public static let keys = fields.filter { $0.parent == nil }.map(\.key)
    public static let requiredKeys = fields.filter { $0.requirement == .required }.map(\.key)
    /// The fields stored as text in `Matter.texts`, in display order.
    public static let textFields = fields.filter(\.isText)
    /// The fields the index page's search looks in, best hit first: a query found in the name ranks above
    /// one found in the materials, then 法定依据, then 受理条件. A text field shown in one of these fields' row
    /// (运行要件原文 in 运行要件's) is searched as part of it.
    public static let searchFields: [MatterField] = [.name, .materials, .legalBasis, .conditions]

    /// The parts written inside a text field (办理时限: {法定: …, 承诺: …}), by the parent's id.
    public static let parts: [String: [MatterField]] = Dictionary(grouping: fields.filter { $0.parent != nil }) { $0.parent! }

    /// Rows gongkai's Word and Excel exports add to a 信息表 beside a field, so that what the page structures
    /// — each material's details and conditions, each step's actor and time limit — comes back on import.
    public enum DocumentRows {
        public static let materialDetails = "运行要件明细"
        public static let stepDetails = "运行流程明细"
        /// The Markdown below the front matter (办事须知 …), a block a paragraph.
        public static let body = "正文"
        /// Lines of the cover (Word) or above the header (Excel) that carry site.yaml's fields.
        public static let siteFields = ["地址", "办公时间", "实施机构", "版本"]
        public static let siteContacts = "监督方式"
    }
}

/// One field of a matter's front matter.
public struct MatterField: Sendable, Hashable {
    public enum Shape: Sendable, Hashable {
        /// One line or paragraph shown as written.
        case plainText
        /// Markdown, shown as HTML.
        case markdown
        /// A structure with a reader of its own in the loader (法定依据, 运行流程, 运行要件 …).
        case structured
    }

    public enum Requirement: Sendable, Hashable {
        case required
        case optional
        /// Optional in a matter: when left out, the value of site.yaml applies.
        case siteDefault
    }

    /// Where a text field shows. The templates place `.infoTable` fields by name; `.guide` fields are the rows
    /// of the 办事指南 list, in `fields` order. catalogue.json has `.guide` fields inside `guide`.
    public enum Section: Sendable, Hashable {
        case infoTable
        case guide
    }

    /// The English name: the key in catalogue.json and in the templates, and `field<Id>` in labels.yaml.
    public let id: String
    /// The key as a 信息表 labels it and the front matter writes it.
    public let key: String
    public let shape: Shape
    public let requirement: Requirement
    public let section: Section
    /// The id of the text field this one is written inside (办理时限's 法定 and 承诺).
    public let parent: String?
    /// A telephone number, which the page links with tel:.
    public let isPhone: Bool
    /// The id of the field whose 信息表 row shows this one (运行要件原文 shows in the 运行要件 row).
    public let shownInRowOf: String?
    /// The row's label in a 信息表 document when it is not the key (办理时限's part 法定 is 「法定办理时限」).
    public let documentLabel: String?
    /// The lines `gongkai new matter` writes for the field: `{p}` is the 【待填写】 marker, `{number}`, `{name}`,
    /// `{duty}` and `{duties}` the scaffold's own values.
    public let scaffold: String

    init(
        id: String, key: String, shape: Shape, requirement: Requirement, section: Section = .infoTable,
        parent: String? = nil, isPhone: Bool = false, shownInRowOf: String? = nil, documentLabel: String? = nil,
        scaffold: String
    ) {
        self.id = id
        self.key = key
        self.shape = shape
        self.requirement = requirement
        self.section = section
        self.parent = parent
        self.isPhone = isPhone
        self.shownInRowOf = shownInRowOf
        self.documentLabel = documentLabel
        self.scaffold = scaffold
    }

    /// Stored in `Matter.texts`, read, shown and exported without code of its own.
    public var isText: Bool { shape != .structured }

    /// The label's name in labels.yaml: `fieldTimeLimit` for `timeLimit`.
    public var labelName: String { "field" + id.prefix(1).uppercased() + id.dropFirst() }

    /// The name the templates use for the value: Markdown arrives as HTML under `<id>Html`.
    public var templateName: String { shape == .markdown ? id + "Html" : id }

    public static func == (lhs: MatterField, rhs: MatterField) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension MatterField {
    public static let number = MatterField(id: "number", key: "序号", shape: .structured, requirement: .required, scaffold: """
        序号: "{number}"
        """)
    public static let duty = MatterField(id: "duty", key: "主要职责", shape: .structured, requirement: .required, scaffold: """
        # 属于哪个主要职责（写它的序号）：
        {duties}
        主要职责: "{duty}"
        """)
    public static let name = MatterField(id: "name", key: "名称", shape: .structured, requirement: .required, scaffold: """
        名称: {name}

        """)
    public static let legalBasis = MatterField(
        id: "legalBasis", key: "法定依据", shape: .structured, requirement: .required, scaffold: """
        # 法定依据：每条写 依据（法规名称和条款）和 内容（条文，可分段）。
        法定依据:
          - 依据: "{p}《法规名称》第几条"
            内容: "{p}条文内容"

        """)
    public static let conditions = MatterField(
        id: "conditions", key: "受理条件", shape: .markdown, requirement: .optional, scaffold: """
        # 受理条件（可选）：哪些人可以申请，可分段、分条（Markdown）：
        # 受理条件: |-
        #   1. 本街道户籍居民；
        #   2. 处于失业状态。

        """)
    public static let implementingBody = MatterField(
        id: "implementingBody", key: "实施机构", shape: .structured, requirement: .siteDefault, scaffold: """
        # 实施机构：不写则用 site.yaml 的 实施机构。
        # 实施机构: 

        """)
    public static let boundary = MatterField(
        id: "boundary", key: "职责边界", shape: .structured, requirement: .required, scaffold: """
        # 职责边界：一句话（如 乡镇权限），或按顺序列出各级：[社区初审, 街镇复审, 区人社局审批]
        职责边界: "{p}如 乡镇权限"

        """)
    public static let flow = MatterField(id: "flow", key: "运行流程", shape: .structured, requirement: .required, scaffold: """
        # 运行流程：用“—”连接各步，如 （受理）—审核—决定—下达；
        # 或逐步写出 办理（谁办）和 时限（如 2个工作日、3个自然日）：
        #   - 步骤: 社区初审
        #     办理: 社区
        #     时限: 2个工作日
        运行流程: "{p}如 （受理）—审核—决定—下达"

        """)
    public static let situations = MatterField(
        id: "situations", key: "情形", shape: .structured, requirement: .optional, scaffold: """
        # 情形：申请人需要回答的问题，决定要交哪些材料。没有可删去。
        # 情形:
        #   - 键: 户籍
        #     问题: 您属于以下哪类居民？
        #     选项: [本市户籍居民, 外省市户籍居民]

        """)
    public static let materials = MatterField(
        id: "materials", key: "运行要件", shape: .structured, requirement: .required, scaffold: """
        # 运行要件：所需材料，每项一行。可以只写名称，也可以写明细：
        #   - 名称: 居住证
        #     形式: 原件及复印件     # 原件、复印件 或 原件及复印件
        #     份数: 1
        #     来源: 公安机关
        #     条件: {户籍: 外省市户籍居民}   # 只在这种情形下需要
        运行要件:
          - "{p}材料名称，如 身份证"

        """)
    /// 运行要件 as the 信息表 publishes it, word for word: shown in the 信息表 (page and print) in place of the
    /// list of materials, which still drives the self-checker. `gongkai import` keeps every document's here.
    public static let materialsAsPublished = MatterField(
        id: "materialsAsPublished", key: "运行要件原文", shape: .plainText, requirement: .optional,
        shownInRowOf: "materials", scaffold: """
        # 运行要件原文（可选）：信息表上公布的 运行要件 原文，照录。写了就在信息表里显示原文，
        # 上面拆开写的 运行要件 仍用于材料自查。
        # 运行要件原文: |-
        #   户口本、身份证、外省市户籍成年居民需提供居住证。

        """)
    public static let responsibilities = MatterField(
        id: "responsibilities", key: "责任事项", shape: .structured, requirement: .required, scaffold: """
        # 责任事项：办事机构的职责，每项一行。
        责任事项:
          - "{p}如 受理申请，并接受其报送的相关材料；"

        """)
    public static let contacts = MatterField(
        id: "contacts", key: "监督方式", shape: .structured, requirement: .siteDefault, scaffold: """
        # 监督方式：不写则用 site.yaml 的 监督方式。有不同的电话或地址时写：
        # 监督方式:
        #   监督电话: "022-12345"
        #   来信来访地址: …

        """)

    // 办事指南: optional rows below the 信息表.
    public static let timeLimit = MatterField(
        id: "timeLimit", key: "办理时限", shape: .plainText, requirement: .optional, section: .guide, scaffold: """
        # 办事指南（可选，不需要的删去）：
        # 办理时限: {法定: 20个工作日, 承诺: 10个工作日}
        """)
    public static let legalTimeLimit = MatterField(
        id: "legalTimeLimit", key: "法定", shape: .plainText, requirement: .optional, section: .guide,
        parent: "timeLimit", documentLabel: "法定办理时限", scaffold: "")
    public static let promisedTimeLimit = MatterField(
        id: "promisedTimeLimit", key: "承诺", shape: .plainText, requirement: .optional, section: .guide,
        parent: "timeLimit", documentLabel: "承诺办理时限", scaffold: "")
    public static let place = MatterField(
        id: "place", key: "办理地点", shape: .plainText, requirement: .optional, section: .guide, scaffold: "# 办理地点: ")
    public static let hours = MatterField(
        id: "hours", key: "办理时间", shape: .plainText, requirement: .optional, section: .guide, scaffold: "# 办理时间: ")
    public static let fee = MatterField(
        id: "fee", key: "收费", shape: .plainText, requirement: .optional, section: .guide, scaffold: "# 收费: 不收费")
    public static let phone = MatterField(
        id: "phone", key: "咨询电话", shape: .plainText, requirement: .optional, section: .guide, isPhone: true,
        scaffold: "# 咨询电话: ")
    public static let result = MatterField(
        id: "result", key: "办理结果", shape: .plainText, requirement: .optional, section: .guide, scaffold: "# 办理结果: ")
}
