import HuitongCore

/// The rules of one city record type: its fields, which of them is the id, and which fields
/// come only together. Checking a record lists every problem, not just the first.
struct CityRecordSchema: Sendable {
    /// The type's name in paths (`shelter`), or `event`.
    let name: String
    /// The field that identifies a record: `id` for resources, `eventId` for events.
    let idField: String
    let fields: [CityFieldRule]
    /// Groups of fields that are given all together or not at all (facility `lng`, `lat`).
    let togetherOrAbsent: [[String]]

    init(name: String, idField: String = "id", fields: [CityFieldRule], togetherOrAbsent: [[String]] = []) {
        self.name = name
        self.idField = idField
        self.fields = fields
        self.togetherOrAbsent = togetherOrAbsent
    }

    /// The problems of `record`, joined into one failure message, or nil when it is valid.
    ///
    /// - Parameter literals: the record's number members as written in the body.
    func problems(in record: OrderedObject, literals: [String: String]) -> String? {
        var problems: [String] = []
        for key in record.keys where !fields.contains(where: { $0.name.utf8.elementsEqual(key.utf8) }) {
            problems.append("unknown field \(key)")
        }
        for group in togetherOrAbsent {
            let present = group.filter { record[$0] != nil }
            if !present.isEmpty && present.count < group.count {
                problems.append("\(group.joined(separator: " and ")) must be given together")
            }
        }
        for rule in fields {
            guard let value = record[rule.name] else {
                if rule.isRequired { problems.append("\(rule.name) missing") }
                continue
            }
            if let problem = rule.problem(with: value, literal: literals[rule.name]) { problems.append(problem) }
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// The record's id when it is a non-empty string.
    func id(of record: OrderedObject) -> String? {
        guard let id = record[idField]?.stringValue, !id.isEmpty else { return nil }
        return id
    }
}
