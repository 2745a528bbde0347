import HuitongCore

extension HistoryLine {
    /// The line's JSON (without its line feed).
    var jsonValue: Value {
        switch self {
        case let .started(run):
            return [
                "history": "started", "id": .string(run.id), "job": .string(run.job), "test": .bool(run.test),
                "started": Self.time(run.started), "pid": .integer(Int64(run.pid)),
            ]
        case let .finished(run):
            let finish = run.finish!
            return [
                "history": "finished", "id": .string(run.id), "job": .string(run.job), "test": .bool(run.test),
                "pid": .integer(Int64(run.pid)), "run": finish.run.map(Value.string) ?? .null, "resumed": .bool(finish.resumed),
                "started": Self.time(run.started), "finished": Self.time(finish.finished),
                "milliseconds": .integer(finish.milliseconds), "outcome": .string(finish.outcome.rawValue),
                "read": Self.count(finish.read), "normalised": Self.count(finish.normalised), "setAside": Self.count(finish.setAside),
                "stoppedBy": finish.stoppedBy.map(Value.string) ?? .null, "error": finish.error.map(Value.string) ?? .null,
                "targets": .array(finish.targets.map { target in
                    var object = Self.counts(target)
                    object["openBatches"] = Self.count(target.openBatches)
                    object["ledgerEntry"] = target.ledgerEntry.map(Value.string) ?? .null
                    return .object(object)
                }),
            ]
        case let .carried(carried):
            let totals = carried.totals
            return [
                "history": "carried", "job": .string(carried.job), "test": .bool(carried.test), "through": Self.time(carried.through),
                "runs": .object(OrderedObject(uniqueKeysWithValues: RunOutcome.recorded.compactMap { outcome in
                    totals.runs[outcome].map { (outcome.rawValue, Self.count($0)) }
                })),
                "read": Self.count(totals.read), "normalised": Self.count(totals.normalised), "setAside": Self.count(totals.setAside),
                "lastSuccess": totals.lastSuccess.map(Self.time) ?? .null,
                "targets": .array(totals.targets.map { target in
                    var object = Self.counts(target.counts)
                    object["lastSuccess"] = target.lastSuccess.map(Self.time) ?? .null
                    return .object(object)
                }),
            ]
        }
    }

    /// The line's bytes with its line feed, as it is appended.
    func encoded() throws(HubError) -> [UInt8] {
        do {
            return try JSONWriter().bytes(for: jsonValue) + [UInt8(ascii: "\n")]
        } catch {
            throw HubError(.corruptState, "cannot encode a run history line: \(error)")
        }
    }

    /// A target's record counts and batch wall times, shared by finished and carried lines.
    private static func counts(_ counts: TargetRunCounts) -> OrderedObject {
        var object: OrderedObject = ["target": .string(counts.target), "platform": .string(counts.platform), "dataset": .string(counts.dataset)]
        for (name, value) in counts.namedCounts { object[name] = count(value) }
        object["waitedSeconds"] = .double(counts.waitedSeconds)
        object["batchSeconds"] = [
            "le": .array(counts.batchSeconds.bounds.map(Value.double)),
            "counts": .array(counts.batchSeconds.counts.map(count)),
            "sum": .double(counts.batchSeconds.sum),
        ]
        return object
    }

    private static func count(_ number: Int) -> Value { .integer(Int64(number)) }

    /// The one way the history writes an instant.
    static func time(_ instant: Timestamp) -> Value { .string(instant.formatted(.rfc3339Milliseconds, in: .beijing)) }
}

extension TargetRunCounts {
    /// The whole-number counts with their line names, in the order the line holds them.
    var namedCounts: [(String, Int)] {
        [
            ("setAside", setAside), ("upserts", upserts), ("deletes", deletes), ("accepted", accepted), ("rejected", rejected),
            ("notSent", notSent), ("unconfirmed", unconfirmed), ("retries", retries),
        ]
    }
}
