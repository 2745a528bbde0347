import HuitongCore
import HuitongYAML

/// Compiles the `rules` section: cross-field checks, filters and de-duplication.
struct RuleCompiler {
    let inputFields: [InputField]
    let output: MappingOutput
    /// Output fields the mapping produces; rules may only name these.
    let producedFields: Set<String>

    private static let ruleNames = ["compare", "require", "forbid", "filter", "dedupe"]

    func compile(_ node: YAMLNode, errors: inout ErrorCollector) -> CompiledRules {
        var rules = CompiledRules()
        guard let items = node.sequence else {
            errors.add(node.error(.typeMismatch, "rules must be a list; each item is one rule (compare, require, forbid, filter or dedupe)"))
            return rules
        }
        for item in items {
            let keys = item.entries(allowing: Set(Self.ruleNames + ["on_fail", "reason"]), what: "a rule", into: &errors)
            let named = Self.ruleNames.filter { keys[$0] != nil }
            guard named.count == 1, let ruleName = named.first, let body = keys[ruleName] else {
                errors.add(item.error(.invalidValue, "each rule names exactly one of \(Self.ruleNames.joined(separator: ", "))"))
                continue
            }
            switch ruleName {
            case "filter":
                if let filter = compileFilter(body, errors: &errors) {
                    switch filter.place {
                    case .input: rules.inputFilters.append(filter)
                    case .output: rules.outputFilters.append(filter)
                    }
                }
            case "dedupe":
                if rules.deduplication != nil {
                    errors.add(item.error(.invalidValue, "a mapping has at most one dedupe rule"))
                }
                rules.deduplication = compileDedupe(body, errors: &errors)
            default:
                if let check = compileCheck(ruleName, body, keys: keys, rule: item, errors: &errors) {
                    rules.checks.append(check)
                }
            }
        }
        return rules
    }

    private func compileCheck(
        _ ruleName: String, _ body: YAMLNode, keys: [String: YAMLNode], rule: YAMLNode, errors: inout ErrorCollector
    ) -> CompiledCheck? {
        var check: RecordCheck?
        switch ruleName {
        case "compare":
            let parts = body.entries(allowing: ["left", "op", "right", "as"], what: "compare", into: &errors)
            let left = outputField(parts["left"], in: body, role: "left", errors: &errors)
            let right = outputField(parts["right"], in: body, role: "right", errors: &errors)
            let op: RecordCheck.Operator? = parts["op"].flatMap { node in
                errors.attempt { () throws(YAMLError) -> RecordCheck.Operator in
                    let text = try node.requireString()
                    guard let op = RecordCheck.Operator(rawValue: text) else {
                        throw node.error(.invalidValue, "op must be one of \(RecordCheck.Operator.allCases.map(\.rawValue).joined(separator: " ")), not \"\(text)\"")
                    }
                    return op
                }
            }
            let basis: RecordCheck.Basis? = parts["as"].map { node in
                errors.attempt { () throws(YAMLError) -> RecordCheck.Basis in
                    let text = try node.requireString()
                    guard let basis = RecordCheck.Basis(rawValue: text) else {
                        throw node.error(.invalidValue, "as must be date (compare the calendar dates the values name) or value (the default), not \"\(text)\"")
                    }
                    return basis
                }
            } ?? .value
            if parts["op"] == nil { errors.add(body.error(.missingKey, "compare needs op")) }
            if let left, let right, let op, let basis { check = .compare(left: left, op: op, right: right, basis: basis) }
        default:
            let parts = body.entries(allowing: ["field", "when"], what: ruleName, into: &errors)
            let field = outputField(parts["field"], in: body, role: "field", errors: &errors)
            let condition = parts["when"].flatMap { compileCondition($0, errors: &errors) }
            if parts["when"] != nil && condition == nil { return nil }
            if let field {
                check = ruleName == "require" ? .require(field: field, when: condition) : .forbid(field: field, when: condition)
            }
        }
        let policy: FailurePolicy? = keys["on_fail"].map { node in
            errors.attempt { () throws(YAMLError) -> FailurePolicy in
                switch try node.requireString() {
                case "reject": return .reject
                case "warn": return .warn
                default: throw node.error(.invalidValue, "on_fail must be reject or warn")
                }
            } ?? .reject
        } ?? .reject
        guard let reasonNode = keys["reason"] else {
            errors.add(rule.error(.missingKey, "a \(ruleName) rule needs a reason, the text an operator reads when it fails"))
            return nil
        }
        guard let reason = errors.attempt({ () throws(YAMLError) in try reasonNode.requireString() }),
              let check, let policy else { return nil }
        return CompiledCheck(check: check, policy: policy, reason: reason, ruleName: ruleName)
    }

    private func compileCondition(_ node: YAMLNode, errors: inout ErrorCollector) -> FieldCondition? {
        let parts = node.entries(allowing: ["field", "equals", "not_equals", "in", "present"], what: "when", into: &errors)
        guard let field = outputField(parts["field"], in: node, role: "field", errors: &errors) else { return nil }
        let tests = ["equals", "not_equals", "in", "present"].filter { parts[$0] != nil }
        guard tests.count == 1, let test = tests.first, let value = parts[test] else {
            errors.add(node.error(.invalidValue, "when needs exactly one of equals, not_equals, in, present"))
            return nil
        }
        switch test {
        case "equals": return FieldCondition(field: field, test: .equals(value.constantValue))
        case "not_equals": return FieldCondition(field: field, test: .notEquals(value.constantValue))
        case "in":
            guard case let .array(list) = value.constantValue else {
                errors.add(value.error(.typeMismatch, "in takes a list of values"))
                return nil
            }
            return FieldCondition(field: field, test: .oneOf(list))
        default:
            return FieldCondition(field: field, test: .present)
        }
    }

    private func compileFilter(_ node: YAMLNode, errors: inout ErrorCollector) -> FilterRule? {
        let parts = node.entries(allowing: ["field", "input", "in", "test_in"], what: "filter", into: &errors)
        var place: FilterRule.Place?
        switch (parts["field"], parts["input"]) {
        case let (field?, nil):
            place = outputField(field, in: node, role: "field", errors: &errors).map { .output($0) }
        case let (nil, input?):
            if let name = errors.attempt({ () throws(YAMLError) in try input.requireString() }) {
                let segments = name.split(separator: ".").map(String.init)
                if inputFields.contains(where: { $0.name == name || $0.name == segments.first }) {
                    place = .input(InputPath(segments: inputFields.contains { $0.name == name } ? [name] : segments))
                } else {
                    errors.add(input.error(.unknownReference, "no input field \"\(name)\""))
                }
            }
        default:
            errors.add(node.error(.invalidValue, "filter names either field (an output field) or input (an input field)"))
        }
        func list(_ key: String) -> [Value]? {
            guard let node = parts[key] else { return nil }
            guard case let .array(values) = node.constantValue else {
                errors.add(node.error(.typeMismatch, "\(key) takes a list of values"))
                return nil
            }
            return values
        }
        guard let allowed = list("in") else {
            if parts["in"] == nil { errors.add(node.error(.missingKey, "filter needs in: the values that are for this target")) }
            return nil
        }
        guard let place else { return nil }
        return FilterRule(place: place, allowed: allowed, allowedInTest: list("test_in"))
    }

    private func compileDedupe(_ node: YAMLNode, errors: inout ErrorCollector) -> DeduplicationRule? {
        let parts = node.entries(allowing: ["key", "order_by", "keep", "loser"], what: "dedupe", into: &errors)
        var key: [String] = output.key
        if let keyNode = parts["key"] {
            guard let items = keyNode.sequence else {
                errors.add(keyNode.error(.typeMismatch, "key is a list of output fields"))
                return nil
            }
            key = items.compactMap { outputField($0, in: keyNode, role: "key", errors: &errors) }
            guard key.count == items.count else { return nil }
        }
        var orderBy: String?
        if let orderNode = parts["order_by"] {
            guard let field = outputField(orderNode, in: node, role: "order_by", errors: &errors) else { return nil }
            orderBy = field
        }
        let keep = parts["keep"].flatMap { node in
            errors.attempt { () throws(YAMLError) -> DeduplicationRule.Keep in
                let text = try node.requireString()
                guard let keep = DeduplicationRule.Keep(rawValue: text) else {
                    throw node.error(.invalidValue, "keep must be latest or earliest")
                }
                return keep
            }
        } ?? .latest
        let loser = parts["loser"].flatMap { node in
            errors.attempt { () throws(YAMLError) -> DeduplicationRule.LoserFate in
                let text = try node.requireString()
                guard let fate = DeduplicationRule.LoserFate(rawValue: text) else {
                    throw node.error(.invalidValue, "loser must be set_aside or skip")
                }
                return fate
            }
        } ?? .setAside
        return DeduplicationRule(key: key, orderBy: orderBy, keep: keep, loser: loser)
    }

    /// An output field name that the mapping produces, or an error at the node.
    private func outputField(_ node: YAMLNode?, in parent: YAMLNode, role: String, errors: inout ErrorCollector) -> String? {
        guard let node else {
            errors.add(parent.error(.missingKey, "this rule needs \(role)"))
            return nil
        }
        guard let name = errors.attempt({ () throws(YAMLError) in try node.requireString() }) else { return nil }
        guard producedFields.contains(name) else {
            let hint = NameSuggestion.nearest(to: name, among: producedFields).map { "did you mean \($0)? " } ?? ""
            errors.add(node.error(.unknownReference, "\(name) is not an output field this mapping produces; \(hint)rules refer to output fields"))
            return nil
        }
        return name
    }
}
