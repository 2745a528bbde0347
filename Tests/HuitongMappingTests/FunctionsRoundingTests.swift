import Testing
@testable import HuitongMapping

@Suite("Rounding, decimal places and ranges")
struct FunctionsRoundingTests {
    @Test("rounding is half away from zero on the shortest decimal form", arguments: [
        (2.675, 2, 2.68),
        (1.005, 2, 1.01),
        (-2.5, 0, -3.0),
        (2.5, 0, 3.0),
        (0.5, 0, 1.0),
        (-0.5, 0, -1.0),
        (120.8945675, 6, 120.894568),
        (120.8945674, 6, 120.894567),
        (-120.8945675, 6, -120.894568),
        (1.45, 1, 1.5),
        (36.65, 1, 36.7),
        (1.0000005, 6, 1.000001),
        (0.0000004, 6, 0.0),
        (0.0000005, 6, 0.000001),
        (0.00000049, 6, 0.0),
        (1e-20, 2, 0.0),
        (99.995, 2, 100.0),
        (123456789.125, 2, 123456789.13),
        (1.5, 3, 1.5),
        (1e16, 2, 1e16),
        (7.0, 0, 7.0),
    ])
    func roundsHalfAwayFromZero(value: Double, decimals: Int, expected: Double) {
        #expect(NumberFunctions.rounded(value, toDecimals: decimals) == expected)
    }

    @Test("naive rounding of the scaled binary value gets these wrong; the shortest form does not")
    func naiveRoundingDiffers() {
        // 1.005 × 100 is 100.49999999999999 in binary, 0.285 × 100 is 28.499999999999996.
        #expect((1.005 * 100).rounded() / 100 == 1.0)
        #expect((0.285 * 100).rounded() / 100 == 0.28)
        #expect((5.015 * 100).rounded() / 100 == 5.01)
        #expect(NumberFunctions.rounded(1.005, toDecimals: 2) == 1.01)
        #expect(NumberFunctions.rounded(0.285, toDecimals: 2) == 0.29)
        #expect(NumberFunctions.rounded(5.015, toDecimals: 2) == 5.02)
    }

    @Test("rounding never gives negative zero and leaves non-finite values alone")
    func roundingEdgeCases() {
        let rounded = NumberFunctions.rounded(-0.0001, toDecimals: 2)
        #expect(rounded == 0 && rounded.sign == .plus)
        #expect(NumberFunctions.rounded(-0.0, toDecimals: 2).sign == .plus)
        #expect(NumberFunctions.rounded(.infinity, toDecimals: 2) == .infinity)
        #expect(NumberFunctions.rounded(.nan, toDecimals: 2).isNaN)
        #expect(NumberFunctions.rounded(2.675, toDecimals: -1) == 3)
    }

    @Test("decimal places are counted on the shortest form", arguments: [
        (3.0, 0), (0.25, 2), (2.675, 3), (120.894568, 6), (1e-7, 7), (1e21, 0), (-0.5, 1), (0.1 + 0.2, 17),
    ])
    func decimalPlacesAreCounted(value: Double, places: Int) {
        #expect(NumberFunctions.decimalPlaces(of: value) == places)
    }

    @Test("at most N decimals is checked")
    func atMostDecimals() throws {
        try NumberFunctions.requireAtMostDecimals(12.34, 2)
        let error = #expect(throws: StepFailure.self) { try NumberFunctions.requireAtMostDecimals(12.345, 2) }
        #expect(error?.message == "12.345 has 3 decimal places; at most 2 are allowed")
    }

    @Test("numbers are written as people read them", arguments: [
        (3300.0, "3300"), (2.5, "2.5"), (-0.001, "-0.001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"),
        (1e21, "1e+21"), (123456789012345680000.0, "123456789012345680000"), (0.000001, "0.000001"), (0.0, "0"),
    ])
    func numberText(value: Double, text: String) {
        #expect(NumberFunctions.text(of: value) == text)
    }

    @Test("a range checks inclusive and exclusive bounds", arguments: [
        (-40.0, true), (80.0, true), (-40.1, false), (80.5, false), (20.0, true),
    ])
    func inclusiveRange(value: Double, passes: Bool) throws {
        let range = try NumberRange(lower: .inclusive(-40), upper: .inclusive(80))
        if passes {
            try range.check(value)
        } else {
            #expect(throws: StepFailure.self) { try range.check(value) }
        }
    }

    @Test("range failures say which bound was broken")
    func rangeMessages() throws {
        let temperature = try NumberRange(lower: .inclusive(-40), upper: .inclusive(80))
        #expect((#expect(throws: StepFailure.self) { try temperature.check(85) })?.message == "85 is above the maximum 80")
        #expect((#expect(throws: StepFailure.self) { try temperature.check(-41.5) })?.message == "-41.5 is below the minimum -40")
        let positive = try NumberRange(lower: .exclusive(0))
        #expect((#expect(throws: StepFailure.self) { try positive.check(0) })?.message == "0 is not above 0")
        try positive.check(Double(Int64(1)))
        let below = try NumberRange(upper: .exclusive(100))
        #expect((#expect(throws: StepFailure.self) { try below.check(100) })?.message == "100 is not below 100")
        #expect(throws: StepFailure.self) { try below.check(.nan) }
    }

    @Test("ranges that admit nothing or have no bound are refused")
    func badRangesAreRefused() {
        #expect(throws: StepFailure.self) { try NumberRange() }
        #expect(throws: StepFailure.self) { try NumberRange(lower: .inclusive(5), upper: .inclusive(4)) }
        #expect(throws: StepFailure.self) { try NumberRange(lower: .exclusive(5), upper: .inclusive(5)) }
        #expect(throws: StepFailure.self) { try NumberRange(lower: .inclusive(.nan)) }
    }
}
