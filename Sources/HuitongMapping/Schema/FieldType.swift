/// The type of a schema parameter or a platform field, and so the shape its JSON value takes
/// (see `mappings/schema/README.md`).
package enum FieldType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A JSON string.
    case string
    /// A JSON integer.
    case integer
    /// A JSON number.
    case decimal
    /// `true` or `false`.
    case boolean
    /// A `yyyy-MM-dd` string.
    case date
    /// An instant: an RFC 3339 string with its offset, unless the rule names another `format`.
    case datetime
    /// A code of the rule's code table, as a string.
    case code
    /// `{"lon": x, "lat": y}`, WGS-84 decimal degrees.
    case point
    /// `{"type": "polygon", "points": [point, …]}` or `{"type": "circle", "center": point, "radius_km": r}`.
    case area

    package var description: String { rawValue }

    /// Numbers: the types `range` and `unit` apply to.
    var isNumeric: Bool { self == .integer || self == .decimal }
}
