/// Why one record did not come through: set aside by a mapping rule or a duplicate, refused by
/// a platform, or not sent. The one shape every reason has wherever it is written — the run's
/// set-aside and journal files, a job's `rejects.jsonl`, the ledger's rejects — so an operator
/// or an auditor reads the same members everywhere.
///
/// On disk: `{"field": …, "rule": …, "message": …}` plus `"value"` when the offending value is
/// known (already masked where the schema says the field is personal).
package struct RecordReason: Sendable, Hashable, CustomStringConvertible {
    /// The field concerned, when there is one (a schema or platform field name).
    package var field: String?
    /// The mapping rule or step, or the platform's error code, when there is one.
    package var rule: String?
    /// What was wrong, for a person.
    package var message: String
    /// The offending value as text, when known (masked for personal fields).
    package var value: String?

    package init(field: String? = nil, rule: String? = nil, message: String, value: String? = nil) {
        self.field = field
        self.rule = rule
        self.message = message
        self.value = value
    }

    package var description: String {
        var text = field.map { "\($0): \(message)" } ?? message
        if let value { text += " (value \"\(value)\")" }
        if let rule { text += " [\(rule)]" }
        return text
    }

    /// The reason as a JSON object.
    package var jsonValue: Value {
        var object: OrderedObject = [
            "field": field.map(Value.string) ?? .null, "rule": rule.map(Value.string) ?? .null, "message": .string(message),
        ]
        if let value { object["value"] = .string(value) }
        return .object(object)
    }

    /// Reads a reason written by ``jsonValue``, refusing any other shape.
    package init(decoding value: Value, path: String, format: String) throws(FormatProblem) {
        var fields = try FormatFields(value, path: path, format: format)
        field = try fields.optionalString("field")
        rule = try fields.optionalString("rule")
        message = try fields.string("message")
        self.value = fields.has("value") ? try fields.string("value") : nil
        try fields.finish()
    }

    /// A list of reasons written as a JSON array.
    package static func decodeList(_ value: Value, path: String, format: String) throws(FormatProblem) -> [RecordReason] {
        guard case let .array(items) = value else { throw FormatProblem(path: path, message: "must be an array of reasons") }
        var reasons: [RecordReason] = []
        for (index, item) in items.enumerated() {
            reasons.append(try RecordReason(decoding: item, path: "\(path)[\(index)]", format: format))
        }
        return reasons
    }
}
