/// A 情形 question about the applicant, whose answer decides which materials are needed.
public struct Situation: Sendable, Equatable {
    /// Short name used by 条件, e.g. 认定类别.
    public var key: String
    public var question: String
    public var options: [String]
    public var note: String?

    public init(key: String, question: String, options: [String], note: String? = nil) {
        self.key = key
        self.question = question
        self.options = options
        self.note = note
    }
}

/// One entry of 运行要件.
public struct Material: Sendable, Equatable {
    public var name: String
    /// 原件, 复印件 or 原件及复印件.
    public var form: String?
    public var copies: Int?
    /// Who issues it.
    public var source: String?
    public var blankForm: String?
    public var sampleForm: String?
    /// When it is needed; always when empty.
    public var condition: Condition
    public var note: String?

    public init(
        name: String, form: String? = nil, copies: Int? = nil, source: String? = nil, blankForm: String? = nil,
        sampleForm: String? = nil, condition: Condition = Condition(), note: String? = nil
    ) {
        self.name = name
        self.form = form
        self.copies = copies
        self.source = source
        self.blankForm = blankForm
        self.sampleForm = sampleForm
        self.condition = condition
        self.note = note
    }

    public static let forms = ["原件", "复印件", "原件及复印件"]
}

/// When a material is needed: every clause must hold (and); a clause holds when the answer to its
/// question is any of its options (or).
public struct Condition: Sendable, Equatable {
    public var clauses: [Clause]

    public init(clauses: [Clause] = []) {
        self.clauses = clauses
    }

    public var isAlways: Bool { clauses.isEmpty }

    public struct Clause: Sendable, Equatable {
        public var questionKey: String
        public var options: [String]

        public init(questionKey: String, options: [String]) {
            self.questionKey = questionKey
            self.options = options
        }
    }
}
