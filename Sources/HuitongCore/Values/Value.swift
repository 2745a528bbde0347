/// One value of a normalised record: the JSON data model, with integers kept apart from doubles.
///
/// Every source (JSON Lines, CSV, YAML) is read into `Value`s, every mapping step works on them,
/// and every platform receives them back as JSON. Integers that fit `Int64` stay exact
/// (`.integer`) so that identifiers and epoch timestamps never pass through a `Double`.
///
/// `Value` is a plain enum over copy-on-write storage: copying a record is a retain, not a deep copy.
///
/// Equality is structural. `.integer(1)` and `.double(1)` are different values (a mapping that
/// turns one into the other has changed the data); objects compare as JSON objects do, ignoring
/// member order (see ``OrderedObject``). Strings are equal when their Unicode scalars are, as in
/// JSON, not under Swift's canonical equivalence: values that are equal have equal canonical JSON.
package enum Value: Sendable, Hashable {
    /// JSON `null`: the source said "no value" explicitly.
    case null
    /// JSON `true` or `false`.
    case bool(Bool)
    /// An integer that fits `Int64`, kept exact.
    case integer(Int64)
    /// Any other number. Never NaN or infinite when it comes from the reader; the writers refuse those.
    case double(Double)
    /// A string of Unicode text.
    case string(String)
    /// An ordered list of values.
    case array([Value])
    /// Named members in a stable (insertion) order.
    case object(OrderedObject)
}

extension Value {
    /// The member named `key` when this is an object that has one; `nil` otherwise.
    package subscript(key: String) -> Value? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` when this is an array and `index` is in range; `nil` otherwise.
    package subscript(index: Int) -> Value? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// `true` for `.null`.
    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The Boolean, when this is `.bool`.
    package var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    /// The integer, when this is `.integer`. A `.double` is not converted, even when it is whole:
    /// callers that accept both should say so with ``doubleValue``.
    package var integerValue: Int64? {
        guard case .integer(let value) = self else { return nil }
        return value
    }

    /// The number as a `Double`, for `.double` and for `.integer` (which may round beyond 2^53).
    package var doubleValue: Double? {
        switch self {
        case .double(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    /// The string, when this is `.string`.
    package var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The elements, when this is `.array`.
    package var arrayValue: [Value]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// The members, when this is `.object`.
    package var objectValue: OrderedObject? {
        guard case .object(let value) = self else { return nil }
        return value
    }
}

extension Value {
    /// Structural equality: same case and equal payload; strings by Unicode scalars, objects in any order.
    package static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(left), .bool(right)): left == right
        case let (.integer(left), .integer(right)): left == right
        case let (.double(left), .double(right)): left == right
        case let (.string(left), .string(right)): left.hasSameCodeUnits(as: right)
        case let (.array(left), .array(right)): left == right
        case let (.object(left), .object(right)): left == right
        default: false
        }
    }
}
