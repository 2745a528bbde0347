import Foundation
import HuitongCore
import Testing
@testable import HuitongLedger

/// A ledger in a fresh temporary directory, removed when the test lets go of it.
final class TemporaryLedger: Sendable {
    let directory: String

    init() {
        directory = NSTemporaryDirectory() + "huitong-ledger-tests-" + UUID().uuidString + "/ledger"
    }

    deinit {
        try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent)
    }

    var ledger: ExchangeLedger { ExchangeLedger(directory: directory, lockWaitMilliseconds: 200) }
    var reader: LedgerReader { LedgerReader(directory: directory) }

    func verify(recordedHead: Digest? = nil) throws -> LedgerVerification {
        try LedgerVerifier(directory: directory).verify(recordedHead: recordedHead)
    }

    /// Writes one complete entry with the given records (by default ``LedgerFixtures/records(run:)``,
    /// a dataset of its own, so no entry stores it by reference) and rejects.
    @discardableResult
    func write(
        run: String, job: String = "shelters", target: String = "province",
        records: [(String, Value)]? = nil, rejects: [RejectedRecord] = LedgerFixtures.rejects,
        test: Bool = false
    ) throws -> LedgerEntry {
        let records = records ?? LedgerFixtures.records(run: run)
        let entry = try ledger.beginEntry()
        for (key, record) in records { try entry.appendDatasetRecord(key: key, record: record) }
        for reject in rejects { try entry.appendRejectedRecord(reject) }
        return try entry.commit(LedgerFixtures.description(run: run, job: job, target: target, records: records.count, rejects: rejects.count, test: test))
    }

    /// Writes `count` entries, runs `run-1` … `run-N`.
    func writeEntries(_ count: Int) throws {
        for index in 1...count { try write(run: "run-\(index)") }
    }

    /// The entry directory with this sequence number.
    func entryPath(_ sequence: Int) throws -> String {
        try #require(try reader.entries().first { $0.sequence == sequence }).path
    }

    func filePath(_ sequence: Int, _ file: String) throws -> String {
        try entryPath(sequence) + "/" + file
    }

    /// Inverts the lowest bit of the byte at `offset` (negative counts from the end).
    func flipByte(in path: String, at offset: Int) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let position = offset >= 0 ? offset : bytes.count + offset
        bytes[position] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func bytes(of path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func move(_ source: String, to destination: String) throws {
        try FileManager.default.moveItem(atPath: source, toPath: destination)
    }
}

enum LedgerFixtures {
    static let started = Timestamp(millisecondsSinceEpoch: 1_764_381_600_000)   // 2025-11-29T10:00:00+08:00

    static let records: [(String, Value)] = [
        ("320602-0001", ["id": "320602-0001", "name": "人民公园地下人防工程", "capacity": 1200, "lat": 31.98]),
        ("320602-0002", ["id": "320602-0002", "name": "Nantong Square shelter", "capacity": 800, "open": true]),
        ("320602-0003", ["id": "320602-0003", "name": "滨江", "capacity": 350, "note": nil]),
    ]

    /// ``records`` with the run in the third record's note: each run's dataset differs.
    static func records(run: String) -> [(String, Value)] {
        var records = records
        records[2].1 = ["id": "320602-0003", "name": "滨江", "capacity": 350, "note": .string(run)]
        return records
    }

    static let rejects: [RejectedRecord] = [
        RejectedRecord(key: "", location: "shelters.csv:7", stage: .setAside,
                       reasons: [.init(field: "id", rule: "required", message: "the key is empty")]),
        RejectedRecord(key: "320602-0009", location: "shelters.csv:12", stage: .rejected,
                       reasons: [.init(field: "kljb", message: "not a code of the capacity list"), .init(message: "second reason")]),
    ]

    static func description(
        run: String, job: String = "shelters", target: String = "province",
        records: Int = 3, rejects: Int = 2, test: Bool = false
    ) -> ExchangeDescription {
        ExchangeDescription(
            runId: run, job: job, target: target, platform: "province", dataset: "shelter",
            mode: .sync, test: test, schemaVersion: "2026.1",
            inputs: ExchangeInputs(
                configurationSHA256: SHA256.hash("configuration"),
                mappings: ["mappings/sources/shelter-registry.yaml": SHA256.hash("source"),
                           "mappings/targets/province/shelter.yaml": SHA256.hash("target")],
                codeTables: ["mappings/codes/capacity.yaml": SHA256.hash("codes")]),
            counts: ExchangeCounts(read: records + rejects, normalised: records + 1, setAside: 1, unchanged: 0,
                                   upserted: records + 1, deleted: 0, accepted: records, rejected: 1, notSent: 0, retries: 1),
            timings: ExchangeTimings(started: started, finished: started.adding(milliseconds: 3_250)),
            batches: [BatchVerdict(idempotencyKey: "\(run)-b1", httpStatus: 200, accepted: records, rejected: 1, duplicates: 0)]
        )
    }
}
