import Foundation
import HuitongCore
import Testing
@testable import HuitongLedger

/// Records in memory, in the order given (the merge checks the order).
struct ListedRecords: KeyedRecords {
    let name: String
    var items: [(key: String, record: Value)]
    init(_ name: String, _ items: [(String, Value)]) {
        self.name = name
        self.items = items.map { (key: $0.0, record: $0.1) }
    }
    mutating func next() throws -> (key: String, body: RecordBody)? {
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        return (item.key, .value(item.record))
    }
}

@Suite("diff: keyed comparison of two datasets")
struct DatasetDiffTests {
    func diff(_ old: [(String, Value)], _ new: [(String, Value)], rules: DiffRules = DiffRules()) throws -> (DatasetDiff.Summary, [DatasetDifference]) {
        var left = ListedRecords("A", old), right = ListedRecords("B", new)
        var found: [DatasetDifference] = []
        let summary = try DatasetDiff(rules: rules).run(old: &left, new: &right) { found.append($0) }
        return (summary, found)
    }

    @Test("fields compare by path, nested objects and arrays included, absent on either side")
    func fieldChanges() {
        let old: Value = ["id": "1", "name": "a", "loc": ["lon": 120.5, "lat": 32.0], "tags": ["x", "y"], "gone": 1]
        let new: Value = ["id": "1", "name": "b", "loc": ["lon": 120.5, "lat": 32.1], "tags": ["x", "z"], "extra": true]
        #expect(DiffRules().changes(from: old, to: new) == [
            FieldChange(path: "name", old: "a", new: "b"),
            FieldChange(path: "loc.lat", old: 32.0, new: 32.1),
            FieldChange(path: "tags[1]", old: "y", new: "z"),
            FieldChange(path: "extra", old: nil, new: true),
            FieldChange(path: "gone", old: 1, new: nil),
        ])
        // Arrays of another length change whole; a null is a value, unlike an absent field.
        #expect(DiffRules().changes(from: ["t": ["x"]], to: ["t": ["x", "y"]]) == [FieldChange(path: "t", old: ["x"], new: ["x", "y"])])
        #expect(DiffRules().changes(from: ["n": nil], to: [:]) == [FieldChange(path: "n", old: .null, new: nil)])
    }

    @Test("--ignore leaves a field and what is under it out; --tolerance makes close numbers equal; 1 equals 1.0")
    func ignoreAndTolerance() {
        let old: Value = ["loc": ["lon": 120.5, "lat": 32.0], "at": "08:00", "n": 1, "m": 2.0]
        let new: Value = ["loc": ["lon": 120.6, "lat": 32.0000004], "at": "09:00", "n": 1.0, "m": 2.5]
        #expect(DiffRules(ignore: ["at", "loc"]).changes(from: old, to: new) == [FieldChange(path: "m", old: 2.0, new: 2.5)])
        #expect(DiffRules(ignore: ["loc.lon", "at"], tolerance: 0.000001).changes(from: old, to: new) == [FieldChange(path: "m", old: 2.0, new: 2.5)])
        #expect(DiffRules(ignore: ["at"], tolerance: 0.5).changes(from: old, to: new).isEmpty, "0.5 apart at most")
        #expect(DiffRules(ignore: ["lo"]).changes(from: old, to: new).count == 4, "a prefix of a name is not the name")
    }

    @Test("array positions: --ignore contacts.phone covers contacts[2].phone; changed fields are counted by shape, contacts[].phone")
    func arrayPaths() throws {
        let old: Value = ["contacts": [["phone": "1", "name": "a"], ["phone": "2", "name": "b"], ["phone": "3", "name": "c"]]]
        let new: Value = ["contacts": [["phone": "9", "name": "a"], ["phone": "8", "name": "b"], ["phone": "3", "name": "z"]]]
        #expect(DiffRules(ignore: ["contacts.phone"]).changes(from: old, to: new) == [FieldChange(path: "contacts[2].name", old: "c", new: "z")])
        #expect(DiffRules(ignore: ["contacts[0].phone", "contacts[1].phone", "contacts.name"]).changes(from: old, to: new).isEmpty)
        #expect(DiffRules(ignore: ["contacts.ph"]).changes(from: old, to: new).count == 3, "a prefix of a name is not the name")
        let (summary, _) = try diff([("k", old), ("l", old)], [("k", new), ("l", new)])
        #expect(summary.fieldCounts == ["contacts[].phone": 2, "contacts[].name": 2], "one count per record, however many positions")
    }

    @Test("integers compare exactly, beyond 2^53 too; keys compare by their bytes")
    func exactness() throws {
        #expect(DiffRules().changes(from: ["id": .integer(9_007_199_254_740_993)], to: ["id": .integer(9_007_199_254_740_992)]).count == 1)
        #expect(DiffRules(tolerance: 1).changes(from: ["n": .integer(Int64.max)], to: ["n": .integer(Int64.max - 1)]).isEmpty)
        #expect(DiffRules(tolerance: 1).changes(from: ["n": .integer(Int64.min)], to: ["n": .integer(Int64.max)]).count == 1, "no overflow")
        // "é" precomposed and e + U+0301 are two keys, in byte order: not a duplicate.
        let (summary, _) = try diff([("e\u{301}", 1), ("\u{E9}", 2)], [])
        #expect(summary.removed == 2)
    }

    @Test("a merge in key order: added, removed, changed, unchanged counted, fields counted")
    func merge() throws {
        let (summary, found) = try diff(
            [("a", ["v": 1]), ("b", ["v": 2]), ("c", ["v": 3])],
            [("b", ["v": 2]), ("c", ["v": 4]), ("d", ["v": 5])]
        )
        #expect(found == [
            .removed(key: "a", record: ["v": 1]),
            .changed(key: "c", changes: [FieldChange(path: "v", old: 3, new: 4)]),
            .added(key: "d", record: ["v": 5]),
        ])
        #expect(summary == DatasetDiff.Summary(old: 3, new: 3, added: 1, removed: 1, changed: 1, unchanged: 1, fieldCounts: ["v": 1]))
        #expect(summary.differs)
        let (same, none) = try diff([("a", ["v": 1])], [("a", ["v": 1])])
        #expect(!same.differs && none.isEmpty)
        let (empty, _) = try diff([], [])
        #expect(empty == DatasetDiff.Summary())
    }

    @Test("a duplicate key or keys out of order stop the diff, naming the input and the key")
    func untrustedInput() throws {
        #expect(throws: DiffInputError.self) { _ = try diff([("a", 1), ("a", 2)], []) }
        do {
            _ = try diff([], [("b", 1), ("a", 2)])
            Issue.record("keys out of order must throw")
        } catch let error as DiffInputError {
            #expect(error.description == "B: the key \"a\" comes after \"b\": the records are not in key order")
        }
    }

    @Test("dataset lines are split into key and canonical bytes; equal bytes need no parse, other forms are parsed")
    func datasetLines() throws {
        let line = Array(#"{"key":"320602-0001","record":{"capacity":1200,"id":"320602-0001"}}"#.utf8)
        let split = try #require(DatasetLines.split(line))
        #expect(split.key == "320602-0001")
        guard case let .canonical(bytes) = split.body else { Issue.record("canonical bytes expected"); return }
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"capacity":1200,"id":"320602-0001"}"#)
        #expect(try split.body.value() == ["capacity": 1200, "id": "320602-0001"])
        #expect(DatasetLines.split(Array(#"{"key":"a\"b","record":1}"#.utf8)) == nil, "an escaped key is parsed instead")
        #expect(DatasetLines.split(Array(#"{"record":1,"key":"a"}"#.utf8)) == nil)
        // Canonical bytes against a value: compared by value.
        var left = ListedRecords("A", [("k", ["n": 1])])
        struct Lines: KeyedRecords {
            let name = "B"
            var done = false
            mutating func next() throws -> (key: String, body: RecordBody)? {
                defer { done = true }
                return done ? nil : ("k", .canonical(Array(#"{"n":1.0}"#.utf8)))
            }
        }
        var right = Lines()
        #expect(try DatasetDiff().run(old: &left, new: &right) { _ in }.unchanged == 1)
    }

    @Test("a file in any order is sorted on disk, in bounded memory, and a duplicate is found after sorting")
    func unsortedFileLargerThanTheMemoryLimit() throws {
        let directory = NSTemporaryDirectory() + "huitong-diff-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 5,000 records, reversed and shuffled by a fixed stride, sorted in chunks of 64: 79 runs merged.
        let count = 5_000
        let order = (0..<count).map { ($0 * 7_919) % count }
        let lines = order.map { "{\"code\":\"K\(String(format: "%05d", $0))\",\"part\":\($0 % 3),\"v\":\($0)}" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/a.jsonl", atomically: true, encoding: .utf8)
        var file = try SortedFileRecords(path: directory + "/a.jsonl", key: ["code", "part"], scratch: directory, chunkSize: 64)
        var keys: [String] = []
        while let next = try file.next() { keys.append(next.key) }
        #expect(keys.count == count)
        #expect(keys == keys.sorted { RecordOrder.keyPrecedes($0, $1) })
        #expect(keys.first == "K00000|0")
        // Sorted against the same records in order: equal.
        var sorted = try SortedFileRecords(path: directory + "/a.jsonl", key: ["code", "part"], scratch: directory, chunkSize: 64)
        let inOrder = (0..<count).map { index -> (String, Value) in
            ("K\(String(format: "%05d", index))|\(index % 3)", ["code": .string("K\(String(format: "%05d", index))"), "part": .integer(Int64(index % 3)), "v": .integer(Int64(index))])
        }
        var listed = ListedRecords("listed", inOrder)
        let summary = try DatasetDiff().run(old: &sorted, new: &listed) { _ in }
        #expect(summary.unchanged == count && !summary.differs)

        try (lines.joined(separator: "\n") + "\n" + lines[17] + "\n").write(toFile: directory + "/b.jsonl", atomically: true, encoding: .utf8)
        var doubled = try SortedFileRecords(path: directory + "/b.jsonl", key: ["code", "part"], scratch: directory, chunkSize: 64)
        var other = ListedRecords("listed", inOrder)
        #expect(throws: DiffInputError.self) { _ = try DatasetDiff().run(old: &doubled, new: &other) { _ in } }

        try "{\"code\":\"x\"}\n[1]\n".write(toFile: directory + "/c.jsonl", atomically: true, encoding: .utf8)
        do {
            _ = try SortedFileRecords(path: directory + "/c.jsonl", key: ["code"], scratch: directory)
            Issue.record("a line that is not an object must throw")
        } catch let error as DiffInputError {
            #expect(error.description.hasSuffix("c.jsonl: line 2 is not a JSON object: each line must be one record"))
        }
        do {
            _ = try SortedFileRecords(path: directory + "/c.jsonl", key: ["id"], scratch: directory)
            Issue.record("a record without its key must throw")
        } catch let error as DiffInputError {
            #expect(error.description.hasSuffix("line 1 has no id, a field of --key id"))
        }
    }

    @Test("references: sequence, run id, JOB/TARGET@latest, @latest~N, @DATE, joint test apart")
    func references() throws {
        let ledger = TemporaryLedger()
        try ledger.write(run: "run-1")
        try ledger.write(run: "run-2", target: "city")
        try ledger.write(run: "run-3")
        try ledger.write(run: "run-4", test: true)
        let reader = ledger.reader
        #expect(try reader.entry(reference: "2").sequence == 2)
        #expect(try reader.entry(reference: "run-3").sequence == 3)
        #expect(try reader.entry(reference: "shelters/province@latest").sequence == 3)
        #expect(try reader.entry(reference: "shelters/province@latest~1").sequence == 1)
        #expect(try reader.entry(reference: "shelters/province@latest", test: true).sequence == 4)
        #expect(try reader.entry(reference: "shelters/city@latest").sequence == 2)
        #expect(try reader.entry(reference: "shelters/province@2025-11-29").sequence == 3, "the fixtures finish on 2025-11-29, Beijing")
        // A manifest that cannot be read: a JOB/TARGET reference refuses to guess past it.
        let broken = try ledger.entryPath(3) + "/manifest.json"
        let saved = try Data(contentsOf: URL(fileURLWithPath: broken))
        try Data("{".utf8).write(to: URL(fileURLWithPath: broken))
        #expect(throws: LedgerError.self) { _ = try reader.entry(reference: "shelters/province@latest") }
        #expect(try reader.entry(reference: "1").sequence == 1, "a sequence number still names its entry")
        try saved.write(to: URL(fileURLWithPath: broken))
        for bad in ["shelters/province@latest~2", "shelters/province@2025-11-28", "shelters/province@yesterday", "shelters/nowhere@latest", "shelters/province@latest~x"] {
            #expect(throws: LedgerError.self, "\(bad)") { _ = try reader.entry(reference: bad) }
        }
    }
}
