/// How a value breaks a field rule: one short phrase an operator can act on, such as
/// `longer than 32 characters` or `not one of the codes of table shelter_status: "X"`.
///
/// The caller adds the field and where the record came from.
package struct RuleViolation: Sendable, Hashable, CustomStringConvertible {
    /// Which constraint the value breaks.
    ///
    /// A struct of static constants rather than a public enum, so kinds can be added without
    /// breaking exhaustive switches in other modules.
    package struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A required value is absent (missing, `null`, or blank text).
        package static let requiredAbsent = Kind("required")
        /// The value is not of the rule's type (a string for an integer, `2019/7/1` for a date).
        package static let wrongType = Kind("type")
        /// Text shorter than `length.min`.
        package static let tooShort = Kind("length.min")
        /// Text longer than `length.max`.
        package static let tooLong = Kind("length.max")
        /// Text the `pattern` does not match.
        package static let patternMismatch = Kind("pattern")
        /// A number outside `range`.
        package static let outOfRange = Kind("range")
        /// A number with more decimals than `decimals`.
        package static let tooManyDecimals = Kind("decimals")
        /// A value that is not a code of the rule's table.
        package static let unknownCode = Kind("codes")

        /// The constraint's name as written in YAML (`length.max`, `codes`).
        package var description: String { name }
    }

    /// Which constraint is broken.
    package let kind: Kind
    /// The phrase describing how.
    package let message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}
