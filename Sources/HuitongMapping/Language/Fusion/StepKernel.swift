import HuitongCore

/// What a compiled step does, told as data so that a field's whole step list can be recognised
/// at compile time and run on plain numbers instead of `Value`s (see ``FusedField``).
///
/// A step's closure stays the reference behaviour: a fused chain must give the value the
/// closures give, and hands a row back to them for anything off its happy path (an absent
/// item, a text that is not a number, a coordinate off the globe), so every failure message
/// is still the closures' own.
enum StepKernel: Sendable {
    /// `number`: a decimal from text, with separators and units.
    case number(NumberParser)
    /// `integer`: an integer from text, after an allowed suffix.
    case integer(IntegerParser)
    /// `range`: fails outside the bounds.
    case range(NumberRange)
    /// `point`: `[lon, lat]` → a point.
    case point
    /// `datum`: a point moved from one datum to another.
    case datum(from: Datum, to: Datum)
    /// `round`: both coordinates of a point (or a number) rounded half away from zero.
    case round(decimals: Int)
    /// `date`: a date from text in one of several patterns.
    case date(DateParser)
    /// `datetime`: an instant from text, written as RFC 3339 in Beijing.
    case datetime(DateTimeParser)
    /// `not_future`: fails after today (Beijing).
    case notFuture
    /// `lookup`: a text's entry in a code table, given as the value of its position.
    case lookup(CodeMatcher, results: [Value])
}
