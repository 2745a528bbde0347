import HuitongCore
import HuitongYAML
import Testing
@testable import HuitongMapping

@Suite("Field rules")
struct SchemaFieldRuleTests {
    static let tables = CodeTableSet([
        CodeTable(name: "shelter_status", label: "工程状态", entries: [
            CodeEntry(code: "IN_USE", label: "在用", aliases: ["使用中"]), CodeEntry(code: "DISABLED", label: "停用"),
        ]),
        CodeTable(name: "city.protectLevel", label: "抗力级别", platform: "city", entries: [
            CodeEntry(code: "1", label: "核5级"), CodeEntry(code: "2", label: "核6级"),
        ]),
    ])

    /// A platform field rule written in YAML flow style.
    static func rule(_ yaml: String) throws -> FieldRule {
        let node = try YAMLLoader.load(text: yaml, fileName: "rule.yaml").requireSingleDocument()
        return try FieldRule.load(from: node, codeTables: tables)
    }

    static func messages(_ yaml: String, _ value: Value?) throws -> [String] {
        try rule(yaml).violations(of: value, codeTables: tables).map(\.message)
    }

    @Test("text longer or shorter than its length, or off its pattern, says so")
    func text() throws {
        let id = "{type: string, length: {min: 2, max: 32}}"
        #expect(try Self.messages(id, .string(String(repeating: "号", count: 33))) == ["longer than 32 characters"])
        #expect(try Self.messages(id, "A") == ["shorter than 2 characters"])
        #expect(try Self.messages(id, .string(String(repeating: "号", count: 32))) == [])
        let mobile = "{type: string, pattern: '1[3-9][0-9]{9}', length: {max: 11}}"
        #expect(try Self.messages(mobile, "13812345678") == [])
        #expect(try Self.messages(mobile, "138123456789") == [
            "longer than 11 characters", #"does not match the pattern 1[3-9][0-9]{9}: "138123456789""#,
        ])
        #expect(try Self.messages(mobile, "x13812345678").count == 2)
    }

    @Test("a code must be a code of the rule's table, not a label or alias")
    func codes() throws {
        let status = "{type: code, codes: shelter_status}"
        #expect(try Self.messages(status, "IN_USE") == [])
        #expect(try Self.messages(status, "X") == [#"not one of the codes of table shelter_status: "X""#])
        #expect(try Self.messages(status, "在用") == [#"not one of the codes of table shelter_status: "在用""#])
        #expect(try Self.messages(status, 1) == ["expected a code of table shelter_status, found the number 1"])
    }

    @Test("an integer a platform codes is checked by its decimal text")
    func codedInteger() throws {
        let level = "{type: integer, codes: city.protectLevel, required: true}"
        #expect(try Self.messages(level, 2) == [])
        #expect(try Self.messages(level, 7) == [#"not one of the codes of table city.protectLevel: "7""#])
        #expect(try Self.messages(level, "2") == [#"expected an integer, found "2""#])
    }

    @Test("numbers outside their range, or with too many decimals, say which bound they broke")
    func numbers() throws {
        let area = "{type: decimal, range: {min_exclusive: 0}, decimals: 2}"
        #expect(try Self.messages(area, 3315.55) == [])
        #expect(try Self.messages(area, 3315) == [])
        #expect(try Self.messages(area, 0) == ["0 is not above 0"])
        #expect(try Self.messages(area, 3315.555) == ["more than 2 decimals: 3315.555"])
        let temperature = "{type: decimal, range: {min: -40, max: 80}, decimals: 1}"
        #expect(try Self.messages(temperature, 80) == [])
        #expect(try Self.messages(temperature, 80.5) == ["80.5 is above the maximum 80"])
        #expect(try Self.messages(temperature, -40.25) == ["-40.25 is below the minimum -40", "more than 1 decimal: -40.25"])
        #expect(try Self.messages(temperature, 0.0000001) == ["more than 1 decimal: 1e-7"])
        #expect(try Self.messages("{type: integer, range: {min: 1}}", 1.5) == ["expected an integer, found the number 1.5"])
    }

    @Test("dates, instants and booleans must have their exact form")
    func forms() throws {
        #expect(try Self.messages("{type: date}", "2019-07-01") == [])
        #expect(try Self.messages("{type: date}", "2019/7/1") == [#"expected a date yyyy-MM-dd, found "2019/7/1""#])
        #expect(try Self.messages("{type: date}", "2026-02-29").count == 1)
        #expect(try Self.messages("{type: datetime}", "2026-11-28T09:30:00+08:00") == [])
        #expect(try Self.messages("{type: datetime}", "2026-11-28T01:30:00.250Z") == [])
        #expect(try Self.messages("{type: datetime}", "2026-11-28 09:30:00") == [
            #"expected an RFC 3339 date and time with offset, found "2026-11-28 09:30:00""#,
        ])
        #expect(try Self.messages("{type: datetime, format: 'yyyy-MM-dd HH:mm:ss'}", "2026-11-28 09:30:00") == [])
        #expect(try Self.messages("{type: datetime, format: epoch_ms}", 1_764_293_400_000) == [])
        #expect(try Self.messages("{type: datetime, format: epoch_ms}", "1764293400000").count == 1)
        #expect(try Self.messages("{type: boolean}", false) == [])
        #expect(try Self.messages("{type: boolean}", 0) == ["expected true or false, found the number 0"])
    }

    @Test("points and areas must have the schema's JSON shape")
    func geometry() throws {
        #expect(try Self.messages("{type: point}", ["lon": 120.894, "lat": 31.981]) == [])
        #expect(try Self.messages("{type: point}", ["lon": 120.894]).count == 1)
        #expect(try Self.messages("{type: point}", ["lon": 120.894, "lat": 31.981, "alt": 3]).count == 1)
        #expect(try Self.messages("{type: point}", ["lon": 200, "lat": 31.981]).count == 1)
        #expect(try Self.messages("{type: point, decimals: 6}", ["lon": 120.8941234, "lat": 31.981]) == [
            "lon has more than 6 decimals: 120.8941234",
        ])
        let square: Value = [
            "type": "polygon",
            "points": [["lon": 120, "lat": 31], ["lon": 121, "lat": 31], ["lon": 121, "lat": 32], ["lon": 120, "lat": 31]],
        ]
        #expect(try Self.messages("{type: area}", square) == [])
        #expect(try Self.messages("{type: area}", ["type": "circle", "center": ["lon": 120, "lat": 31], "radius_km": 5]) == [])
        #expect(try Self.messages("{type: area}", ["type": "circle", "center": ["lon": 120, "lat": 31], "radius_km": 0]).count == 1)
        #expect(try Self.messages("{type: area}", ["type": "polygon", "points": [["lon": 120, "lat": 31]]]).count == 1)
        #expect(try Self.messages("{type: area}", ["type": "square"]).count == 1)
    }

    @Test("absent means missing, null or blank text: a violation only when required")
    func absence() throws {
        let required = "{type: string, required: true, length: {min: 5}}"
        #expect(try Self.messages(required, nil) == ["required but absent"])
        #expect(try Self.messages(required, .null) == ["required but absent"])
        #expect(try Self.messages(required, " \u{3000}") == ["required but absent"])
        #expect(try Self.rule(required).violations(of: nil, codeTables: Self.tables).first?.kind == .requiredAbsent)
        #expect(try Self.messages("{type: string, length: {min: 5}}", nil) == [])
        #expect(try Self.messages("{type: integer}", .null) == [])
    }

    @Test("blank text is exactly text of White_Space scalars, at the fast path's boundaries too")
    func blankTextBoundaries() throws {
        let rule = try Self.rule("{type: string, required: true}")
        func isAbsent(_ text: String) -> Bool {
            rule.violations(of: .string(text), codeTables: Self.tables).first?.kind == .requiredAbsent
        }
        let scalars = (0...0x3100).compactMap(Unicode.Scalar.init) + ["\u{FEFF}", "\u{FFFD}", "\u{1F600}"]
        for scalar in scalars {
            #expect(isAbsent(String(scalar)) == scalar.properties.isWhitespace, "U+\(String(scalar.value, radix: 16))")
        }
        #expect(isAbsent(""))
        #expect(isAbsent("\u{3000}\u{3000}"))
        #expect(isAbsent("\u{3000} \t\u{A0}"))
        #expect(!isAbsent("\u{3000}号"))
        #expect(!isAbsent("\u{FEFF} "))
        #expect(!isAbsent(" \u{FEFF}"))
        #expect(!isAbsent("\u{7F} "))
    }

    @Test("the quick decimals check agrees with counting the shortest text's decimals")
    func decimalsQuickCheck() {
        var random = SeededRandom(seed: 20261129)
        var samples: [Double] = [0, -0.0, 0.1, 0.3, 3315.55, 3315.555, 1e-7, 120.0, 1e15 + 0.5, 0x1p53, 0x1p53 + 2, .infinity, .nan]
        for _ in 0..<5_000 {
            // Numbers written with a few decimals, as records carry them, and arbitrary bit patterns.
            let written = Double(Int64.random(in: -10_000_000_000...10_000_000_000, using: &random))
                / DecimalScanner.powersOfTen[Int.random(in: 0...12, using: &random)]
            samples.append(written)
            samples.append(written + Double(Int.random(in: -2...2, using: &random)) * written.ulp)
            samples.append(Double(bitPattern: random.next()))
        }
        for double in samples {
            for decimals in [0, 1, 2, 3, 6, 7, 15, 22] {
                #expect(DecimalPlaces.count(of: double, exceeds: decimals) == (DecimalPlaces.count(of: double) > decimals), "\(double), \(decimals)")
            }
        }
    }

    @Test("each violation names the constraint it broke")
    func kinds() throws {
        let rule = try Self.rule("{type: string, length: {max: 2}, pattern: '[a-z]+'}")
        #expect(rule.violations(of: "ABC", codeTables: Self.tables).map(\.kind) == [.tooLong, .patternMismatch])
        #expect(RuleViolation.Kind.tooLong.description == "length.max")
        #expect(RuleViolation.Kind.unknownCode.description == "codes")
    }

    @Test("a platform field rule defaults to optional and may say how its datetime is written")
    func platformRule() throws {
        let rule = try Self.rule("{type: datetime, format: epoch_ms}")
        #expect(rule.required == false)
        #expect(rule.timeFormat == .epochMilliseconds)
        #expect(rule.constraintPhrases == ["format epoch_ms"])
    }

    @Test("loading a platform field rule throws its first problem, at the node")
    func loadErrors() throws {
        let error = try #require(throws: YAMLError.self) { try Self.rule("{type: string, format: epoch_ms}") }
        #expect(error.message == "format applies to datetime fields, not to a string field; remove it")
        #expect(error.location.column == 24)
        let unknown = try #require(throws: YAMLError.self) { try Self.rule("{type: code, codes: shelter_statu}") }
        #expect(unknown.code == .unknownReference)
        let range = try #require(throws: YAMLError.self) { try Self.rule("{type: decimal, range: {min: 5, max: 1}}") }
        #expect(range.code == .invalidValue)
        let both = try #require(throws: YAMLError.self) { try Self.rule("{type: decimal, range: {min: 0, min_exclusive: 0}}") }
        #expect(both.message == "give min or min_exclusive, not both")
    }

    @Test("constraints read as phrases for the data dictionary")
    func phrases() throws {
        #expect(try Self.rule("{type: string, length: {min: 18, max: 18}}").constraintPhrases == ["exactly 18 characters"])
        #expect(try Self.rule("{type: decimal, range: {min_exclusive: 0}, decimals: 2}").constraintPhrases == ["> 0", "at most 2 decimals"])
        #expect(try Self.rule("{type: decimal, range: {min: -40, max: 80}}").constraintPhrases == ["≥ -40 and ≤ 80"])
        #expect(try Self.rule("{type: code, codes: shelter_status}").constraintPhrases == ["codes: shelter_status"])
    }
}
