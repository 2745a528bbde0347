import HuitongCore
import Testing
@testable import HuitongMapping

@Suite("Code table lookup")
struct CodeTableLookupTests {
    static let table = CodeTable(
        name: "city.protectLevel", label: "抗力级别", platform: "city", canonicalTable: "protection_class",
        entries: [
            CodeEntry(code: "1", label: "核5级", aliases: ["核五级"], canonical: ["H5"]),
            CodeEntry(code: "2", label: "核6级", aliases: ["核六级", "核6"], retired: ["6"], canonical: ["H6"]),
        ]
    )

    @Test("a lookup searches only the columns it names")
    func columns() {
        #expect(Self.table.lookup("2", matching: .code)?.label == "核6级")
        #expect(Self.table.lookup("核6级", matching: .code) == nil)
        #expect(Self.table.lookup("核6级", matching: .label)?.code == "2")
        #expect(Self.table.lookup("核6", matching: [.label, .alias])?.code == "2")
        #expect(Self.table.lookup("核6", matching: .label) == nil)
        #expect(Self.table.lookup("6", matching: .retired)?.code == "2")
        #expect(Self.table.lookup("6", matching: [.code, .label, .alias]) == nil)
        #expect(Self.table.lookup("H5", matching: .canonical)?.code == "1")
        #expect(Self.table.lookup("H5", matching: [.code, .label]) == nil)
    }

    @Test("matching is exact: the caller trims, and case matters")
    func exact() {
        #expect(Self.table.lookup(" 2", matching: .code) == nil)
        #expect(Self.table.lookup("2 ", matching: .code) == nil)
        #expect(Self.table.lookup("h5", matching: .canonical) == nil)
        #expect(Self.table.lookup("", matching: [.code, .label, .alias, .retired, .canonical]) == nil)
    }

    @Test("entry(code:) and codes give the codes in table order")
    func codes() {
        #expect(Self.table.codes == ["1", "2"])
        #expect(Self.table.entry(code: "1")?.canonical == ["H5"])
        #expect(Self.table.entry(code: "3") == nil)
    }

    @Test("a table built in code keeps the first entry for a text two entries share")
    func firstEntryWins() {
        let table = CodeTable(name: "t", label: "t", entries: [
            CodeEntry(code: "A", label: "甲"), CodeEntry(code: "B", label: "甲"),
        ])
        #expect(table.lookup("甲", matching: .label)?.code == "A")
    }

    @Test("a canonically equivalent spelling finds what the table's own spelling finds")
    func canonicallyEquivalentSpelling() {
        let table = CodeTable(name: "t", label: "t", entries: [
            CodeEntry(code: "E", label: "caf\u{e9}"), CodeEntry(code: "F", label: "cafe\u{301}x"),
        ])
        #expect(table.lookup("caf\u{e9}", matching: .label)?.code == "E")
        #expect(table.lookup("cafe\u{301}", matching: .label)?.code == "E")
        #expect(table.lookup("caf\u{e9}x", matching: .label)?.code == "F")
    }

    @Test("an earlier column wins even when only a later one has the exact spelling")
    func earlierColumnWinsOverExactSpelling() {
        let table = CodeTable(name: "t", label: "t", entries: [
            CodeEntry(code: "caf\u{e9}", label: "甲"), CodeEntry(code: "B", label: "cafe\u{301}"),
        ])
        #expect(table.lookup("cafe\u{301}", matching: [.code, .label])?.code == "caf\u{e9}")
        #expect(table.lookup("cafe\u{301}", matching: .label)?.code == "B")
        #expect(table.lookup("caf\u{e9}", matching: .label)?.code == "B")
    }

    @Test("a set of tables finds each by name and lists the names sorted")
    func tableSet() {
        let set = CodeTableSet([Self.table, CodeTable(name: "district", label: "行政区划", entries: [])])
        #expect(set.names == ["city.protectLevel", "district"])
        #expect(set["district"]?.label == "行政区划")
        #expect(set["nope"] == nil)
        #expect(set.count == 2)
    }
}

@Suite("Unknown value tally")
struct CodeTableTallyTests {
    @Test("counts values per table, merges tallies, and lists rows most frequent first")
    func tally() {
        var first = UnknownValueTally()
        first.record("核7级", table: "protection_class")
        first.record("核7级", table: "protection_class")
        first.record("防空洞", table: "wartime_function")
        var second = UnknownValueTally()
        second.record("核8级", table: "protection_class", count: 3)
        second.record("核7级", table: "protection_class")
        let merged = first.merging(second)
        #expect(merged.count(of: "核7级", in: "protection_class") == 3)
        #expect(merged.total == 7)
        #expect(merged.rows.map { "\($0.table) \($0.value) \($0.count)" } == [
            "protection_class 核7级 3", "protection_class 核8级 3", "wartime_function 防空洞 1",
        ])
        #expect(first.count(of: "核8级", in: "protection_class") == 0)
        #expect(UnknownValueTally().isEmpty)
        #expect(!merged.isEmpty)
    }
}
