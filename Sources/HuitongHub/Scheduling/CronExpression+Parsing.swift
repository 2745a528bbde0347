extension CronExpression {
    /// Reads five whitespace-separated fields: `minute hour day-of-month month day-of-week`.
    ///
    /// Each field is a comma-separated list of `*`, a value, a range `A-B`, or either with a
    /// step: `*/15`, `1-30/5`, `5/10` (from 5 to the field's end). Months may be written
    /// `JAN`–`DEC` and weekdays `SUN`–`SAT`, in any case; 0 and 7 are both Sunday, and a range
    /// may end on Sunday as `SAT-SUN`, `5-7` or `FRI-0`. When both day fields are restricted
    /// (neither starts with `*`), a day matches if either does (Vixie cron's rule).
    ///
    /// Throws a ``ScheduleSyntaxError`` naming the field, the value and what the field allows,
    /// and refuses expressions that never fire (`0 0 30 2 *`).
    init(parsing text: String) throws(ScheduleSyntaxError) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == CronField.allCases.count else {
            throw ScheduleSyntaxError(
                .fieldCount,
                "\"\(text)\" has \(fields.count) field\(fields.count == 1 ? "" : "s"); a cron expression has 5: minute hour day-of-month month day-of-week"
            )
        }
        var masks: [UInt64] = []
        for field in CronField.allCases {
            masks.append(try Self.values(of: fields[field.rawValue - 1], as: field))
        }
        // 7 is Sunday as well as 0.
        let weekdays = (masks[4] | masks[4] >> 7) & UInt64(Self.allDaysOfWeek)
        self.init(
            minutes: masks[0], hours: UInt32(masks[1]), daysOfMonth: UInt32(masks[2]), months: UInt16(masks[3]),
            daysOfWeek: UInt8(weekdays), daysMatchEither: !fields[2].hasPrefix("*") && !fields[4].hasPrefix("*")
        )
        try checkFires()
    }

    /// Refuses an expression whose days can never come: with the days matched by their day of
    /// the month alone (or together with the weekday), some month it allows must have one of its
    /// days. Every date falls on every weekday within 400 years, so that is the only way to fail.
    private func checkFires() throws(ScheduleSyntaxError) {
        guard !daysMatchEither else { return }
        let longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let allowedMonths = (1...12).filter { months & (1 << UInt16($0)) != 0 }
        let allowedDays = (1...31).filter { daysOfMonth & (1 << UInt32($0)) != 0 }
        guard !allowedMonths.contains(where: { month in allowedDays.contains { $0 <= longest[month - 1] } }) else { return }
        let days = allowedDays.map(String.init).joined(separator: ", ")
        let names = allowedMonths.map { CronField.monthNames[$0 - 1] }.joined(separator: ", ")
        throw ScheduleSyntaxError(.neverFires, "never fires: \(names) \(allowedMonths.count == 1 ? "has" : "have") no day \(days)")
    }

    /// The values one field allows, as a bit set.
    private static func values(of text: String, as field: CronField) throws(ScheduleSyntaxError) -> UInt64 {
        var mask: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else {
                throw ScheduleSyntaxError(.malformed, "\(field.label) \"\(text)\" has an empty list item")
            }
            let range = try Self.range(of: String(item), as: field, in: text)
            for value in stride(from: range.low, through: range.high, by: range.step) {
                mask |= 1 << UInt64(value)
            }
        }
        return mask
    }

    /// One list item: `*`, `A`, `A-B`, each optionally with `/STEP`, or `A/STEP`.
    private static func range(of item: String, as field: CronField, in text: String) throws(ScheduleSyntaxError) -> (low: Int, high: Int, step: Int) {
        if let unsupported = item.first(where: { "LW#?H".contains($0.uppercased()) }), !item.contains(where: { $0.isLetter && !"LW#?H".contains($0.uppercased()) }) {
            throw ScheduleSyntaxError(
                .malformed,
                "\(field.label) has \"\(item)\": cron's \(unsupported.uppercased()) is not supported; write numbers, names, *, lists (1,15), ranges (1-5) and steps (*/15, 1-30/5, 5/10)"
            )
        }
        let parts = item.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty else { throw malformed(item, field) }
        var step = 1
        if parts.count == 2 {
            guard let number = Self.number(parts[1]) else { throw malformed(item, field) }
            guard (1...field.span).contains(number) else {
                throw ScheduleSyntaxError(.invalidStep, "\(field.label) has the step \(parts[1]) in \"\(item)\"; a step is 1–\(field.span)")
            }
            step = number
        }
        if parts[0] == "*" { return (field.bounds.lowerBound, field.last, step) }
        let ends = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count <= 2, !ends.contains(where: \.isEmpty) else { throw malformed(item, field) }
        let low = try value(ends[0], as: field)
        guard ends.count == 2 else {
            // `A/STEP` runs to the field's end; `A` alone is itself.
            return (low, parts.count == 2 ? max(low, field.last) : low, step)
        }
        var high = try value(ends[1], as: field)
        if field == .dayOfWeek && high == 0 && low > 0 { high = 7 }
        guard low <= high else {
            let wrapped = "\(ends[0])-\(field.last),\(field.bounds.lowerBound)-\(ends[1])"
            throw ScheduleSyntaxError(.backwardRange, "\(field.label) has the range \(parts[0]), which runs backwards; write \(wrapped)")
        }
        return (low, high, step)
    }

    /// A number or name of the field, checked against its bounds.
    private static func value(_ text: Substring, as field: CronField) throws(ScheduleSyntaxError) -> Int {
        if let number = Self.number(text) {
            guard field.bounds.contains(number) else {
                throw ScheduleSyntaxError(.outOfRange, "\(field.label) has \(text); \(field.allowed)")
            }
            return number
        }
        let upper = text.uppercased()
        if let index = field.names.firstIndex(of: upper) { return field.bounds.lowerBound + index }
        guard text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ScheduleSyntaxError(.malformed, "\(field.label) has \"\(text)\", which is not a value: \(field.allowed)")
        }
        var notes: [String] = []
        if field == .month, CronField.weekdayNames.contains(upper) { notes.append("a day of the week") }
        if field == .dayOfWeek, CronField.monthNames.contains(upper) { notes.append("a month") }
        if let short = field.names.first(where: { upper.count > 3 && upper.hasPrefix($0) }) { notes.append("did you mean \(short)?") }
        let note = notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"
        throw ScheduleSyntaxError(.outOfRange, "\(field.label) has \"\(text)\"\(note); \(field.allowed)")
    }

    /// ASCII digits as a number; `nil` for anything else. Values wider than four digits are
    /// read as 10 000, outside every field, rather than overflowing.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let digits = text.drop { $0 == "0" }
        return digits.count > 4 ? 10_000 : Int(text)
    }

    private static func malformed(_ item: String, _ field: CronField) -> ScheduleSyntaxError {
        ScheduleSyntaxError(
            .malformed,
            "\(field.label) has \"\(item)\", which is not a value, a range (1-5) or a step (*/15, 1-30/5, 5/10); \(field.allowed)"
        )
    }
}
