/// "Did you mean …?" for a mistyped key or option: the nearest candidate by edit distance over
/// characters (so it works for Chinese labels), or the whole list when nothing is near.
package enum Suggestion {
    package static func hint(for word: String, among candidates: [String]) -> String {
        if let nearest = nearest(to: word, among: candidates) {
            return "是否想写「\(nearest)」？可写的有：\(candidates.joined(separator: "、"))"
        }
        return "可写的有：\(candidates.joined(separator: "、"))"
    }

    package static func nearest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(Array(word), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let tolerance = max(1, min(word.count, best.0.count) / 2)
        return best.1 <= tolerance ? best.0 : nil
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
}
