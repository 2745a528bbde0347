import Testing
@testable import HuitongYAML

@Suite("Core schema resolution of plain scalars")
struct CoreSchemaResolutionTests {
    @Test("~, null, Null, NULL and an empty value are null", arguments: ["~", "null", "Null", "NULL", ""])
    func nullForms(text: String) throws {
        #expect(try YAMLTestLoading.scalar(text)?.resolution == .null)
    }

    @Test(
        "only true/True/TRUE/false/False/FALSE are booleans",
        arguments: [("true", true), ("True", true), ("TRUE", true), ("false", false), ("False", false), ("FALSE", false)]
    )
    func booleans(text: String, value: Bool) throws {
        #expect(try YAMLTestLoading.scalar(text)?.resolution == .bool(value))
    }

    @Test("YAML 1.1 booleans such as yes, on and NO stay strings", arguments: ["yes", "Yes", "on", "off", "NO", "y", "n"])
    func yamlOneOneBooleansAreStrings(text: String) throws {
        #expect(try YAMLTestLoading.scalar(text)?.resolution == .string)
    }

    @Test(
        "integers resolve in decimal, 0o octal and 0x hexadecimal",
        arguments: [
            ("0o17", Int64(15)), ("0x1F", 31), ("0x1f", 31), ("-42", -42), ("+7", 7), ("0513", 513),
            ("9223372036854775807", .max), ("-9223372036854775808", .min),
        ]
    )
    func integers(text: String, value: Int64) throws {
        #expect(try YAMLTestLoading.scalar(text)?.resolution == .int(value))
    }

    @Test(
        "floats resolve in decimal and exponent notation and as infinities",
        arguments: [
            ("1.5", 1.5), ("-2e3", -2000), (".5", 0.5), ("1.", 1), ("1E-2", 0.01),
            (".inf", .infinity), ("+.Inf", .infinity), ("-.INF", -.infinity),
        ]
    )
    func floats(text: String, value: Double) throws {
        #expect(try YAMLTestLoading.scalar(text)?.resolution == .float(value))
    }

    @Test(".nan, .NaN and .NAN resolve to NaN", arguments: [".nan", ".NaN", ".NAN"])
    func notANumber(text: String) throws {
        guard case .float(let value)? = try YAMLTestLoading.scalar(text)?.resolution else {
            Issue.record("\(text) did not resolve to a float")
            return
        }
        #expect(value.isNaN)
    }

    @Test(
        "text that only looks numeric stays a string",
        arguments: ["0x", "0o8", "0X1F", "1_000", "0b101", "1.2.3", "12:30", "+", ".", "1e", "-.nan", "nan", "inf"]
    )
    func lookalikesAreStrings(text: String) throws {
        #expect(try YAMLTestLoading.scalar(text)?.resolution == .string)
    }

    @Test("an integer beyond Int64 keeps its digits and is marked out of range")
    func bigIntegerIsMarkedOutOfRange() throws {
        let scalar = try YAMLTestLoading.scalar("123456789012345678901234567890")
        #expect(scalar?.resolution == .integerOutOfRange)
        #expect(scalar?.text == "123456789012345678901234567890")
    }

    @Test("quoted and block scalars are strings whatever they contain")
    func nonPlainScalarsAreStrings() throws {
        let node = try YAMLTestLoading.document("a: '12'\nb: \"true\"\nc: |\n  null\nd: >\n  0x1F\n")
        let resolutions = try node.requireMapping().map { $0.value.scalar?.resolution }
        #expect(resolutions == [.string, .string, .string, .string])
    }
}
