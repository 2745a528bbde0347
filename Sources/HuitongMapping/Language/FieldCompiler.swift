import HuitongCore
import HuitongYAML

/// What a step failure does to its field and record.
enum FailurePolicy: Sendable, Equatable {
    /// Set the record aside (the default).
    case reject
    /// Keep the record, leave the field out, record a warning.
    case warn
    /// Use this value instead, record a warning.
    case useDefault(Value)
}

/// A path to an input field: `gps` or `gps.lon` for a member of a nested object.
struct InputPath: Sendable, CustomStringConvertible {
    let segments: [String]
    /// `segments[0]`, kept apart so that the usual one-segment path reads it without going
    /// through the array (which costs a retain of the array per field and row).
    let first: String
    /// Where the first segment's field usually is in a record: its place among the declared
    /// input fields, which records of the source follow. Only a hint; any value gives the same result.
    var likelyPosition = 0

    init(segments: [String], likelyPosition: Int = 0) {
        self.segments = segments
        first = segments.first ?? ""
        self.likelyPosition = likelyPosition
    }

    var description: String { segments.joined(separator: ".") }

    /// The value at this path; nil when any step of the way is missing or not an object.
    @inline(__always)
    func value(in record: OrderedObject) -> Value? {
        if segments.count == 1 { return record.value(forKey: first, likelyAt: likelyPosition) }  // the usual case
        return nestedValue(in: record)
    }

    private func nestedValue(in record: OrderedObject) -> Value? {
        guard var current = record.value(forKey: first, likelyAt: likelyPosition) else { return nil }
        for segment in segments.dropFirst() {
            guard case let .object(object) = current, let next = object[segment] else { return nil }
            current = next
        }
        return current
    }
}

/// Where a field's first value comes from.
enum FieldSource: Sendable {
    case input(InputPath)
    /// Several inputs arrive as one list value (`from: [经度, 纬度]`).
    case inputs([InputPath])
    case constant(Value)
}

/// One output field, compiled.
///
/// A class rather than a struct: `CompiledMapping.map` visits every field for every record,
/// and passing a reference costs one retain where copying a struct of arrays, strings and an
/// `OutputField` costs one per member.
final class CompiledField: Sendable {
    let name: String
    let source: FieldSource
    let steps: [CompiledStep]
    let required: Bool
    let policy: FailurePolicy
    let output: OutputField
    /// Whether every value the steps give already satisfies the output rule, so `map` need not
    /// check it: the last step looks codes up in the rule's own code table, none of whose codes
    /// is blank. (A code rule checks nothing but absence and membership of that table.)
    let stepsSatisfyRule: Bool
    /// The steps as one typed pass, when they form a chain `FusedField` knows.
    let fused: FusedField?

    init(name: String, source: FieldSource, steps: [CompiledStep], required: Bool, policy: FailurePolicy, output: OutputField, codeTables: CodeTableSet) {
        self.name = name
        self.source = source
        self.steps = steps
        self.required = required
        self.policy = policy
        self.output = output
        let rule = output.rule
        if rule.type == .code, let codes = rule.codes, steps.last?.givesCodesOf == codes, let table = codeTables[codes] {
            stepsSatisfyRule = !table.codes.contains { code in code.unicodeScalars.allSatisfy(\.properties.isWhitespace) }
        } else {
            stepsSatisfyRule = false
        }
        fused = FusedField(source: source, steps: steps, rule: output.rule, stepsSatisfyRule: stepsSatisfyRule)
    }
}

/// Compiles the `fields` section: each output field's source, steps, policy and types.
struct FieldCompiler {
    let registry: StepRegistry
    let codeTables: CodeTableSet
    let inputFields: [InputField]
    let output: MappingOutput

    mutating func compileFields(_ node: YAMLNode, errors: inout ErrorCollector) -> [CompiledField] {
        guard let entries = node.mappingEntries else {
            errors.add(node.error(.typeMismatch, "fields must be a mapping of output field name to how it is made"))
            return []
        }
        var compiled: [CompiledField] = []
        // `CompiledMapping.map` appends each field's value without searching the record for its
        // name, so names must be distinct. The YAML reader refuses most duplicates; this catches
        // keys it tells apart but that name the same field (`1` and `"1"`).
        var compiledNames: Set<String> = []
        for entry in entries {
            let name = entry.key.scalar?.text ?? ""
            guard let target = output.field(named: name) else {
                let names = output.fields.map(\.name)
                let hint = NameSuggestion.nearest(to: name, among: names).map { "did you mean \($0)? " } ?? ""
                errors.add(entry.key.error(.unknownReference, "\(output.name) has no field \"\(name)\"; \(hint)it has \(names.joined(separator: ", "))"))
                continue
            }
            guard compiledNames.insert(target.name).inserted else {
                errors.add(entry.key.error(.duplicateKey, "\(output.name) field \(target.name) is produced twice under fields; keep one"))
                continue
            }
            if let field = compileField(entry.value, target: target, errors: &errors) {
                compiled.append(field)
            }
        }
        let produced = Set(entries.compactMap { $0.key.scalar?.text })
        for field in output.fields where field.required && !produced.contains(field.name) {
            errors.add(node.error(.missingKey, "required output field \(field.name) (\(field.rule.label ?? field.name)) is never produced; add it under fields"))
        }
        return compiled
    }

    private func compileField(_ node: YAMLNode, target: OutputField, errors: inout ErrorCollector) -> CompiledField? {
        let keys = node.entries(
            allowing: ["from", "value", "steps", "required", "on_error", "default", "description"],
            what: "field \(target.name)", into: &errors
        )
        var source: FieldSource?
        var type: ValueType = .any
        switch (keys["from"], keys["value"]) {
        case (nil, nil):
            errors.add(node.error(.missingKey, "field \(target.name) needs \"from\" (input fields) or \"value\" (a constant)"))
        case (.some, .some):
            errors.add(node.error(.invalidValue, "field \(target.name) has both \"from\" and \"value\"; keep one"))
        case let (from?, nil):
            if let resolved = resolveFrom(from, errors: &errors) { (source, type) = resolved }
        case let (nil, value?):
            source = .constant(value.constantValue)
            type = value.constantValue.constantType
        }
        var steps: [CompiledStep] = []
        if let stepsNode = keys["steps"], source != nil {
            if let result = errors.attempt({ () throws(YAMLError) in try compileSteps(stepsNode, inputType: type) }) {
                steps = result.steps
                if !result.outputType.fits(target.type) {
                    errors.add(stepsNode.error(.typeMismatch, "the steps of \(target.name) end with \(result.outputType), but \(output.name).\(target.name) is \(target.type)"))
                }
            }
        } else if source != nil, !type.fits(target.type) {
            errors.add(node.error(.typeMismatch, "\(target.name) is \(target.type), but its input is \(type); add steps that convert it"))
        }
        let required = keys["required"].flatMap { n in errors.attempt { () throws(YAMLError) in try n.requireBool() } } ?? target.required
        if target.required, !required, let requiredNode = keys["required"] {
            // A mapping may tighten `required`, never loosen it: the output would break its own rule.
            errors.add(requiredNode.error(.invalidValue, "\(target.name) is required by \(output.name), so required: false would let records without it through; remove it"))
        }
        let policy = compilePolicy(keys, target: target, node: node, errors: &errors)
        guard let source, let policy else { return nil }
        return CompiledField(name: target.name, source: source, steps: steps, required: required, policy: policy, output: target, codeTables: codeTables)
    }

    private func resolveFrom(_ node: YAMLNode, errors: inout ErrorCollector) -> (FieldSource, ValueType)? {
        if let items = node.sequence {
            let paths = items.compactMap { resolvePath($0, errors: &errors)?.path }
            guard paths.count == items.count, !paths.isEmpty else { return nil }
            return (.inputs(paths), .list)
        }
        guard let (path, type) = resolvePath(node, errors: &errors) else { return nil }
        return (.input(path), type)
    }

    private func resolvePath(_ node: YAMLNode, errors: inout ErrorCollector) -> (path: InputPath, type: ValueType)? {
        guard let text = errors.attempt({ () throws(YAMLError) in try node.requireString() }) else { return nil }
        let segments = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let position = inputFields.firstIndex(where: { $0.name == segments[0] }) ?? inputFields.firstIndex(where: { $0.name == text }) else {
            let names = inputFields.map(\.name)
            let hint = NameSuggestion.nearest(to: text, among: names).map { "did you mean \($0)? " } ?? ""
            errors.add(node.error(.unknownReference, "no input field \"\(text)\"; \(hint)the input has \(names.joined(separator: ", "))"))
            return nil
        }
        let field = inputFields[position]
        if field.name == text { return (InputPath(segments: [text], likelyPosition: position), field.type) }
        guard field.type == .object || field.type == .any else {
            errors.add(node.error(.typeMismatch, "\(text) reaches into \(field.name), which is \(field.type), not an object"))
            return nil
        }
        return (InputPath(segments: segments, likelyPosition: position), .any)
    }

    private func compilePolicy(_ keys: [String: YAMLNode], target: OutputField, node: YAMLNode, errors: inout ErrorCollector) -> FailurePolicy? {
        let field = target.name
        guard let policyNode = keys["on_error"] else {
            if keys["default"] != nil {
                errors.add(node.error(.invalidValue, "field \(field) has a default but on_error is not \"default\""))
            }
            return .reject
        }
        guard let text = errors.attempt({ () throws(YAMLError) in try policyNode.requireString() }) else { return nil }
        switch text {
        case "reject": return .reject
        case "warn": return .warn
        case "default":
            guard let value = keys["default"] else {
                errors.add(policyNode.error(.missingKey, "on_error: default needs a \"default\" value beside it"))
                return nil
            }
            // The default goes into the output as it is, so it must satisfy the field's rule.
            if let violation = target.rule.violations(of: value.constantValue, codeTables: codeTables).first {
                errors.add(value.error(.invalidValue, "the default of \(field) breaks \(output.name).\(field): \(violation.message)"))
                return nil
            }
            return .useDefault(value.constantValue)
        default:
            errors.add(policyNode.error(.invalidValue, "on_error must be reject, warn or default, not \"\(text)\""))
            return nil
        }
    }

    /// Compiles a step list, threading the type from each step into the next.
    func compileSteps(_ node: YAMLNode, inputType: ValueType) throws(YAMLError) -> (steps: [CompiledStep], outputType: ValueType) {
        let items = try node.requireSequence()
        var type = inputType
        var steps: [CompiledStep] = []
        var firstError: YAMLError?
        for item in items {
            do {
                let step = try compileStep(item, inputType: type)
                steps.append(step)
                type = step.outputType
            } catch {
                // Later steps would be checked against a wrong type: report the first only.
                firstError = firstError ?? error
                break
            }
        }
        if let firstError { throw firstError }
        return (steps, type)
    }

    private func compileStep(_ node: YAMLNode, inputType: ValueType) throws(YAMLError) -> CompiledStep {
        let nameNode: YAMLNode
        var arguments: YAMLNode?
        if let entries = node.mappingEntries {
            guard entries.count == 1 else {
                throw node.error(.invalidValue, "a step is one name, or one name with its arguments (round: 6); this has \(entries.count) keys")
            }
            nameNode = entries[0].key
            arguments = entries[0].value
        } else {
            nameNode = node
        }
        let name = try nameNode.requireString()
        guard let definition = registry.definition(named: name) else {
            let hint = registry.nearestName(to: name).map { "did you mean \($0)? " } ?? ""
            throw nameNode.error(.unknownReference, "unknown step \"\(name)\"; \(hint)see docs/mapping-language.md for the steps")
        }
        let compileNested: (YAMLNode, ValueType) throws(YAMLError) -> (steps: [CompiledStep], outputType: ValueType) = {
            node, type throws(YAMLError) in try self.compileSteps(node, inputType: type)
        }
        if inputType == .list, definition.elementwise {
            // A list from `from: [a, b]` goes through element-wise steps one element at a time.
            let step = try definition.compile(StepCompilation(
                node: node, arguments: arguments, inputType: .any, codeTables: codeTables, compileSteps: compileNested
            ))
            return step.elementwise()
        }
        return try definition.compile(StepCompilation(
            node: node, arguments: arguments, inputType: inputType, codeTables: codeTables, compileSteps: compileNested
        ))
    }
}

extension CompiledStep {
    /// This step applied to each element of a list; absent elements stay absent.
    func elementwise() -> CompiledStep {
        let inner = run
        let handlesAbsent = handlesAbsent
        return CompiledStep(name: name, outputType: .list, handlesAbsent: false, kernel: kernel, runsOnEachElement: true) { value, runtime in
            guard case let .array(items) = value else { return inner(value, &runtime) }
            var results: [Value] = []
            results.reserveCapacity(items.count)
            for item in items {
                if item.isNull && !handlesAbsent {
                    results.append(.null)
                    continue
                }
                switch inner(item, &runtime) {
                case let .value(result): results.append(result)
                case let .failure(message): return .failure(message)
                }
            }
            return .value(.array(results))
        }
    }
}
