import Foundation
import HuitongCore
import HuitongLedger

extension LedgerCommand {
    /// `huitong ledger history JOB/TARGET KEY`: one record across the exchanges.
    func history(_ reference: String, key: String, directory: String, test: Bool, json: Bool, console: Console) throws -> ExitStatus {
        let parts = reference.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw usage("'huitong ledger history' takes JOB/TARGET (such as shelters/province-rfgc), not \"\(reference)\"", hint: "")
        }
        let history = try RecordHistory.read(key: key, job: parts[0], target: parts[1], test: test, in: LedgerReader(directory: directory))
        if json {
            let object: Value = [
                "job": .string(history.job), "target": .string(history.target), "key": .string(key), "test": .bool(test),
                "exchanges": .integer(Int64(history.exchanges)), "reconciliations": .integer(Int64(history.reconciliations)), "events": .array(history.steps.map(Self.historyJSON)),
            ]
            console.line(try JSONWriter().string(for: object))
            return history.exchanges == 0 ? .invalidInput : .success
        }
        guard history.exchanges > 0 else {
            console.diagnostic("huitong ledger: no exchange of \(reference)\(test ? " (joint test)" : "") in \(directory); 'huitong ledger list' shows the jobs and targets")
            return .invalidInput
        }
        console.line("\(key) in \(reference)\(test ? " (joint test)" : ""): \(history.steps.count) event(s) in \(history.exchanges) exchange(s)"
            + (history.reconciliations > 0 ? " and \(history.reconciliations) reconciliation(s)" : ""))
        if history.steps.isEmpty { console.line("never held by the platform, never refused") }
        for step in history.steps {
            let when = "\(step.entry.prefix { $0 != "-" })  \(step.finished.formatted(.dateTime))"
            switch step.event {
            case let .sent(record):
                console.line("\(when)  sent: \(try JSONWriter().string(for: record))")
            case let .changed(changes):
                console.line("\(when)  changed \(changes.map(\.path).joined(separator: ", "))")
                for change in changes { console.line("    \(change.path): \(Self.shown(change.old)) → \(Self.shown(change.new))") }
            case .deleted:
                console.line("\(when)  deleted: the platform no longer holds it")
            case let .refused(stage, reasons, location):
                console.line("\(when)  \(stage == "rejected" ? "rejected by the platform" : "set aside")\(location.map { " (\($0))" } ?? ""): \(reasons.joined(separator: "; "))")
            case let .reconciled(kind, changes):
                switch kind {
                case .removed: console.line("\(when)  reconciled: the platform had lost it")
                case .added: console.line("\(when)  reconciled: the platform holds it, though Huitong's last exchange did not leave it there")
                case .changed:
                    console.line("\(when)  reconciled: the platform holds another version (\(changes.map(\.path).joined(separator: ", ")))")
                    for change in changes { console.line("    \(change.path): ledger \(Self.shown(change.old)), platform \(Self.shown(change.new))") }
                }
            }
        }
        return .success
    }

    static func shown(_ value: Value?) -> String {
        value.map { (try? JSONWriter().string(for: $0)) ?? "" } ?? "(absent)"
    }

    static func historyJSON(_ step: RecordHistory.Step) -> Value {
        var object: OrderedObject = [
            "sequence": .integer(Int64(step.sequence)), "entry": .string(step.entry), "runId": .string(step.runId),
            "finished": .string(step.finished.formatted(.rfc3339)),
        ]
        switch step.event {
        case let .sent(record):
            object["event"] = "sent"
            object["record"] = record
        case let .changed(changes):
            object["event"] = "changed"
            object["changes"] = .array(changes.map { ["field": .string($0.path), "old": $0.old ?? .null, "new": $0.new ?? .null] })
        case let .deleted(last):
            object["event"] = "deleted"
            object["last"] = last
        case let .refused(stage, reasons, location):
            object["event"] = .string(stage)
            object["reasons"] = .array(reasons.map { .string($0) })
            object["location"] = location.map { .string($0) } ?? .null
        case let .reconciled(kind, changes):
            object["event"] = "reconciled"
            object["found"] = .string(kind.rawValue)
            if kind == .changed {
                object["changes"] = .array(changes.map { ["field": .string($0.path), "ledger": $0.old ?? .null, "platform": $0.new ?? .null] })
            }
        }
        return .object(object)
    }
}

extension LedgerCommand {
    /// `huitong ledger export RANGE --to DIR`.
    func export(_ range: String, to target: String, directory: String, json: Bool, console: Console) throws -> ExitStatus {
        let manager = FileManager.default
        if manager.fileExists(atPath: target), !((try? manager.contentsOfDirectory(atPath: target)) ?? []).isEmpty {
            throw usage("--to \(target) exists and is not empty: export into a new directory", hint: "")
        }
        // A package inside the ledger would be a directory the ledger's format does not have.
        let ledgerPath = URL(fileURLWithPath: directory).standardizedFileURL.path
        let targetPath = URL(fileURLWithPath: target).standardizedFileURL.path
        if targetPath == ledgerPath || targetPath.hasPrefix(ledgerPath + "/") {
            throw usage("--to \(target) is inside the ledger \(directory): export somewhere else", hint: "")
        }
        let reader = LedgerReader(directory: directory)
        let parts = range.components(separatedBy: "..")
        guard parts.count <= 2, !parts.contains(where: \.isEmpty) else {
            throw usage("RANGE is ENTRY or FIRST..LAST (such as 3..12), not \"\(range)\"", hint: "")
        }
        let first = try reader.entry(reference: parts[0]).sequence
        let last = parts.count == 2 ? try reader.entry(reference: parts[1]).sequence : first
        guard first <= last else { throw usage("RANGE \(range) runs backwards: entry \(first) comes after entry \(last)", hint: "") }
        let written = try EvidencePackage.export(ledger: directory, first: first, last: last, to: target)
        if json {
            let object: Value = [
                "directory": .string(written.directory), "first": .integer(Int64(first)), "last": .integer(Int64(last)),
                "manifests": .integer(Int64(written.manifests)), "dataFiles": .integer(Int64(written.dataFiles)),
                "bytes": .integer(Int64(written.bytes)), "head": .string(written.head.hex),
            ]
            console.line(try JSONWriter().string(for: object))
        } else {
            console.line("exported entries \(first) to \(last) to \(target): \(written.manifests) manifests, \(written.dataFiles) data files, \(written.bytes) bytes")
            console.line("head: entry \(last), manifest SHA-256 \(written.head.hex)")
            console.line("check it: cd \(target) && sha256sum -c SHA256SUMS && python3 verify.py")
        }
        return .success
    }
}
