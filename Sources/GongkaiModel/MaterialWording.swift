// How a material is worded wherever it is listed: on its matter's page, in print, on the poster, in the
// checker and in catalogue.json. Here, below every stage that words one, so that none reaches into another.

/// A condition said in words, the way the page and the printed catalogue show it:
/// `认定类别为「零就业家庭人员」或「单亲家庭人员」，且婚姻状况为「离婚」时需要`.
public enum ConditionWording {
    /// Nil for a material everyone needs.
    public static func text(_ condition: Condition) -> String? {
        guard !condition.isAlways else { return nil }
        // Appended into one String: every page that lists a material words its condition (the page, the
        // poster, the printed sheet, the checker, catalogue.json), and joining arrays of small Strings
        // was 2% of a build.
        var text = ""
        text.reserveCapacity(64)
        for (index, clause) in condition.clauses.enumerated() {
            if index > 0 { text += "，且" }
            text += clause.questionKey
            text += "为"
            for (position, option) in clause.options.enumerated() {
                if position > 0 { text += "或" }
                text += "「"
                text += option
                text += "」"
            }
        }
        text += "时需要"
        return text
    }
}

/// 原件/复印件, 份数 and 来源 of a material in one phrase; nil when none is given.
package enum MaterialDetails {
    package static func text(_ material: Material) -> String? {
        guard material.form != nil || material.copies != nil || material.source != nil else { return nil }
        // Appended into one String, as `ConditionWording` is: it is worded for every page that lists a material.
        var text = ""
        text.reserveCapacity(48)
        var separator = ""
        if let form = material.form {
            text += form
            separator = "；"
        }
        if let copies = material.copies {
            text += separator
            text += String(copies)
            text += "份"
            separator = "；"
        }
        if let source = material.source {
            text += separator
            text += "来源："
            text += source
        }
        return text
    }
}
