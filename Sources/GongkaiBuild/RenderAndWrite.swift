import Foundation
import GongkaiSite
import GongkaiUtils

/// The render and write stages, run together: each core takes the next file, makes it, writes it and
/// lets it go, so memory holds one page per core however large the site. Files of the whole site (the
/// print catalogue, catalogue.json …), which grow with the number of matters, are taken first, so the
/// longest jobs never start last while the other cores sit idle.
struct RenderAndWrite {
    let planned: [SiteRenderer.PlannedFile]
    let targets: [String]
    let progress: ((Int, Int) -> Void)?

    private struct Outcome {
        var failure: POSIXErrorCode?
        var renderNanoseconds: UInt64
        var writeNanoseconds: UInt64
    }

    func run(timings: inout BuildTimings) throws(WriteError) {
        let order = planned.indices.filter { planned[$0].matter == nil } + planned.indices.filter { planned[$0].matter != nil }
        let counter = ProgressCounter(total: planned.count, report: progress)
        let start = DispatchTime.now().uptimeNanoseconds
        let outcomes = Parallel.map(order.count) { position in
            let index = order[position]
            let began = DispatchTime.now().uptimeNanoseconds
            let file = planned[index].make()
            let made = DispatchTime.now().uptimeNanoseconds
            let failure = OutputWriter.Staging.write(file, to: targets[index])
            let written = DispatchTime.now().uptimeNanoseconds
            counter.step()
            return Outcome(failure: failure, renderNanoseconds: made - began, writeNanoseconds: written - made)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if let position = outcomes.firstIndex(where: { $0.failure != nil }) {
            throw .io(targets[order[position]], POSIXError(outcomes[position].failure!))
        }
        // The two stages overlap on all cores; their wall time is shared out in proportion to the time
        // spent in each.
        let render = Double(outcomes.reduce(0) { $0 + $1.renderNanoseconds })
        let write = Double(outcomes.reduce(0) { $0 + $1.writeNanoseconds })
        let renderShare = render + write > 0 ? render / (render + write) : 1
        timings.add(.render, seconds: elapsed * renderShare)
        timings.add(.write, seconds: elapsed * (1 - renderShare))
    }
}

/// Counts finished files across threads and reports every so often.
// @unchecked Sendable: the count is guarded by its lock.
private final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    let total: Int
    let report: ((Int, Int) -> Void)?

    init(total: Int, report: ((Int, Int) -> Void)?) {
        self.total = total
        self.report = report
    }

    func step() {
        guard let report else { return }
        lock.lock()
        defer { lock.unlock() }
        done += 1
        if done % 256 == 0 || done == total { report(done, total) }
    }
}
