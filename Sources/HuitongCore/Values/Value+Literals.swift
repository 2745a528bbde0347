// Literal conveniences, so tests and mapping code can write records as they look in JSON:
// `let reading: Value = ["sensor": "S-1", "t": 18.4, "door": nil]`.

extension Value: ExpressibleByNilLiteral {
    /// `nil` is `.null`.
    package init(nilLiteral: ()) {
        self = .null
    }
}

extension Value: ExpressibleByBooleanLiteral {
    /// `true` and `false` are `.bool`.
    package init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension Value: ExpressibleByIntegerLiteral {
    /// An integer literal is `.integer`.
    package init(integerLiteral value: Int64) {
        self = .integer(value)
    }
}

extension Value: ExpressibleByFloatLiteral {
    /// A literal with a fraction or exponent is `.double`.
    package init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension Value: ExpressibleByStringLiteral {
    /// A string literal is `.string`.
    package init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension Value: ExpressibleByArrayLiteral {
    /// An array literal is `.array`, in order.
    package init(arrayLiteral elements: Value...) {
        self = .array(elements)
    }
}

extension Value: ExpressibleByDictionaryLiteral {
    /// An object with the literal's members in the order written.
    ///
    /// - Precondition: the keys are unique.
    package init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(OrderedObject(uniqueKeysWithValues: elements))
    }
}

extension OrderedObject: ExpressibleByDictionaryLiteral {
    /// An object with the literal's members in the order written.
    ///
    /// - Precondition: the keys are unique.
    package init(dictionaryLiteral elements: (String, Value)...) {
        self.init(uniqueKeysWithValues: elements)
    }
}
