/// Why a `schedule:` or `timezone:` value was refused: which part of it, which value, and what
/// is allowed there.
///
/// The configuration reader puts it at the value's `file:line:col`; this error says what is
/// wrong with the text itself.
package struct ScheduleSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, stable for scripts and tests; ``detail`` says the particulars.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// None of the forms: `every`, `daily`, an `@` macro, five cron fields.
        package static let unknownForm = Code("unknown-form")
        /// Cron fields, but not five of them.
        package static let fieldCount = Code("field-count")
        /// A field that is not a list of `*`, values, ranges and steps.
        package static let malformed = Code("malformed")
        /// A value outside its field's range, or a name the field does not know.
        package static let outOfRange = Code("out-of-range")
        /// A range whose end comes before its start.
        package static let backwardRange = Code("backward-range")
        /// A step of 0, or wider than its field.
        package static let invalidStep = Code("invalid-step")
        /// Well formed, but names no day that ever comes (30 February).
        package static let neverFires = Code("never-fires")
        /// An interval (`every`, `@every`) that is not a duration above 0.
        package static let invalidInterval = Code("invalid-interval")
        /// A time-zone name that is not in the IANA time-zone database.
        package static let unknownTimeZone = Code("unknown-time-zone")

        package var description: String { name }
    }

    /// The kind of failure.
    package let code: Code
    /// What is wrong and what is allowed, such as `field 2 (hour) has 24; hours are 0–23`.
    package let detail: String

    init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    package var description: String { detail }
}
