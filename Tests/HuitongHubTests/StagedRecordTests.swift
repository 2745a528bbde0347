import Foundation
import HuitongCore
import Testing
@testable import HuitongHub

/// A staged record's line: written once, read strictly, and its key read alone when the
/// accepted state is copied line by line.
@Suite struct StagedRecordTests {
    static func record(key: String) throws -> StagedRecord {
        var writer = CanonicalJSONWriter()
        let payload: OrderedObject = ["id": .string(key), "capacity": .double(24.0), "name": "人防工程 \"一号\""]
        return try StagedRecord(key: key, schemaKey: "schema-" + key, payload: payload, canonicalWriter: &writer)
    }

    @Test func aLineReadsBackAsTheRecordItWasWrittenFrom() throws {
        let record = try Self.record(key: "320602-RF-0001")
        let line = record.line()
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(try StagedRecord.decode(Array(line.dropLast()), place: "test") == record)
        #expect(record.hash == SHA256.hash(record.canonical).hex)
    }

    @Test func theKeyIsReadAloneFromALineAsWritten() throws {
        for key in ["320602-RF-0001", "城东-0001", "a b|c"] {
            let line = try Self.record(key: key).line().dropLast()
            #expect(StagedRecord.leadingKey(Array(line)) == key)
        }
    }

    @Test func theIndexReadsTheLeadingStringsAloneAsTheDecoderReadsThem() throws {
        let record = try Self.record(key: "城东-0001")
        let read = try #require(StagedRecord.leadingStrings(Array(record.line().dropLast())))
        #expect(read.key == record.key && read.schemaKey == record.schemaKey && read.hash == ContentHash(hex: record.hash))
        #expect(StagedRecord.leadingStrings(Array(try Self.record(key: "tab\there").line().dropLast())) == nil, "an escape: decoded instead")
        let shortHash = Array(#"{"k":"a","s":"b","h":"abc","n":2,"c":{},"r":{}}"#.utf8)
        #expect(StagedRecord.leadingStrings(shortHash) == nil)
        #expect(throws: HubError.self) { try StagedRecord.decode(shortHash, place: "test") }
    }

    @Test func theLedgerFindsTheCanonicalRecordInPlace() throws {
        let record = try Self.record(key: "320602-RF-0001")
        let line = Array(record.line().dropLast())
        let part = try #require(StagedRecord.canonicalPart(line))
        #expect(part.key == record.key && part.hash == ContentHash(hex: record.hash))
        #expect(Array(line[part.canonical]) == record.canonical)
        #expect(part.hash.digest == SHA256.hash(record.canonical))
        var wrongSize = String(decoding: line, as: UTF8.self)
        wrongSize = wrongSize.replacingOccurrences(of: #""n":\#(record.canonical.count),"#, with: #""n":\#(record.canonical.count - 1),"#)
        #expect(StagedRecord.canonicalPart(Array(wrongSize.utf8)) == nil, "a size that does not end where r starts")
        #expect(StagedRecord.canonicalPart(Array(line.prefix(part.canonical.upperBound - 5))) == nil, "a line cut inside c")
    }

    @Test func theBatchesFindTheWireRecordInPlace() throws {
        let record = try Self.record(key: "320602-RF-0001")
        let line = Array(record.line().dropLast())
        let part = try #require(StagedRecord.wirePart(line))
        #expect(part.key == record.key && Array(line[part.wire]) == record.wire)
        #expect(String(decoding: line[part.wire], as: UTF8.self).contains("24.0"), "the wire form keeps the decimal")
        #expect(StagedRecord.wirePart(Array(line.prefix(150))) == nil, "a line cut short")
        #expect(StagedRecord.wirePart(Array(#"{"k":"a","s":"b","h":"c","n":2,"c":{},"r":[1]}"#.utf8)) == nil, "r is not an object")
    }

    @Test func aKeyWithAnEscapeOrALineOfAnotherShapeIsLeftToTheDecoder() throws {
        let escaped = try Self.record(key: "quote\"d").line().dropLast()
        #expect(StagedRecord.leadingKey(Array(escaped)) == nil)
        #expect(try StagedRecord.decode(Array(escaped), place: "test").key == "quote\"d", "the decoder reads it")
        #expect(StagedRecord.leadingKey(Array(#"{"s":"x","k":"y"}"#.utf8)) == nil)
        #expect(StagedRecord.leadingKey(Array(#"{"k":"y","h":"00"}"#.utf8)) == nil, "the key must be followed by the schema key")
        #expect(StagedRecord.leadingKey(Array(#"{"k":"unterminated"#.utf8)) == nil)
        #expect(StagedRecord.leadingKey([0x7B, 0x22, 0x6B, 0x22, 0x3A, 0x22, 0xFF, 0x22] + Array(#","s":"x"}"#.utf8)) == nil, "not UTF-8")
    }
}
