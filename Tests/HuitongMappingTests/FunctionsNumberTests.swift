import Testing
@testable import HuitongMapping

@Suite("Number parsing")
struct FunctionsNumberTests {
    /// The shelter area units of the mapping agreement (`jzmj`).
    static let area = try! NumberParser(units: [
        ("㎡", 1), ("m²", 1), ("平方米", 1), ("万㎡", 10_000), ("万平方米", 10_000),
    ])

    @Test("areas are read with separators removed and the longest unit applied", arguments: [
        ("1200", 1200.0),
        ("1,234.5㎡", 1234.5),
        ("1,234,567平方米", 1_234_567),
        ("850 m²", 850),
        ("0.33万㎡", 3300),
        ("1.2万平方米", 12_000),
        ("3万㎡", 30_000),
        ("１２００㎡", 1200),
        ("０．３３万㎡", 3300),
        ("+15", 15),
        ("-2.5", -2.5),
        (".5㎡", 0.5),
        ("5.", 5),
        ("0", 0),
        ("007", 7),
        ("12345678901234567890123", 1.2345678901234568e22),
    ])
    func areasAreRead(text: String, expected: Double) throws {
        #expect(try Self.area.parse(text) == expected)
    }

    @Test("the power-of-ten unit is applied to the decimal exponent, exactly")
    func powerOfTenUnitsAreExact() throws {
        #expect(try Self.area.parse("0.07万㎡") == 700)
        #expect(0.07 * 10_000 != 700)  // the naive product is 700.0000000000001
        #expect(try Self.area.parse("1.1万㎡") == 11_000)
    }

    @Test("a unit that is not a power of ten multiplies the number")
    func otherMultipliers() throws {
        let mu = try NumberParser(units: [("亩", 666.6666666666666)])
        #expect(try mu.parse("3亩") == 3 * 666.6666666666666)
    }

    @Test("text that is not a number fails with the value")
    func notANumber() {
        for text in ["3,3a5㎡", "abc", "㎡", "", "-", ".", "1..2", "1.2.3", "1e3", "nan", "inf", "1 2"] {
            let error = #expect(throws: StepFailure.self, "\(text)") { try Self.area.parse(text) }
            #expect(error?.message.hasPrefix("not a number") == true, "\(text): \(error?.message ?? "")")
        }
        let error = #expect(throws: StepFailure.self) { try Self.area.parse("3,3a5㎡") }
        #expect(error?.message == #"not a number: "3,3a5㎡""#)
    }

    @Test("an unknown unit is named, with the known ones")
    func unknownUnit() {
        let error = #expect(throws: StepFailure.self) { try Self.area.parse("12亩") }
        #expect(error?.message == #"unknown unit "亩" (known: 万平方米, 平方米, 万㎡, ㎡, m²)"#)
    }

    @Test("without units any text after the number fails")
    func noUnitsMeansNoSuffix() throws {
        let plain = try NumberParser()
        #expect(try plain.parse("12.5") == 12.5)
        #expect(throws: StepFailure.self) { try plain.parse("12㎡") }
        #expect(throws: StepFailure.self) { try plain.parse("12 ") }
    }

    @Test("thousands separators must group the integer part by three", arguments: [
        "1,2,3", "12,34", "1234,567", ",123", "1,234,", "1,23.5", "1.234,5",
    ])
    func misplacedSeparatorsFail(text: String) {
        #expect(throws: StepFailure.self) { try Self.area.parse(text) }
    }

    @Test("a misplaced separator is reported as such")
    func misplacedSeparatorMessage() {
        let error = #expect(throws: StepFailure.self) { try Self.area.parse("1,2,3") }
        #expect(error?.message == #"misplaced thousands separator in "1,2,3" (groups after the first must have three digits)"#)
    }

    @Test("another separator, or none, can be configured")
    func configurableSeparator() throws {
        #expect(try NumberParser(thousandsSeparator: "'").parse("1'234.5") == 1234.5)
        #expect(try NumberParser(thousandsSeparator: "，").parse("1，234") == 1234)
        #expect(throws: StepFailure.self) { try NumberParser(thousandsSeparator: nil).parse("1,234") }
    }

    @Test("unit tables and separators that would be ambiguous are refused")
    func badTablesAreRefused() {
        #expect(throws: StepFailure.self) { try NumberParser(units: [("", 1)]) }
        #expect(throws: StepFailure.self) { try NumberParser(units: [("㎡", 1), ("㎡", 1)]) }
        #expect(throws: StepFailure.self) { try NumberParser(units: [("2㎡", 1)]) }
        #expect(throws: StepFailure.self) { try NumberParser(units: [(".㎡", 1)]) }
        #expect(throws: StepFailure.self) { try NumberParser(units: [("㎡", 0)]) }
        #expect(throws: StepFailure.self) { try NumberParser(units: [("㎡", .infinity)]) }
        #expect(throws: StepFailure.self) { try NumberParser(thousandsSeparator: ".") }
        #expect(throws: StepFailure.self) { try NumberParser(thousandsSeparator: "") }
    }

    @Test("numbers too large for a double fail")
    func hugeNumbersFail() {
        let digits = String(repeating: "9", count: 400)
        #expect(throws: StepFailure.self) { try NumberParser().parse(digits) }
    }

    @Test("integers are read with an allowed suffix, a sign and leading zeros", arguments: [
        ("86个", Int64(86)),
        ("86 个", 86),
        ("+3", 3),
        ("-12", -12),
        ("007", 7),
        ("3.0", 3),
        ("3.", 3),
        ("3.00个", 3),
        ("０８", 8),
        ("9223372036854775807", Int64.max),
        ("-9223372036854775808", Int64.min),
    ])
    func integersAreRead(text: String, expected: Int64) throws {
        let parser = try IntegerParser(suffixes: ["个"])
        #expect(try parser.parse(text) == expected)
    }

    @Test("fractions, separators and other text are not integers", arguments: [
        "1.5", "3.01", "1,000", "个", "", "abc", ".", "1e3", "86件个", "-", "1 2",
    ])
    func notIntegers(text: String) throws {
        let parser = try IntegerParser(suffixes: ["个"])
        #expect(throws: StepFailure.self) { try parser.parse(text) }
    }

    @Test("integer failures say what was wrong")
    func integerMessages() throws {
        let parser = try IntegerParser(suffixes: ["个"])
        #expect((#expect(throws: StepFailure.self) { try parser.parse("1.5") })?.message == #"not an integer: "1.5""#)
        #expect((#expect(throws: StepFailure.self) { try parser.parse("3件") })?.message == #"unknown suffix "件" (allowed: 个)"#)
        #expect((#expect(throws: StepFailure.self) { try parser.parse("9223372036854775808") })?.message
            == #"integer out of range: "9223372036854775808""#)
        #expect((#expect(throws: StepFailure.self) { try IntegerParser().parse("86个") })?.message == #"not an integer: "86个""#)
    }

    @Test("integers from number values: whole doubles pass, fractions fail")
    func integersFromNumbers() throws {
        #expect(try IntegerParser.integer(from: 3.0) == 3)
        #expect(try IntegerParser.integer(from: -0.0) == 0)
        #expect(try IntegerParser.integer(from: 9.2e18) == 9_200_000_000_000_000_000)
        #expect((#expect(throws: StepFailure.self) { try IntegerParser.integer(from: 1.5) })?.message == "not an integer: 1.5")
        #expect(throws: StepFailure.self) { try IntegerParser.integer(from: 9.3e18) }
        #expect(throws: StepFailure.self) { try IntegerParser.integer(from: .nan) }
    }
}
