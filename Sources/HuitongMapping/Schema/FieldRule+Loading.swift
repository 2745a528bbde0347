import HuitongCore
import HuitongYAML

extension FieldRule {
    /// Where a rule is written, which decides the keys it may and must have.
    enum Origin {
        /// A parameter in `mappings/schema/<entity>.yaml`: `label` and `required` are
        /// mandatory, and a `datetime` is always RFC 3339 (the schema's conventions).
        case schemaParameter
        /// A platform field in a target mapping's `output.fields`: `required` defaults to
        /// false, and `format` says how the platform writes a `datetime`.
        case platformField

        var what: String {
            switch self {
            case .schemaParameter: "a schema parameter"
            case .platformField: "a field rule"
            }
        }
    }

    /// The keys every rule may have.
    static let commonKeys: Set<String> = [
        "label", "type", "required", "unit", "length", "pattern", "range", "decimals", "codes", "description", "personal",
    ]

    /// The `format` spellings of a platform `datetime`, as the mapping language's `datetime`
    /// and `epoch_ms` steps name them.
    static let timeFormats: [(name: String, format: TimestampFormat)] = [
        ("rfc3339", .rfc3339), ("yyyy-MM-dd HH:mm:ss", .dateTime), ("epoch_ms", .epochMilliseconds),
        ("epoch_seconds", .epochSeconds),
    ]

    /// Reads a platform field rule (`{type: string, required: true, length: {min: 1, max: 32}}`)
    /// from a target mapping, checking it against the loaded code tables.
    ///
    /// - Throws: the first problem found; ``load(from:codeTables:origin:into:)`` collects them all.
    package static func load(from node: YAMLNode, codeTables: CodeTableSet) throws(YAMLError) -> FieldRule {
        var errors = ErrorCollector()
        let rule = load(from: node, codeTables: codeTables, origin: .platformField, into: &errors)
        if let first = errors.errors.first { throw first }
        guard let rule else { throw node.error(.invalidValue, "not a field rule") }
        return rule
    }

    /// Reads a rule, recording every problem in `errors`; `nil` when the rule is unusable.
    static func load(
        from node: YAMLNode, codeTables: CodeTableSet, origin: Origin, into errors: inout ErrorCollector
    ) -> FieldRule? {
        let allowed = origin == .platformField ? commonKeys.union(["format"]) : commonKeys
        let keys = node.entries(allowing: allowed, what: origin.what, into: &errors)
        guard node.mappingEntries != nil else { return nil }
        var reader = FieldRuleReader(node: node, keys: keys, origin: origin, errors: errors)
        let rule = reader.read(codeTables: codeTables)
        errors = reader.errors
        return rule
    }
}

/// Reads one rule's keys, checking each constraint against the rule's type.
private struct FieldRuleReader {
    let node: YAMLNode
    let keys: [String: YAMLNode]
    let origin: FieldRule.Origin
    var errors: ErrorCollector

    /// The types each constraint fits (`codes` is checked on its own: it is also required for `code`).
    static let applicability: [(key: String, types: Set<FieldType>, expected: String)] = [
        ("unit", [.integer, .decimal], "integer and decimal"),
        ("length", [.string], "string"),
        ("pattern", [.string], "string"),
        ("range", [.integer, .decimal], "integer and decimal"),
        ("decimals", [.decimal, .point], "decimal and point"),
        ("format", [.datetime], "datetime"),
    ]

    mutating func read(codeTables: CodeTableSet) -> FieldRule? {
        let type = readType()
        let required = readRequired()
        let label = text("label", mandatory: origin == .schemaParameter)
        let description = text("description", mandatory: false)
        let unit = text("unit", mandatory: false)
        let length = keys["length"].flatMap { readLength($0) }
        let pattern = keys["pattern"].flatMap { readPattern($0) }
        let range = keys["range"].flatMap { NumberRange.load(from: $0, into: &errors) }
        let decimals = keys["decimals"].flatMap { readCount($0, naming: "decimals") }
        let codes = readCodes(type: type, codeTables: codeTables)
        let timeFormat = keys["format"].flatMap { readTimeFormat($0) }
        let personal = keys["personal"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireBool() } } ?? false
        if let type {
            for constraint in Self.applicability where !constraint.types.contains(type) {
                guard let node = keys[constraint.key] else { continue }
                errors.add(node.error(
                    .invalidValue, "\(constraint.key) applies to \(constraint.expected) fields, not to a \(type) field; remove it"
                ))
            }
        }
        guard let type, let required else { return nil }
        return FieldRule(
            type: type, required: required, label: label, description: description, unit: unit, length: length,
            pattern: pattern, range: range, decimals: decimals, codes: codes, timeFormat: timeFormat, mark: node.mark,
            personal: personal
        )
    }

    private mutating func readType() -> FieldType? {
        let names = FieldType.allCases.map(\.rawValue)
        guard let typeNode = keys["type"] else {
            errors.add(node.error(.missingKey, "\(origin.what) needs \"type\": one of \(names.joined(separator: ", "))"))
            return nil
        }
        guard let name = errors.attempt({ () throws(YAMLError) in try typeNode.requireString() }) else { return nil }
        guard let type = FieldType(rawValue: name) else {
            let hint = NameSuggestion.nearest(to: name, among: names).map { "did you mean \($0)? " } ?? ""
            errors.add(typeNode.error(.invalidValue, "unknown type \"\(name)\"; \(hint)use one of \(names.joined(separator: ", "))"))
            return nil
        }
        return type
    }

    private mutating func readRequired() -> Bool? {
        guard let requiredNode = keys["required"] else {
            guard origin == .schemaParameter else { return false }
            errors.add(node.error(.missingKey, "\(origin.what) needs \"required\": true or false"))
            return nil
        }
        return errors.attempt { () throws(YAMLError) in try requiredNode.requireBool() }
    }

    private mutating func text(_ key: String, mandatory: Bool) -> String? {
        guard let textNode = keys[key] else {
            if mandatory { errors.add(node.error(.missingKey, "\(origin.what) needs \"\(key)\"")) }
            return nil
        }
        return errors.attempt { () throws(YAMLError) in try textNode.requireString() }
    }

    private mutating func readCount(_ countNode: YAMLNode, naming name: String) -> Int? {
        guard let count = errors.attempt({ () throws(YAMLError) in try countNode.requireInt() }) else { return nil }
        guard count >= 0 else {
            errors.add(countNode.error(.invalidValue, "\(name) must be 0 or more, not \(count)"))
            return nil
        }
        return count
    }

    private mutating func readLength(_ lengthNode: YAMLNode) -> LengthLimits? {
        let bounds = lengthNode.entries(allowing: ["min", "max"], what: "length", into: &errors)
        let min = bounds["min"].flatMap { readCount($0, naming: "length min") }
        let max = bounds["max"].flatMap { readCount($0, naming: "length max") }
        if bounds.isEmpty, lengthNode.mappingEntries != nil {
            errors.add(lengthNode.error(.invalidValue, "length needs min, max or both: {min: 1, max: 32}"))
        }
        if let min, let max, min > max {
            errors.add(lengthNode.error(.invalidValue, "length min \(min) is more than max \(max)"))
            return nil
        }
        return min == nil && max == nil ? nil : LengthLimits(min: min, max: max)
    }

    private mutating func readPattern(_ patternNode: YAMLNode) -> TextPattern? {
        guard let text = errors.attempt({ () throws(YAMLError) in try patternNode.requireString() }) else { return nil }
        do {
            return try TextPattern(text)
        } catch {
            errors.add(patternNode.error(.invalidValue, error.message))
            return nil
        }
    }

    private mutating func readCodes(type: FieldType?, codeTables: CodeTableSet) -> String? {
        guard let codesNode = keys["codes"] else {
            if type == .code {
                errors.add(node.error(.missingKey, "a code field names its code table with \"codes\", such as codes: district"))
            }
            return nil
        }
        if let type, type != .code, type != .integer {
            errors.add(codesNode.error(.invalidValue, "codes applies to code fields (and integers a platform codes), not to a \(type) field; remove it"))
        }
        guard let name = errors.attempt({ () throws(YAMLError) in try codesNode.requireString() }) else { return nil }
        guard codeTables[name] != nil else {
            let hint = NameSuggestion.nearest(to: name, among: codeTables.names).map { "did you mean \($0)? " } ?? ""
            errors.add(codesNode.error(.unknownReference, "no code table named \"\(name)\" in mappings/codes; \(hint)add the table or fix the name"))
            return nil
        }
        return name
    }

    private mutating func readTimeFormat(_ formatNode: YAMLNode) -> TimestampFormat? {
        guard let name = errors.attempt({ () throws(YAMLError) in try formatNode.requireString() }) else { return nil }
        guard let format = FieldRule.timeFormats.first(where: { $0.name == name })?.format else {
            let names = FieldRule.timeFormats.map(\.name)
            errors.add(formatNode.error(.invalidValue, "unknown datetime format \"\(name)\"; use one of \(names.joined(separator: ", "))"))
            return nil
        }
        return format
    }
}
