import HuitongCore
import Testing
@testable import HuitongAdapters

/// Matching rows to the header, without I/O: which columns, in what order, and which rows
/// are set aside for their field count.
@Suite("CSV column layout")
struct CSVColumnLayoutTests {
    func header(_ fields: [String], line: Int = 1) -> CSVRow {
        CSVRow(line: line, lastLine: line, fields: fields)
    }

    func layout(_ fields: [String], required: [String] = []) throws(SourceError) -> CSVColumnLayout {
        try CSVColumnLayout(header: header(fields), requiredColumns: required, source: "x.csv", encoding: "UTF-8")
    }

    func error(_ fields: [String], required: [String] = [], headerProblem: CSVRowProblem? = nil) -> SourceError? {
        var row = header(fields)
        row.problem = headerProblem
        do {
            _ = try CSVColumnLayout(header: row, requiredColumns: required, source: "x.csv", encoding: "UTF-8")
            return nil
        } catch {
            return error
        }
    }

    @Test("columns are found by trimmed name in any order, in the configured order, extras ignored")
    func requiredColumnsInConfiguredOrder() throws {
        let layout = try layout(["\u{FEFF} 名称 ", "备注", "编号\t"], required: ["编号", "名称"])
        let item = layout.item(for: CSVRow(line: 2, lastLine: 2, fields: [" 南通 ", "x", "A-1"]), file: "x.csv", encoding: "UTF-8")
        guard case let .record(record, origin) = item else {
            Issue.record("expected a record, got \(item)")
            return
        }
        #expect(record.keys == ["编号", "名称"])
        #expect(record["名称"] == .string(" 南通 "))
        #expect(record["编号"] == .string("A-1"))
        #expect(origin == RecordOrigin(file: "x.csv", line: 2))
    }

    @Test("with no columns configured a record holds every named header column in header order")
    func allColumns() throws {
        let layout = try layout(["b", "a", "", "c"])
        #expect(layout.columns.map(\.name) == ["b", "a", "c"])
        #expect(layout.fieldCount == 4)
    }

    @Test("too few and too many fields are unreadable at the row's first physical line")
    func fieldCount() throws {
        let layout = try layout(["a", "b", "c"])
        let tooFew = layout.item(for: CSVRow(line: 7, lastLine: 7, fields: ["1", "2"]), file: "x.csv", encoding: "UTF-8")
        let tooMany = layout.item(for: CSVRow(line: 9, lastLine: 10, fields: ["1", "2", "3", "4"]), file: "x.csv", encoding: "UTF-8")
        guard case let .unreadable(fewOrigin, fewReason) = tooFew, case let .unreadable(manyOrigin, manyReason) = tooMany else {
            Issue.record("expected two unreadable items, got \(tooFew) and \(tooMany)")
            return
        }
        #expect(fewOrigin.line == 7)
        #expect(fewReason.hasPrefix("too few fields: 2 found, the header has 3"))
        #expect(manyOrigin.line == 9)
        #expect(manyReason.hasPrefix("too many fields: 4 found, the header has 3 (the row spans lines 9–10)"))
    }

    @Test("a missing required column is an error naming the missing and the found columns")
    func missingColumns() {
        let error = error(["工程编号", "工程名称"], required: ["工程编号", "状态", "更新时间"])
        #expect(error?.code == .missingColumn)
        #expect(error?.message.contains("lacks the required columns 状态, 更新时间") == true)
        #expect(error?.message.contains("it has: 工程编号, 工程名称") == true)
    }

    @Test("a header naming a column twice is an error, unless the name is empty")
    func duplicateNames() throws {
        let error = error(["a", "b", " a"])
        #expect(error?.code == .duplicateColumn, "names are compared trimmed")
        #expect(try layout(["a", "", "b", ""]).columns.map(\.name) == ["a", "b"])
    }

    @Test("a header that cannot be split is an error with the reason")
    func unreadableHeader() {
        let error = error(["a"], headerProblem: .unclosedQuote(field: 1, line: 1))
        #expect(error?.code == .unreadableHeader)
        #expect(error?.message.hasPrefix("the header (line 1) cannot be read: field 1 opens a quote on line 1") == true)
    }
}
