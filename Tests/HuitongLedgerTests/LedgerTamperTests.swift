import Foundation
import HuitongCore
import Testing
@testable import HuitongLedger

/// A change of one byte anywhere in any file of the ledger is found, and the problem names
/// the entry and the file that was changed.
@Suite("Ledger verifier: one-byte changes")
struct LedgerTamperTests {
    enum Position: Sendable, CustomTestStringConvertible {
        case first, second, middle, penultimate, last

        func offset(in count: Int) -> Int {
            switch self {
            case .first: 0
            case .second: 1
            case .middle: count / 2
            case .penultimate: count - 2
            case .last: count - 1
            }
        }

        var testDescription: String { "\(self)" }
    }

    @Test("a one-byte change in a file of the first, a middle or the newest entry is named",
          arguments: ["manifest.json", "dataset.jsonl", "rejects.jsonl"], [1, 2, 3])
    func oneByte(file: String, sequence: Int) throws {
        let ledger = TemporaryLedger()
        try ledger.writeEntries(3)
        let path = try ledger.filePath(sequence, file)
        let original = try ledger.bytes(of: path)
        for position in [Position.first, .second, .middle, .penultimate, .last] {
            try ledger.flipByte(in: path, at: position.offset(in: original.count))
            let problems = try ledger.verify().problems
            #expect(!problems.isEmpty, "a change at byte \(position.offset(in: original.count)) of \(file) in entry \(sequence) went unnoticed")
            #expect(problems.first?.sequence == sequence, "\(problems)")
            #expect(problems.first?.file?.hasSuffix("/" + file) == true, "\(problems)")
            try ledger.write(original, to: path)
        }
        #expect(try ledger.verify().isIntact)
    }

    @Test("every single byte of the newest manifest, which no later manifest covers, is protected")
    func everyByteOfTheNewestManifest() throws {
        let ledger = TemporaryLedger()
        try ledger.writeEntries(2)
        let path = try ledger.filePath(2, "manifest.json")
        let original = try ledger.bytes(of: path)
        var unnoticed: [Int] = []
        for offset in original.indices {
            var changed = original
            changed[offset] ^= 0x01
            try ledger.write(changed, to: path)
            let problems = try ledger.verify().problems
            if !problems.contains(where: { $0.sequence == 2 && $0.file?.hasSuffix("/manifest.json") == true }) {
                unnoticed.append(offset)
            }
        }
        try ledger.write(original, to: path)
        #expect(unnoticed.isEmpty, "changes at bytes \(unnoticed) went unnoticed")
    }

    @Test("a changed byte in an older manifest is named in that entry, not only as a broken chain")
    func olderManifest() throws {
        let ledger = TemporaryLedger()
        try ledger.writeEntries(3)
        let path = try ledger.filePath(2, "manifest.json")
        let original = try ledger.bytes(of: path)
        for offset in stride(from: 0, to: original.count, by: 37) {
            var changed = original
            changed[offset] ^= 0x20
            try ledger.write(changed, to: path)
            let problems = try ledger.verify().problems
            #expect(problems.contains { $0.sequence == 2 && $0.file?.hasSuffix("/manifest.json") == true }, "byte \(offset): \(problems)")
        }
    }
}
