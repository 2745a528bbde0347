import HuitongCore
import Testing
@testable import HuitongMapping

/// The number steps through the language: number, integer, round and range.
@Suite("Mapping steps: numbers")
struct MappingStepNumberTests {
    // MARK: number

    @Test("number reads a decimal with the default thousands separator")
    func numberSeparators() throws {
        let probe = try StepProbe("amount", steps: "- number")
        #expect(try probe.value("1,234.5") == 1234.5)
        #expect(try probe.value("-0.25") == -0.25)
    }

    @Test("number applies the longest matching unit, so 0.33万㎡ is 3300 and not 0.33 ㎡")
    func numberUnits() throws {
        let probe = try StepProbe("amount", steps: "- number: {units: {㎡: 1, 万㎡: 10000, 平方米: 1}}")
        #expect(try probe.value("0.33万㎡") == 3300.0)
        #expect(try probe.value("1,200 ㎡") == 1200.0)
        #expect(try probe.value("86.5平方米") == 86.5)
        #expect(try probe.value("120") == 120.0)
    }

    @Test("number with a 万 unit multiplies by ten thousand exactly")
    func numberTenThousand() throws {
        let probe = try StepProbe("amount", steps: "- number: {units: {万: 10000}}")
        #expect(try probe.value("1.2万") == 12000.0)
        #expect(try probe.value("0.0001万") == 1.0)
    }

    @Test("number fails an unknown unit and names the known ones, longest first")
    func numberUnknownUnit() throws {
        let failure = try StepProbe("amount", steps: "- number: {units: {㎡: 1, 万㎡: 10000}}").failure("12亩")
        #expect(failure.rule == "number")
        #expect(failure.value == "12亩")
        #expect(failure.message == #"unknown unit "亩" (known: 万㎡, ㎡)"#)
    }

    @Test("number without units fails text after the number")
    func numberNoUnits() throws {
        let failure = try StepProbe("amount", steps: "- number").failure("12m")
        #expect(failure.message == #"not a number: "12m" (no unit is allowed here)"#)
    }

    @Test("number with thousands: null reads a comma as not part of a number")
    func numberWithoutSeparator() throws {
        let probe = try StepProbe("amount", steps: "- number: {thousands: null}")
        #expect(try probe.value("1234.5") == 1234.5)
        #expect(try probe.failure("1,234").message == #"not a number: "1,234""#)
    }

    @Test("number passes numbers through as decimals")
    func numberFromInteger() throws {
        #expect(try StepProbe("amount", from: "n", steps: "- number").value(record: ["n": 86]) == .double(86))
    }

    @Test("number refuses a unit that starts like a number when the mapping is loaded")
    func numberBadUnit() throws {
        let errors = try StepProbe.errors("amount", steps: "- number: {units: {2x: 1}}")
        #expect(errors == [#"13:17 unit "2x" starts like a number and could not be told apart from it"#])
    }

    // MARK: integer

    @Test("integer reads whole numbers, with a zero fraction allowed")
    func integerStep() throws {
        let probe = try StepProbe("count", steps: "- integer")
        #expect(try probe.value("86") == 86)
        #expect(try probe.value("3.00") == 3)
        #expect(try probe.value("-5") == -5)
    }

    @Test("integer removes an allowed suffix")
    func integerSuffix() throws {
        let probe = try StepProbe("count", steps: "- integer: {suffixes: [个, 辆]}")
        #expect(try probe.value("86个") == 86)
        #expect(try probe.value("12 辆") == 12)
    }

    @Test("integer fails an unknown suffix and names the allowed ones")
    func integerUnknownSuffix() throws {
        let failure = try StepProbe("count", steps: "- integer: {suffixes: [个]}").failure("86台")
        #expect(failure.rule == "integer")
        #expect(failure.message == #"unknown suffix "台" (allowed: 个)"#)
    }

    @Test("integer fails a fraction")
    func integerFraction() throws {
        #expect(try StepProbe("count", steps: "- integer").failure("3.5").message == #"not an integer: "3.5""#)
    }

    @Test("integer takes a decimal value that is whole and fails one that is not")
    func integerFromDecimal() throws {
        let probe = try StepProbe("count", steps: "- number\n- integer")
        #expect(try probe.value("3.0") == 3)
        #expect(try probe.failure("3.5").message == "not an integer: 3.5")
    }

    // MARK: round

    @Test("round rounds a decimal half away from zero on its decimal digits")
    func roundDecimal() throws {
        let probe = try StepProbe("amount", steps: "- number\n- round: 2")
        #expect(try probe.value("2.675") == 2.68)
        #expect(try probe.value("-2.675") == -2.68)
        #expect(try probe.value("3315.554") == 3315.55)
    }

    @Test("round to no decimals rounds .5 away from zero")
    func roundHalf() throws {
        let probe = try StepProbe("amount", steps: "- number\n- round: 0")
        #expect(try probe.value("2.5") == 3.0)
        #expect(try probe.value("-2.5") == -3.0)
    }

    @Test("round on a point rounds both coordinates")
    func roundPoint() throws {
        let probe = try StepProbe("place", from: "[a, b]", steps: "- number\n- point\n- round: 6")
        let place = try probe.value(record: ["a": "120.89444449", "b": "31.98000051"])
        #expect(place == ["lon": 120.894444, "lat": 31.980001])
    }

    @Test("round refuses text and more than 15 decimals when the mapping is loaded")
    func roundErrors() throws {
        #expect(try StepProbe.errors("amount", steps: "- round: 2")
            == ["13:9 step round takes decimal or integer or point, but receives string here"])
        #expect(try StepProbe.errors("amount", steps: "- number\n- round: 16") == ["14:16 round takes 0 to 15 decimals"])
    }

    // MARK: range

    @Test("range passes numbers within inclusive bounds")
    func rangeInclusive() throws {
        let probe = try StepProbe("amount", steps: "- number\n- range: {min: -40, max: 80}")
        #expect(try probe.value("-40") == -40.0)
        #expect(try probe.value("80") == 80.0)
    }

    @Test("range fails numbers outside inclusive bounds, saying which bound")
    func rangeOutside() throws {
        let probe = try StepProbe("amount", steps: "- number\n- range: {min: -40, max: 80}")
        let low = try probe.failure("-40.5")
        #expect(low.rule == "range")
        #expect(low.message == "-40.5 is below the minimum -40")
        #expect(try probe.failure("81").message == "81 is above the maximum 80")
    }

    @Test("range with exclusive bounds fails the bound itself")
    func rangeExclusive() throws {
        let probe = try StepProbe("count", steps: "- integer\n- range: {min_exclusive: 0, max_exclusive: 10}")
        #expect(try probe.value("1") == 1)
        #expect(try probe.failure("0").message == "0 is not above 0")
        #expect(try probe.failure("10").message == "10 is not below 10")
    }

    @Test("range refuses both an inclusive and an exclusive minimum")
    func rangeBothBounds() throws {
        let errors = try StepProbe.errors("amount", steps: "- number\n- range: {min: 0, min_exclusive: 0}")
        #expect(errors == ["14:16 range takes min or min_exclusive, not both"])
    }

    @Test("range refuses bounds that admit no number")
    func rangeEmpty() throws {
        let errors = try StepProbe.errors("amount", steps: "- number\n- range: {min: 5, max: 1}")
        #expect(errors == ["14:16 range admits no number: minimum 5 and maximum 1"])
    }
}
