import Foundation
import GongkaiSite

/// Wall time of each build stage, for `gongkai build --timings`. Render and write run together (see
/// `RenderAndWrite`), so their wall time is shared out between them.
public struct BuildTimings: Sendable {
    public enum Stage: CaseIterable, Sendable {
        case load, validate, markdown, render, write

        /// The name `--timings` prints.
        public var label: String {
            switch self {
            case .load: "读取"
            case .validate: "校验"
            case .markdown: "Markdown"
            case .render: "渲染"
            case .write: "写入"
            }
        }
    }

    public private(set) var seconds: [Stage: Double] = [:]

    public var total: Double { seconds.values.reduce(0, +) }

    mutating func add(_ stage: Stage, seconds: Double) {
        self.seconds[stage, default: 0] += seconds
    }

    mutating func measure<T, E: Error>(_ stage: Stage, _ work: () throws(E) -> T) throws(E) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { seconds[stage, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try work()
    }
}
