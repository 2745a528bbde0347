import HuitongAdapters
import HuitongCore
import HuitongMapping

/// Prints the first `limit` outcomes of a preview in input order, as their fates become final.
///
/// Without de-duplication every outcome is final when its record is mapped, so each line is
/// written at once. With it, a mapped record's fate waits for the stage's `finish`, which
/// hands the winners and losers out in key order; so the lines shown wait in an external sort
/// by input position, which keeps memory bounded whatever `--limit` is. Records past the limit
/// are only counted (by the stage): they are given no reference and printed nowhere.
final class PreviewPrinter {
    enum Format { case table, jsonLines }

    let format: Format
    private let limit: Int
    private let console: Console
    private let inputOrder: ExternalSorter?
    private var positions = 0
    /// Lines not yet written: the console writes unbuffered, one system call per write.
    private var pending = ""
    private var pendingBytes = 0

    /// - Parameter directory: where the external sort that restores input order keeps its
    ///   scratch files; nil when outcomes arrive in input order already.
    init(format: Format, limit: Int, console: Console, inputOrderFromScratch directory: String?) {
        self.format = format
        self.limit = limit
        self.console = console
        inputOrder = directory.map { ExternalSorter(directory: $0) }
    }

    /// The reference to give the stage with the next record: its position and origin while
    /// the record is one shown, nothing after.
    func reference(for origin: RecordOrigin) -> Value {
        defer { positions += 1 }
        guard positions < limit else { return .null }
        return .array([.integer(Int64(positions)), .string(origin.description)])
    }

    /// Takes one final outcome from the stage (as its `emit`).
    func show(_ outcome: MappingStageOutcome) throws {
        guard case let .array(parts) = outcome.origin, parts.count == 2,
              let position = parts[0].integerValue, let origin = parts[1].stringValue else { return }
        let entry = PreviewEntry(outcome, origin: origin)
        let line = format == .table ? entry.tableLine : try entry.jsonLine()
        guard let inputOrder else { return write(line) }
        // Fixed-width decimal: UTF-8 order is then number order.
        let digits = String(position)
        try inputOrder.add(key: String(repeating: "0", count: max(0, 19 - digits.utf8.count)) + digits, value: .string(line))
    }

    /// Writes what is still held, in input order.
    func finish() throws {
        try inputOrder?.forEachSorted { _, line in write(line.stringValue ?? "") }
        flush()
    }

    private func write(_ line: String) {
        pending += line
        pending += "\n"
        pendingBytes += line.utf8.count + 1
        if pendingBytes >= 1 << 16 { flush() }
    }

    private func flush() {
        guard !pending.isEmpty else { return }
        console.writeOutput(pending)
        pending = ""
        pendingBytes = 0
    }
}

/// One input record's fate in a preview.
struct PreviewEntry {
    enum Fate: String { case mapped, setAside = "set_aside", skipped }

    var origin: String
    var fate: Fate
    var record: OrderedObject?
    var reasons: [MappingIssue]
    var warnings: [MappingIssue]
    var skipReason: String?

    init(_ outcome: MappingStageOutcome, origin: String) {
        self.origin = origin
        record = nil
        reasons = []
        skipReason = nil
        warnings = outcome.warnings
        switch outcome {
        case let .mapped(output, _, _):
            fate = .mapped
            record = output
        case let .setAside(_, _, setAsideReasons, _):
            fate = .setAside
            reasons = setAsideReasons
        case let .skipped(_, _, reason, _):
            fate = .skipped
            skipReason = reason
        }
    }

    var tableLine: String {
        switch fate {
        case .mapped:
            let json = record.map { (try? JSONWriter().string(for: .object($0))) ?? "" } ?? ""
            let notes = warnings.map { "\n      warning: \($0)" }.joined()
            return "\(origin)  ok        \(json)\(notes)"
        case .setAside:
            return "\(origin)  SET ASIDE " + reasons.map(\.description).joined(separator: "\n                     ")
                + warnings.map { "\n      warning: \($0)" }.joined()
        case .skipped:
            return "\(origin)  skipped   \(skipReason ?? "")"
        }
    }

    func jsonLine() throws -> String {
        func issues(_ list: [MappingIssue]) -> Value {
            .array(list.map { issue in
                .object(OrderedObject(uniqueKeysWithValues: [
                    ("field", .string(issue.field)), ("value", issue.value.map(Value.string) ?? .null),
                    ("rule", .string(issue.rule)), ("message", .string(issue.message)),
                ]))
            })
        }
        var object = OrderedObject()
        object["origin"] = .string(origin)
        object["outcome"] = .string(fate.rawValue)
        if let record { object["record"] = .object(record) }
        if !reasons.isEmpty { object["reasons"] = issues(reasons) }
        if !warnings.isEmpty { object["warnings"] = issues(warnings) }
        if let skipReason { object["reason"] = .string(skipReason) }
        return try JSONWriter().string(for: .object(object))
    }
}

