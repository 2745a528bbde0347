import HuitongCore

/// The static type of a value flowing through a mapping, checked when the mapping is compiled.
///
/// Runtime values are `Value`s; these types say which shape a step accepts and produces, so a
/// mapping that would turn a date into a point fails at load time, not on the ten-thousandth row.
/// Representations: `date` is a `yyyy-MM-dd` string, `datetime` an RFC 3339 string with its
/// offset, `code` a canonical code string, `point` an object `{lon, lat}`, `area` an object
/// with a `type` of `polygon` or `circle`.
package enum ValueType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case string, integer, decimal, boolean, date, datetime, code, point, area, list, object, any

    package var description: String { rawValue }

    /// Whether a value of type `self` may be used where `expected` is required.
    ///
    /// A code is a string, an integer is a number, and `any` (a JSON source field whose type
    /// the mapping did not declare) is checked at run time instead.
    package func fits(_ expected: ValueType) -> Bool {
        if self == expected || self == .any || expected == .any { return true }
        switch (self, expected) {
        case (.integer, .decimal), (.code, .string), (.string, .code): return true
        default: return false
        }
    }

    /// True for the types a numeric step (`round`, `range`) accepts.
    var isNumeric: Bool { self == .integer || self == .decimal || self == .any }
}

extension ValueType {
    /// The type values of a schema parameter or platform field have while a mapping runs.
    ///
    /// A platform `datetime` written in another format than RFC 3339 is text (or, in epoch
    /// form, an integer) by the time it leaves the steps.
    init(rule: FieldRule) {
        switch rule.type {
        case .string: self = .string
        case .integer: self = .integer
        case .decimal: self = .decimal
        case .boolean: self = .boolean
        case .date: self = .date
        case .code: self = .code
        case .point: self = .point
        case .area: self = .area
        case .datetime:
            switch rule.timeFormat {
            case nil, .rfc3339?, .rfc3339Milliseconds?: self = .datetime
            case .epochSeconds?, .epochMilliseconds?: self = .integer
            default: self = .string
            }
        }
    }
}
