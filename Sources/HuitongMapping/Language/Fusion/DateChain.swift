import HuitongCore

/// A field made from one input by `date` (then perhaps `not_future`) or by `datetime`: the
/// date is read once and compared with today as a date, where the steps write it as text and
/// `not_future` reads that text back; and the output rule's own check, which parses the text
/// once more, is skipped where the steps' text satisfies it by construction.
///
/// As with ``PointChain``, only the happy path is fused: a text no format reads, a date after
/// today, or an input that is not text makes ``value(in:text:clock:)`` return nil, and the
/// field's compiled steps run and fail with their own messages.
///
/// A class so that reading it from its field, once per row, costs one retain.
final class DateChain: Sendable {
    enum Reading: Sendable {
        case date(DateParser, notFuture: Bool)
        case datetime(DateTimeParser)
    }

    let path: InputPath
    let reading: Reading
    /// Whether every value the chain gives satisfies the field's output rule:
    /// - a `date` rule asks only that the text be a real `yyyy-MM-dd`, and the chain writes a
    ///   real date of years 0000–9999 in that form;
    /// - an RFC 3339 `datetime` rule asks only that the text parse, and the chain writes an
    ///   instant whose Beijing wall time is the one a pattern read (years 0000–9999) when every
    ///   format is a pattern read at Beijing time.
    let satisfiesRule: Bool

    /// The chain `steps` form over `source`, or nil when they are not one.
    init?(source: FieldSource, steps: [CompiledStep], rule: FieldRule) {
        guard case let .input(path) = source, let first = steps.first?.kernel, !steps[0].runsOnEachElement else { return nil }
        switch first {
        case let .date(parser):
            switch steps.count {
            case 1: reading = .date(parser, notFuture: false)
            case 2:
                guard case .notFuture? = steps[1].kernel, !steps[1].runsOnEachElement else { return nil }
                reading = .date(parser, notFuture: true)
            default: return nil
            }
            satisfiesRule = rule.type == .date
        case let .datetime(parser):
            guard steps.count == 1 else { return nil }
            reading = .datetime(parser)
            let patternsOnly = parser.formats.allSatisfy { if case .pattern = $0 { true } else { false } }
            satisfiesRule = rule.type == .datetime && (rule.timeFormat == nil || rule.timeFormat == .rfc3339)
                && patternsOnly && parser.zone == .beijing
        case .number, .integer, .range, .point, .datum, .round, .notFuture, .lookup:
            return nil
        }
        self.path = path
    }

    /// The text the steps give for `record`, or nil to let the steps run.
    func value(in record: OrderedObject, text: TextDefaults, clock: any WallClock) -> Value? {
        guard case let .string(string) = text.clean(path.value(in: record) ?? .null) else { return nil }
        switch reading {
        case let .date(parser, notFuture):
            guard let date = try? parser.parse(string) else { return nil }
            if notFuture, date > DateTimeFunctions.today(clock) { return nil }
            return .string(date.description)
        case let .datetime(parser):
            guard let stamp = try? parser.parse(string) else { return nil }
            return .string(DateTimeFunctions.rfc3339(stamp))
        }
    }
}
