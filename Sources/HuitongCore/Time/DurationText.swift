/// A length of time as operators write it in configuration and on the command line: a whole
/// number and one unit, `90s`, `15m`, `2h` or `1d`.
package enum DurationText {
    private static let units: [(suffix: Character, seconds: Int64)] = [("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]

    /// The seconds `text` stands for; nil unless it is a whole number above 0 and one unit.
    package static func seconds(_ text: String) -> Int64? {
        guard let last = text.last, let unit = units.first(where: { $0.suffix == last }) else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCII), let number = Int64(digits), number > 0 else { return nil }
        return number * unit.seconds
    }

    /// The shortest way to write `seconds` in the largest unit that divides it (`86400` is `1d`).
    package static func text(seconds: Int64) -> String {
        for unit in units.reversed() where seconds != 0 && seconds % unit.seconds == 0 {
            return "\(seconds / unit.seconds)\(unit.suffix)"
        }
        return "\(seconds)s"
    }

    /// An age for people, in its two largest units: `45s`, `12m 5s`, `3h 12m`, `2d 4h`.
    package static func approximate(seconds: Int64) -> String {
        let seconds = max(0, seconds)
        var parts: [String] = []
        var rest = seconds
        for unit in units.reversed() where rest >= unit.seconds || (unit.seconds == 1 && parts.isEmpty) {
            parts.append("\(rest / unit.seconds)\(unit.suffix)")
            rest %= unit.seconds
            if parts.count == 2 { break }
        }
        return parts.joined(separator: " ")
    }
}
