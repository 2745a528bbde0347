import Foundation
import HuitongCore
import Testing
@testable import HuitongLedger

@Suite("Ledger crash safety and concurrent writers")
struct LedgerCrashSafetyTests {
    /// What a writer that crashed before its rename leaves: a partial directory nobody locks.
    private func leaveCrashedEntry(in ledger: TemporaryLedger) throws -> String {
        let path = ledger.directory + "/entries/.partial-deadbeef"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data("{\"key\":\"half".utf8).write(to: URL(fileURLWithPath: path + "/dataset.jsonl"))
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path + "/manifest.json"))
        return path
    }

    @Test("an unfinished entry left by a crash is ignored by readers and the verifier")
    func leftoverIgnored() throws {
        let ledger = TemporaryLedger()
        try ledger.writeEntries(2)
        _ = try leaveCrashedEntry(in: ledger)
        #expect(try ledger.reader.entries().map(\.sequence) == [1, 2])
        let verification = try ledger.verify()
        #expect(verification.isIntact)
        #expect(verification.ignoredPartialEntries == ["entries/.partial-deadbeef"])
    }

    @Test("the next writer removes an unfinished entry left by a crash, and numbers on without a gap")
    func leftoverCleaned() throws {
        let ledger = TemporaryLedger()
        try ledger.writeEntries(1)
        let leftover = try leaveCrashedEntry(in: ledger)
        let entry = try ledger.ledger.beginEntry()
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(try entry.commit(LedgerFixtures.description(run: "r2", records: 0, rejects: 0)).sequence == 2)
        #expect(try ledger.verify().isIntact)
    }

    @Test("an entry another writer is still filling is not removed by the next writer")
    func liveEntryKept() throws {
        let ledger = TemporaryLedger()
        let first = try ledger.ledger.beginEntry()
        try first.appendDatasetRecord(key: "a", record: 1)
        let second = try ledger.ledger.beginEntry()
        try first.appendDatasetRecord(key: "b", record: 2)
        let one = try first.commit(LedgerFixtures.description(run: "r1", records: 2, rejects: 0))
        let two = try second.commit(LedgerFixtures.description(run: "r2", records: 0, rejects: 0))
        #expect((one.sequence, two.sequence) == (1, 2))
        #expect(try two.manifest.get().previousManifestSHA256 == one.manifestSHA256)
        #expect(try ledger.verify().isIntact)
    }

    @Test("a commit while another writer holds the ledger's lock is refused as busy, and succeeds once it is free")
    func busyLedger() throws {
        let ledger = TemporaryLedger()
        let entry = try ledger.ledger.beginEntry()
        try entry.appendDatasetRecord(key: "k", record: 1)
        let description = LedgerFixtures.description(run: "r1", records: 1, rejects: 0)
        do {
            let holder = try #require(try FileLock.acquire(ledger.directory + "/writer.lock", createFile: true, waitMilliseconds: 0))
            let error = #expect(throws: LedgerError.self) { try entry.commit(description) }
            #expect(error?.code == .ledgerBusy)
            #expect(error?.exitStatus == .runtimeFailure)
            #expect(error?.description.contains("writer.lock") == true)
            #expect(try ledger.reader.entries().isEmpty)
            withExtendedLifetime(holder) {}
        }
        #expect(try entry.commit(description).sequence == 1)
    }

    @Test("a second writer cannot take the lock while the first holds it")
    func lockExcludes() throws {
        let ledger = TemporaryLedger()
        try ledger.writeEntries(1)
        let path = ledger.directory + "/writer.lock"
        do {
            let first = try #require(try FileLock.acquire(path, createFile: true, waitMilliseconds: 0))
            #expect(try FileLock.acquire(path, createFile: true, waitMilliseconds: 20) == nil)
            withExtendedLifetime(first) {}
        }
        #expect(try FileLock.acquire(path, createFile: true, waitMilliseconds: 0) != nil)
    }

    @Test("writers committing at the same time from many tasks never interleave: the chain stays intact")
    func concurrentCommits() async throws {
        let ledger = TemporaryLedger()
        let exchangeLedger = ExchangeLedger(directory: ledger.directory, lockWaitMilliseconds: 10_000)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 1...8 {
                group.addTask {
                    let entry = try exchangeLedger.beginEntry()
                    for key in 0..<200 { try entry.appendDatasetRecord(key: String(key).leftPadded(to: 4), record: .integer(Int64(index))) }
                    try entry.commit(LedgerFixtures.description(run: "run-\(index)", records: 200, rejects: 0))
                }
            }
            try await group.waitForAll()
        }
        let entries = try ledger.reader.entries()
        #expect(entries.map(\.sequence) == Array(1...8))
        #expect(Set(entries.compactMap { try? $0.manifest.get().subject.runId }).count == 8)
        #expect(try ledger.verify().isIntact)
    }

    @Test("a ledger whose newest manifest was changed is not extended; the error says to verify")
    func damagedTailRefused() throws {
        let ledger = TemporaryLedger()
        try ledger.writeEntries(2)
        try ledger.flipByte(in: try ledger.filePath(2, "manifest.json"), at: 40)
        let entry = try ledger.ledger.beginEntry()
        let error = #expect(throws: LedgerError.self) { try entry.commit(LedgerFixtures.description(run: "r3", records: 0, rejects: 0)) }
        #expect(error?.code == .ledgerDamaged)
        #expect(error?.description.contains("huitong ledger verify") == true)
        #expect(try ledger.reader.entries().count == 2)
    }

    @Test("a ledger with a gap in its sequence is not extended")
    func gapRefused() throws {
        let ledger = TemporaryLedger()
        try ledger.writeEntries(3)
        try FileManager.default.removeItem(atPath: try ledger.entryPath(2))
        let entry = try ledger.ledger.beginEntry()
        let error = #expect(throws: LedgerError.self) { try entry.commit(LedgerFixtures.description(run: "r4", records: 0, rejects: 0)) }
        #expect(error?.code == .ledgerDamaged)
        #expect(error?.message.contains("entry 2 is missing") == true)
    }
}
