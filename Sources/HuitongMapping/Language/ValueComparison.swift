import HuitongCore

/// How record rules compare values: numbers by magnitude, RFC 3339 times as instants,
/// other strings by their Unicode scalars.
enum ValueComparison {
    static func equal(_ a: Value, _ b: Value) -> Bool {
        if let order = order(a, b) { return order == 0 }
        return a == b
    }

    /// -1, 0 or 1; nil when the two cannot be ordered (a number and a string, say).
    static func order(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case let (.integer(x), .integer(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.integer, .double(y)): return compare(a.doubleValue ?? 0, y)
        case let (.double(x), .integer): return compare(x, b.doubleValue ?? 0)
        case let (.double(x), .double(y)): return compare(x, y)
        case let (.string(x), .string(y)):
            if x.count >= 20, y.count >= 20,
               let tx = try? Timestamp(parsing: x, as: .rfc3339), let ty = try? Timestamp(parsing: y, as: .rfc3339) {
                return tx < ty ? -1 : (tx == ty ? 0 : 1)
            }
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : (x == y ? 0 : 1)
        case let (.bool(x), .bool(y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.null, .null): return 0
        default: return nil
        }
    }

    /// -1, 0 or 1 comparing the calendar dates two values name (see ``calendarDate(of:)``);
    /// nil when either names none.
    static func dateOrder(_ a: Value, _ b: Value) -> Int? {
        guard let x = calendarDate(of: a), let y = calendarDate(of: b) else { return nil }
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    /// The Beijing calendar date a value names: a `yyyy-MM-dd` date itself, a
    /// `yyyy-MM-dd HH:mm:ss` wall time (Beijing, as platforms write them) its day, an RFC 3339
    /// instant its day in Beijing; nil for anything else.
    static func calendarDate(of value: Value) -> CalendarDate? {
        guard case let .string(text) = value else { return nil }
        if text.utf8.count == 10 { return try? CalendarDate(canonical: text) }
        for format in [TimestampFormat.dateTime, .rfc3339] {
            if let instant = try? Timestamp(parsing: text, as: format, in: .beijing) {
                return CalendarDate(instant, in: .beijing)
            }
        }
        return nil
    }

    private static func compare(_ x: Double, _ y: Double) -> Int { x < y ? -1 : (x == y ? 0 : 1) }

    /// A value as an operator reads it in a reason: strings bare, everything else as JSON.
    static func text(_ value: Value) -> String {
        switch value {
        case let .string(text): return text
        case .null: return ""
        default: return (try? JSONWriter().string(for: value)) ?? ""
        }
    }
}
