import HuitongCore

extension HistoryRun {
    /// The run for `huitong history --json` and `huitong status --json`: its history line
    /// (the finished one, or the started one when it has none), with the outcome as read now
    /// and each target's `sent`.
    package func reportJSON(outcome: RunOutcome) -> Value {
        let line: HistoryLine = finish == nil ? .started(self) : .finished(self)
        guard case var .object(object) = line.jsonValue else { return line.jsonValue }
        object["history"] = nil
        object["outcome"] = .string(outcome.rawValue)
        if let finish, case let .array(targets)? = object["targets"] {
            object["targets"] = .array(zip(targets, finish.targets).map { json, counts in
                guard case var .object(target) = json else { return json }
                target["sent"] = .integer(Int64(counts.sent))
                return .object(target)
            })
        }
        return .object(object)
    }
}
