import HuitongCore

extension HistoryLine {
    /// Decodes one line, refusing anything the format does not define.
    init(decoding value: Value) throws(FormatProblem) {
        var fields = try FormatFields(value, path: "", format: Self.format)
        let kind = try fields.string("history")
        switch kind {
        case "started":
            self = .started(try Self.run(&fields))
        case "finished":
            var run = try Self.run(&fields)
            run.finish = try Self.finish(&fields)
            self = .finished(run)
        case "carried":
            self = .carried(try Self.carried(&fields))
        default:
            throw FormatProblem(path: "history", message: "is \"\(kind)\", not started, finished or carried")
        }
        try fields.finish()
    }

    private static func run(_ fields: inout FormatFields) throws(FormatProblem) -> HistoryRun {
        HistoryRun(
            id: try fields.string("id"), job: try fields.string("job"), test: try fields.bool("test"),
            started: try fields.timestamp("started"), pid: try fields.count("pid"), finish: nil
        )
    }

    private static func finish(_ fields: inout FormatFields) throws(FormatProblem) -> RunFinish {
        let run = try fields.optionalString("run")
        let resumed = try fields.bool("resumed")
        let finished = try fields.timestamp("finished")
        let milliseconds = Int64(try fields.count("milliseconds"))
        let text = try fields.string("outcome")
        guard let outcome = RunOutcome(rawValue: text), RunOutcome.recorded.contains(outcome) else {
            throw FormatProblem(path: "outcome", message: "is \"\(text)\", not one of \(RunOutcome.recorded.map(\.rawValue).joined(separator: ", "))")
        }
        var finish = RunFinish(
            run: run, resumed: resumed, finished: finished, milliseconds: milliseconds, outcome: outcome,
            read: try fields.count("read"), normalised: try fields.count("normalised"), setAside: try fields.count("setAside"),
            stoppedBy: try fields.optionalString("stoppedBy"), error: try fields.optionalString("error"), targets: []
        )
        for (index, element) in try fields.array("targets").enumerated() {
            var target = try FormatFields(element, path: "targets[\(index)]", format: format)
            var counts = try Self.counts(&target)
            counts.openBatches = try target.count("openBatches")
            counts.ledgerEntry = try target.optionalString("ledgerEntry")
            try target.finish()
            finish.targets.append(counts)
        }
        return finish
    }

    private static func carried(_ fields: inout FormatFields) throws(FormatProblem) -> CarriedTotals {
        let job = try fields.string("job")
        let test = try fields.bool("test")
        let through = try fields.timestamp("through")
        var totals = HistoryTotals()
        var runFields = try fields.fields("runs")
        for outcome in RunOutcome.recorded where runFields.has(outcome.rawValue) {
            totals.runs[outcome] = try runFields.count(outcome.rawValue)
        }
        try runFields.finish()
        totals.read = try fields.count("read")
        totals.normalised = try fields.count("normalised")
        totals.setAside = try fields.count("setAside")
        totals.lastSuccess = try optionalTimestamp(&fields, "lastSuccess")
        for (index, element) in try fields.array("targets").enumerated() {
            var target = try FormatFields(element, path: "targets[\(index)]", format: format)
            let counts = try Self.counts(&target)
            totals.targets.append(TargetTotals(counts, lastSuccess: try optionalTimestamp(&target, "lastSuccess")))
            try target.finish()
        }
        return CarriedTotals(job: job, test: test, through: through, totals: totals)
    }

    /// A target's record counts and batch wall times, shared by finished and carried lines.
    private static func counts(_ fields: inout FormatFields) throws(FormatProblem) -> TargetRunCounts {
        var counts = TargetRunCounts(target: try fields.string("target"), platform: try fields.string("platform"), dataset: try fields.string("dataset"))
        counts.setAside = try fields.count("setAside")
        counts.upserts = try fields.count("upserts")
        counts.deletes = try fields.count("deletes")
        counts.accepted = try fields.count("accepted")
        counts.rejected = try fields.count("rejected")
        counts.notSent = try fields.count("notSent")
        counts.unconfirmed = try fields.count("unconfirmed")
        counts.retries = try fields.count("retries")
        counts.waitedSeconds = try fields.number("waitedSeconds")
        var histogram = try fields.fields("batchSeconds")
        var bounds: [Double] = []
        for element in try histogram.array("le") {
            guard let bound = element.doubleValue else { throw FormatProblem(path: "batchSeconds.le", message: "must hold numbers") }
            bounds.append(bound)
        }
        var bucketCounts: [Int] = []
        for element in try histogram.array("counts") {
            guard let count = element.integerValue, count >= 0, count <= Int64(Int.max) else {
                throw FormatProblem(path: "batchSeconds.counts", message: "must hold whole numbers of at least 0")
            }
            bucketCounts.append(Int(count))
        }
        guard let batchSeconds = HistogramCounts(bounds: bounds, counts: bucketCounts, sum: try histogram.number("sum")) else {
            throw FormatProblem(path: "batchSeconds", message: "needs increasing bounds, one count more than bounds, and a finite sum")
        }
        try histogram.finish()
        counts.batchSeconds = batchSeconds
        return counts
    }

    private static func optionalTimestamp(_ fields: inout FormatFields, _ key: String) throws(FormatProblem) -> Timestamp? {
        if case .null = try fields.value(key) { return nil }
        return try fields.timestamp(key)
    }
}
