import HuitongCore
import HuitongLedger

extension LedgerCommand {
    /// Exit 0 when the ledger is intact, 1 when problems were found (each printed).
    func verify(directory: String, recordedHead: Digest?, json: Bool, console: Console) throws -> ExitStatus {
        let verification = try LedgerVerifier(directory: directory).verify(recordedHead: recordedHead)
        if json {
            console.line(try JSONWriter().string(for: Self.json(verification)))
        } else {
            Self.print(verification, console: console)
        }
        return verification.isIntact ? .success : .finishedWithFindings
    }

    static func print(_ verification: LedgerVerification, console: Console) {
        for problem in verification.problems { console.line(problem.description) }
        if !verification.problems.isEmpty { console.line() }
        let entries = verification.entryCount == 1 ? "1 entry" : "\(verification.entryCount) entries"
        let problems = verification.problems.count == 1 ? "1 problem" : "\(verification.problems.count) problems"
        console.line("ledger \(verification.directory): \(entries), \(verification.isIntact ? "intact" : "\(problems), NOT intact")")
        if let head = verification.head {
            console.line("head: entry \(head.sequence) (\(head.entryId)), manifest SHA-256 \(head.manifestSHA256.hex)")
        }
        if !verification.ignoredPartialEntries.isEmpty {
            let count = verification.ignoredPartialEntries.count
            console.line("ignored \(count) unfinished \(count == 1 ? "entry" : "entries") (\(verification.ignoredPartialEntries.joined(separator: ", "))): being written now, or left by a crash and removed by the next writer")
        }
    }

    static func json(_ verification: LedgerVerification) -> Value {
        var object = OrderedObject()
        object["ledger"] = .string(verification.directory)
        object["intact"] = .bool(verification.isIntact)
        object["entries"] = .integer(Int64(verification.entryCount))
        object["head"] = verification.head.map { head in
            ["sequence": .integer(Int64(head.sequence)), "entryId": .string(head.entryId), "manifestSHA256": .string(head.manifestSHA256.hex)]
        } ?? .null
        object["problems"] = .array(verification.problems.map { problem in
            [
                "kind": .string(problem.kind.rawValue),
                "sequence": problem.sequence.map { .integer(Int64($0)) } ?? .null,
                "entry": problem.entry.map(Value.string) ?? .null,
                "file": problem.file.map(Value.string) ?? .null,
                "message": .string(problem.message),
            ]
        })
        object["ignoredPartialEntries"] = .array(verification.ignoredPartialEntries.map(Value.string))
        return .object(object)
    }
}
