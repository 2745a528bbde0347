extension Timestamp {
    /// The instant `text` names in `format`; wall times without an offset of their own are read
    /// at `offset`.
    ///
    /// ```swift
    /// try Timestamp(parsing: "2026-11-29 10:00:00", as: .dateTime)             // Beijing wall time
    /// try Timestamp(parsing: "2026-11-28T20:00:00Z", as: .rfc3339)             // offset in the text
    /// try Timestamp(parsing: "2026-11-29", as: .date, in: .utc)                // 00:00 UTC
    /// ```
    ///
    /// The whole text must match: surrounding spaces are refused, not trimmed, so a platform
    /// that pads its fields shows up as an error instead of being silently accepted. Throws a
    /// ``TimeError`` with the column of the first problem: ``TimeError/Code/malformed`` for text
    /// not in the format, ``TimeError/Code/outOfRange`` for dates and times that do not exist
    /// (2026-02-29, hour 24, offset +24:00), ``TimeError/Code/trailingCharacters`` for anything
    /// after a complete value.
    package init(parsing text: String, as format: TimestampFormat, in offset: UTCOffset = .beijing) throws(TimeError) {
        var text = text
        let input = text
        let result: Result<Timestamp, TimeError> = text.withUTF8 { bytes in
            var scanner = TimeTextScanner(bytes: bytes, input: input, format: format.pattern)
            return Result { () throws(TimeError) -> Timestamp in
                let stamp = try Self.scan(&scanner, as: format, in: offset)
                try scanner.expectEnd()
                return stamp
            }
        }
        self = try result.get()
    }

    private static func scan(
        _ scanner: inout TimeTextScanner, as format: TimestampFormat, in offset: UTCOffset
    ) throws(TimeError) -> Timestamp {
        switch format {
        case .epochMilliseconds:
            return Timestamp(millisecondsSinceEpoch: try scanner.signedInteger(naming: "milliseconds"))
        case .epochSeconds:
            let start = scanner.column
            let seconds = try scanner.signedInteger(naming: "seconds")
            let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
            guard !overflow else {
                throw scanner.failure(.outOfRange, "\(seconds) s is too far from 1970 to count in milliseconds", column: start)
            }
            return Timestamp(millisecondsSinceEpoch: milliseconds)
        case .date:
            return try scanFields(&scanner, time: false, rfc3339: false).timestamp(in: offset)
        case .dateTime:
            return try scanFields(&scanner, time: true, rfc3339: false).timestamp(in: offset)
        case .rfc3339, .rfc3339Milliseconds:
            let civil = try scanFields(&scanner, time: true, rfc3339: true)
            return civil.timestamp(in: try scanOffset(&scanner))
        }
    }

    /// Reads `yyyy-MM-dd`, then (if `time`) a separator and `HH:mm:ss`, then (if `rfc3339`)
    /// an optional fraction; range-checks the fields and points at the first bad one.
    private static func scanFields(
        _ scanner: inout TimeTextScanner, time: Bool, rfc3339: Bool
    ) throws(TimeError) -> CivilDateTime {
        let year = try scanner.digits(4, naming: "year")
        try scanner.expect("-")
        let month = try scanner.digits(2, naming: "month")
        try scanner.expect("-")
        let day = try scanner.digits(2, naming: "day")

        var hour = 0, minute = 0, second = 0, millisecond = 0
        if time {
            if rfc3339 { try scanner.expect("T", or: "t") } else { try scanner.expect(" ") }
            hour = try scanner.digits(2, naming: "hour")
            try scanner.expect(":")
            minute = try scanner.digits(2, naming: "minute")
            try scanner.expect(":")
            second = try scanner.digits(2, naming: "second")
            if rfc3339 && scanner.skip(".") {
                millisecond = try scanner.fractionAsMilliseconds()
            }
        }

        if let problem = CivilDateTime.rangeProblem(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            millisecond: millisecond)
        {
            throw scanner.failure(.outOfRange, problem.detail, column: problem.field.column)
        }
        return CivilDateTime(
            validYear: year, month: month, day: day,
            hour: hour, minute: minute, second: second, millisecond: millisecond)
    }

    /// Reads `Z`, `z` or `±hh:mm`. `-00:00`, which RFC 3339 §4.3 uses for "offset unknown",
    /// is read as UTC: the instant it names is the same.
    private static func scanOffset(_ scanner: inout TimeTextScanner) throws(TimeError) -> UTCOffset {
        if scanner.skip("Z") || scanner.skip("z") { return .utc }
        let sign: Int
        if scanner.skip("+") {
            sign = 1
        } else if scanner.skip("-") {
            sign = -1
        } else {
            throw scanner.failure(.malformed, "expected 'Z' or a UTC offset such as +08:00")
        }
        let start = scanner.column
        let hours = try scanner.digits(2, naming: "offset hours")
        try scanner.expect(":")
        let minutes = try scanner.digits(2, naming: "offset minutes")
        guard hours <= 23, minutes <= 59 else {
            throw scanner.failure(.outOfRange, "UTC offset \(hours):\(minutes) is not within ±23:59", column: start)
        }
        return UTCOffset(validSeconds: sign * (hours * 3_600 + minutes * 60))
    }
}

extension CivilDateTime.Field {
    /// Where the field starts in `yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss` and RFC 3339 text. Every
    /// field up to the fraction is fixed-width, so the column is known without recording it.
    fileprivate var column: Int {
        switch self {
        case .year: 1
        case .month: 6
        case .day: 9
        case .hour: 12
        case .minute: 15
        case .second: 18
        case .millisecond: 21
        }
    }
}
