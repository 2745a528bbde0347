import HuitongCore
import Testing
@testable import HuitongMapping

/// Random input thrown at every parser: each must return or throw a ``StepFailure``, never
/// trap, whatever a source export contains.
@Suite("Robustness of the functions against random input")
struct FunctionsRobustnessTests {

    /// Characters that mean something to at least one parser, and some that mean nothing.
    static let pieces: [String] = [
        "0", "1", "2", "5", "9", "０", "９", "．", "＋", "－", ".", ",", "，", "-", "+", "/", ":", " ", "\u{3000}",
        "\t", "T", "Z", "z", "e", "E", "x", "万", "㎡", "m²", "平方米", "年", "月", "日", "个", "{", "}", "{value}",
        "{0}", "$", "$1", "(", ")", "[", "]", "\\", "*", "?", "e\u{301}", "👨‍👩‍👧", "\u{FEFF}", "\u{0}", "A", "Y", "I",
        "9999999999999999999999", "2026-11-28", "09:30:00", "+08:00", "32.0,120.9", "..", ",,,",
    ]

    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        var generator = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            let length = Int.random(in: 0...12, using: &generator)
            return (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    @Test("number, integer, date, area and identifier parsers never trap")
    func parsersNeverTrap() throws {
        let number = try NumberParser(units: [("㎡", 1), ("万㎡", 10_000), ("平方米", 1)])
        let plain = try NumberParser(thousandsSeparator: nil)
        let integer = try IntegerParser(suffixes: ["个"])
        let date = try DateParser(formats: ["yyyy-MM-dd", "yyyy/M/d", "yyyy年M月d日"])
        let dateTime = try DateTimeParser(formats: ["yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm", "rfc3339", "epoch_seconds", "epoch_milliseconds"])
        let classifier = try KeywordClassifier(rules: [(["万", "年"], "A"), (["e"], "B")])
        let removal = try TextRemoval(removing: [",", "..", "年"])
        let mask = try TextMask(keepStart: 3, keepEnd: 4)
        var outcomes = 0
        for text in Self.randomTexts(count: 20_000, seed: 20_261_128) {
            if (try? number.parse(text)) != nil { outcomes += 1 }
            _ = try? plain.parse(text)
            _ = try? integer.parse(text)
            _ = try? date.parse(text)
            _ = try? dateTime.parse(text)
            _ = try? GeoArea.parsePolygon(text)
            _ = try? GeoArea.parseCircle(text)
            _ = try? UnifiedSocialCreditCode.validate(text, checkingOrganizationCode: true)
            _ = try? MobileNumber.validate(text)
            _ = try? mask.apply(to: text)
            _ = try? DateTimeFunctions.zone(named: text)
            _ = try? CalendarDate(canonical: text)
            _ = classifier.firstMatch(in: text)
            _ = removal.apply(to: text)
            _ = TextFunctions.trimmed(text)
            _ = TextFunctions.digits(text)
            _ = TextFunctions.cut(text, toCharacters: 3)
            _ = TextFunctions.uppercased(text)
        }
        #expect(outcomes > 0)  // the generator does produce numbers, so both paths ran
    }

    @Test("random templates and date-time patterns compile or fail cleanly, and render or fail cleanly")
    func templatesAndPatternsNeverTrap() {
        for text in Self.randomTexts(count: 5_000, seed: 7) {
            if let template = try? TextTemplate.parse(text) {
                _ = try? template.render(.string(text))
                _ = try? template.render(.array([.integer(1), .null, .double(2.5)]))
            }
            if let pattern = try? DateTimePattern(text) {
                _ = pattern.match(text)
                _ = pattern.format(Timestamp(millisecondsSinceEpoch: Int64(text.utf8.count) * 86_400_000_000), in: .beijing)
            }
        }
    }

    @Test("random subject text against compiled regular expressions never traps")
    func regularExpressionsNeverTrap() throws {
        let patterns = try [#"(\d+)[年/-](\d{1,2})"#, #"^\s*(?<n>[0-9０-９]+)\s*$"#, "(a)|(b)", ".*"].map { try TextPattern($0) }
        for text in Self.randomTexts(count: 2_000, seed: 99) {
            for pattern in patterns {
                _ = pattern.wholeMatches(text)
                _ = try? pattern.extract(group: pattern.captureGroupCount, from: text)
                if let replacement = try? TextReplacement("<$\(pattern.captureGroupCount)>$$", for: pattern) {
                    _ = pattern.replacingMatches(in: text, with: replacement)
                }
            }
        }
    }

    @Test("random numbers round and convert without trapping")
    func numbersNeverTrap() {
        var generator = SeededRandom(seed: 1)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next())
            let decimals = Int.random(in: -2...25, using: &generator)
            let rounded = NumberFunctions.rounded(value, toDecimals: decimals)
            #expect(rounded.isNaN == value.isNaN)
            _ = NumberFunctions.decimalPlaces(of: value)
            _ = NumberFunctions.text(of: value)
            _ = try? IntegerParser.integer(from: value)
            let point = GeoPoint(lon: value, lat: Double(bitPattern: generator.next()))
            _ = Datum.bd09.convert(point, to: .wgs84)
        }
    }

    @Test("rounding agrees with decimal rounding of the shortest form on random coordinates")
    func roundingAgreesWithDecimalText() {
        var generator = SeededRandom(seed: 42)
        for _ in 0..<20_000 {
            // Seven-decimal coordinates with a 5 in the last place: every one is a tie in decimal.
            let micro = Int64.random(in: 116_000_000...122_000_000, using: &generator)
            let text = "\(micro / 1_000_000).\(String(micro % 1_000_000).leftPadded(to: 6))5"
            let value = Double(text)!
            let expected = Double("\(micro / 1_000_000).\(String(micro % 1_000_000 + 1).leftPadded(to: 6))")!
            if micro % 1_000_000 == 999_999 { continue }  // the carry is tested in the table
            #expect(NumberFunctions.rounded(value, toDecimals: 6) == expected, "\(text)")
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
