import HuitongCore

/// One failing field of an upsert: `{"field": "kljb", "reason": "unknown code 'H7'"}`.
struct ProvinceFieldProblem: Sendable, Equatable {
    var field: String
    var reason: String
}

/// Checks one upsert against its dataset's table (contract §4) and reports every failing field:
/// presence, type and rule per field first, then the rules between fields, then fields the
/// dataset does not have. A field gets at most one reason, the first rule it breaks.
struct ProvinceRecordValidator: Sendable {
    var dataset: ProvinceDataset
    var check: ProvinceFieldCheck

    func problems(in record: OrderedObject) -> [ProvinceFieldProblem] {
        var problems: [ProvinceFieldProblem] = []
        /// Fields present with a value that passed their own check: the rules between fields
        /// look only at these, so a broken field is reported once, for itself.
        var valid: Set<String> = []

        for field in dataset.fields {
            guard let value = record[field.name], !value.isNull else {
                if field.presence == .required { problems.append(.init(field: field.name, reason: "required")) }
                continue
            }
            if field.presence == .required, case let .string(text) = value, Self.isBlank(text) {
                problems.append(.init(field: field.name, reason: "required (empty after trimming)"))
                continue
            }
            if let reason = check.problem(with: value, kind: field.kind) {
                problems.append(.init(field: field.name, reason: reason))
            } else {
                valid.insert(field.name)
            }
        }

        for rule in dataset.crossFieldRules {
            for problem in crossFieldProblems(rule, record: record, valid: valid)
            where !problems.contains(where: { $0.field == problem.field }) {
                problems.append(problem)
            }
        }

        for (name, _) in record where dataset.field(named: name) == nil {
            problems.append(.init(field: name, reason: "unknown field"))
        }
        return problems
    }

    private func crossFieldProblems(
        _ rule: ProvinceCrossFieldRule, record: OrderedObject, valid: Set<String>
    ) -> [ProvinceFieldProblem] {
        switch rule {
        case let .notGreaterThan(field, limit):
            guard valid.contains(field), valid.contains(limit),
                  let value = record[field]?.doubleValue, let maximum = record[limit]?.doubleValue,
                  value > maximum
            else { return [] }
            return [.init(field: field, reason: "\(field) \(ProvinceFieldCheck.show(record[field]!)) exceeds \(limit) "
                + "\(ProvinceFieldCheck.show(record[limit]!))")]

        case let .sameDay(field, date):
            guard valid.contains(field), valid.contains(date),
                  let dateTime = record[field]?.stringValue, let day = record[date]?.stringValue,
                  !dateTime.utf8.prefix(10).elementsEqual(day.utf8)
            else { return [] }
            return [.init(field: field, reason: "date of \(field) (\(dateTime.prefix(10))) differs from \(date) (\(day))")]

        case let .requiredExactlyWhen(field, code, value):
            guard valid.contains(code), let actual = record[code]?.stringValue else { return [] }
            let present = record[field].map { !$0.isNull } ?? false
            if actual == value {
                if !present { return [.init(field: field, reason: "required when \(code) is '\(value)'")] }
                if case let .string(text)? = record[field], Self.isBlank(text) {
                    return [.init(field: field, reason: "required when \(code) is '\(value)' (empty after trimming)")]
                }
            } else if present {
                return [.init(field: field, reason: "must be absent or null unless \(code) is '\(value)'")]
            }
            return []

        case let .requiredWhen(fields, code, value):
            guard valid.contains(code), record[code]?.stringValue == value else { return [] }
            return fields.compactMap { field in
                let present = record[field].map { !$0.isNull } ?? false
                return present ? nil : .init(field: field, reason: "required when \(code) is '\(value)'")
            }
        }
    }

    /// Empty after trimming white space (the contract's test for a required string).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }
}
