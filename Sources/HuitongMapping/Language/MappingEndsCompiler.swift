import HuitongCore
import HuitongYAML

/// Compiles a mapping's `input` and `output` sections against the schema.
struct MappingEndsCompiler {
    let schema: Schema

    /// Source mappings declare their fields and types; target mappings name a schema entity.
    func compileInput(_ node: YAMLNode, kind: MappingKind, errors: inout ErrorCollector) -> [InputField]? {
        switch kind {
        case .source:
            let keys = node.entries(allowing: ["fields", "source", "description"], what: "input", into: &errors)
            guard let fieldsNode = keys["fields"] else {
                errors.add(node.error(.missingKey, "input needs \"fields\": each source field with its type (string, integer, decimal, boolean, object, list or any)"))
                return nil
            }
            guard let entries = fieldsNode.mappingEntries else {
                errors.add(fieldsNode.error(.typeMismatch, "input fields must be a mapping of field name to type"))
                return nil
            }
            var fields: [InputField] = []
            for entry in entries {
                let name = entry.key.scalar?.text ?? ""
                guard let typeName = entry.value.scalar?.text, let type = ValueType(rawValue: typeName) else {
                    errors.add(entry.value.error(.invalidValue, "unknown type for input field \(name); use one of \(ValueType.allCases.map(\.rawValue).joined(separator: ", "))"))
                    continue
                }
                fields.append(InputField(name: name, type: type))
            }
            return fields
        case .target:
            let keys = node.entries(allowing: ["entity", "description"], what: "input", into: &errors)
            guard let entityNode = keys["entity"] else {
                errors.add(node.error(.missingKey, "input needs \"entity\": the schema entity this target mapping reads"))
                return nil
            }
            guard let entity = entity(entityNode, errors: &errors) else { return nil }
            return entity.parameters.map { InputField(name: $0.name, type: ValueType(rule: $0.rule)) }
        }
    }

    /// Source mappings produce a schema entity; target mappings a platform dataset whose
    /// field rules the mapping declares, so records the platform would refuse are caught here.
    func compileOutput(_ node: YAMLNode, kind: MappingKind, errors: inout ErrorCollector) -> MappingOutput? {
        switch kind {
        case .source:
            let keys = node.entries(allowing: ["entity", "description"], what: "output", into: &errors)
            guard let entityNode = keys["entity"] else {
                errors.add(node.error(.missingKey, "output needs \"entity\": the schema entity this source mapping produces"))
                return nil
            }
            guard let entity = entity(entityNode, errors: &errors) else { return nil }
            return MappingOutput(
                name: entity.name, platform: nil, key: entity.key,
                fields: entity.parameters.map {
                    OutputField(name: $0.name, type: ValueType(rule: $0.rule), required: $0.rule.required, rule: $0.rule)
                }
            )
        case .target:
            let keys = node.entries(
                allowing: ["platform", "dataset", "key", "fields", "description"], what: "output", into: &errors
            )
            let platform = keys["platform"].flatMap { n in errors.attempt { () throws(YAMLError) in try n.requireString() } }
            let dataset = keys["dataset"].flatMap { n in errors.attempt { () throws(YAMLError) in try n.requireString() } }
            let key = keys["key"].flatMap { n in
                errors.attempt { () throws(YAMLError) in try n.requireSequence().map { item throws(YAMLError) in try item.requireString() } }
            }
            for missing in ["platform", "dataset", "key", "fields"] where keys[missing] == nil {
                errors.add(node.error(.missingKey, "output of a target mapping needs \"\(missing)\""))
            }
            guard let fieldsNode = keys["fields"], let entries = fieldsNode.mappingEntries else {
                if let fieldsNode = keys["fields"] {
                    errors.add(fieldsNode.error(.typeMismatch, "output fields must be a mapping of platform field name to its rule"))
                }
                return nil
            }
            var fields: [OutputField] = []
            for entry in entries {
                let name = entry.key.scalar?.text ?? ""
                guard let rule = errors.attempt({ () throws(YAMLError) in
                    try FieldRule.load(from: entry.value, codeTables: schema.codeTables)
                }) else { continue }
                fields.append(OutputField(name: name, type: ValueType(rule: rule), required: rule.required, rule: rule))
            }
            if let key, let keyNode = keys["key"] {
                for name in key where !fields.contains(where: { $0.name == name }) {
                    errors.add(keyNode.error(.unknownReference, "key field \(name) is not among the output fields"))
                }
            }
            guard let platform, let dataset, let key else { return nil }
            return MappingOutput(name: dataset, platform: platform, key: key, fields: fields)
        }
    }

    private func entity(_ node: YAMLNode, errors: inout ErrorCollector) -> SchemaEntity? {
        guard let name = errors.attempt({ () throws(YAMLError) in try node.requireString() }) else { return nil }
        guard let entity = schema.entity(named: name) else {
            let names = schema.entityNames
            let hint = NameSuggestion.nearest(to: name, among: names).map { "did you mean \($0)? " } ?? ""
            errors.add(node.error(.unknownReference, "no schema entity \"\(name)\"; \(hint)the schema has \(names.sorted().joined(separator: ", "))"))
            return nil
        }
        return entity
    }
}
