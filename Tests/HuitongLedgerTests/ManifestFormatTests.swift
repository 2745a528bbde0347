import HuitongCore
import Testing
@testable import HuitongLedger
import Foundation

@Suite("Manifest format")
struct ManifestFormatTests {
    private let manifest = ExchangeManifest(
        sequence: 7, entryId: "r1-shelters-province", previousManifestSHA256: SHA256.hash("previous"),
        content: .exchange(LedgerFixtures.description(run: "r1")),
        files: LedgerFiles(dataset: LedgerFileSummary(sha256: SHA256.hash("d"), byteCount: 10, recordCount: 2),
                           companion: LedgerFileSummary(sha256: SHA256.hash("r"), byteCount: 0, recordCount: 0)))

    @Test("a manifest reads back from its canonical bytes unchanged and without defects")
    func roundTrip() throws {
        let reading = ManifestReading(bytes: try manifest.canonicalBytes())
        #expect(reading.defect == nil)
        #expect(reading.manifest == manifest)
    }

    @Test("selfSHA256 is the SHA-256 of the canonical manifest without it")
    func selfHash() throws {
        let value = try JSONReader().value(from: try manifest.canonicalBytes())
        guard case var .object(object) = value else { Issue.record("not an object"); return }
        let recorded = object["selfSHA256"]
        object["selfSHA256"] = nil
        #expect(recorded == .string(SHA256.hash(try CanonicalJSONWriter.bytes(for: .object(object))).hex))
    }

    @Test("times are written in Beijing time with milliseconds; a time in another offset is not the format")
    func times() throws {
        let bytes = try manifest.canonicalBytes()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""finished":"2025-11-29T10:00:03.250+08:00""#))
        guard case var .object(object) = try JSONReader().value(from: bytes), case var .object(timings)? = object["timings"] else { return }
        timings["started"] = "2025-11-29T02:00:00.000Z"
        object["timings"] = .object(timings)
        object["selfSHA256"] = nil
        object["selfSHA256"] = .string(try ExchangeManifest.selfHash(of: object).hex)
        let reading = ManifestReading(bytes: try CanonicalJSONWriter.bytes(for: .object(object)))
        #expect(reading.defect == .notFormat("the member \"timings\" holds a value the writer would not write"))
    }

    @Test("the first manifest has a null previous hash; mode, test flag, inputs and batches are written as given")
    func members() throws {
        var first = manifest
        first.previousManifestSHA256 = nil
        var exchange = try #require(first.exchange)
        exchange.mode = .append
        exchange.test = true
        exchange.batches.append(BatchVerdict(idempotencyKey: "b2", httpStatus: nil, accepted: 0, rejected: 0, duplicates: 0, notSent: 4))
        first.content = .exchange(exchange)
        let value = try JSONReader().value(from: try first.canonicalBytes())
        #expect(value["previousManifestSHA256"] == .null)
        #expect(value["mode"] == "append")
        #expect(value["test"] == true)
        #expect(value["inputs"]?["mappings"]?["mappings/targets/province/shelter.yaml"] == .string(SHA256.hash("target").hex))
        #expect(value["batches"]?[1] == ["idempotencyKey": "b2", "httpStatus": nil, "accepted": 0, "rejected": 0, "duplicates": 0, "notSent": 4])
        #expect(ManifestReading(bytes: try first.canonicalBytes()).manifest == first)
    }

    @Test("a digest in upper case is not what the writer writes")
    func upperCaseDigest() throws {
        let text = String(decoding: try manifest.canonicalBytes(), as: UTF8.self)
        let hex = SHA256.hash("previous").hex
        let changed = text.replacingOccurrences(of: hex, with: hex.uppercased())
        let reading = ManifestReading(bytes: Array(changed.utf8))
        #expect(reading.defect != nil)
    }

    @Test("record order is UTF-8 byte order")
    func recordOrder() {
        #expect(RecordOrder.keyPrecedes("B", "a"))
        #expect(RecordOrder.keyPrecedes("a", "ab"))
        #expect(RecordOrder.keyPrecedes("e\u{301}", "\u{e9}"))
        #expect(!RecordOrder.keyPrecedes("\u{e9}", "e\u{301}"))
        #expect(RecordOrder.keyPrecedes("\u{ffff}", "😀"))
        let reason = [RejectedRecord.Reason(message: "m")]
        #expect(RecordOrder.rejectPrecedes(RejectedRecord(key: "k", location: "z", stage: .rejected, reasons: reason),
                                           RejectedRecord(key: "k", location: nil, stage: .setAside, reasons: reason)))
        #expect(RecordOrder.rejectPrecedes(RejectedRecord(key: "k", location: nil, stage: .setAside, reasons: reason),
                                           RejectedRecord(key: "k", location: "a", stage: .setAside, reasons: reason)))
    }

    @Test("directory names are parsed only in the exact form the writer makes")
    func entryNames() {
        #expect(EntryName(directoryName: "000012-r1-job-target") == EntryName(sequence: 12, entryId: "r1-job-target"))
        #expect(EntryName(directoryName: "1234567-x")?.sequence == 1_234_567)
        #expect(EntryName(directoryName: "00012-x") == nil)
        #expect(EntryName(directoryName: "0000012-x") == nil)
        #expect(EntryName(directoryName: "000000-x") == nil)
        #expect(EntryName(directoryName: "000001-") == nil)
        #expect(EntryName(directoryName: "000001-a b") == nil)
        #expect(EntryName(directoryName: ".partial-1") == nil)
    }
}
