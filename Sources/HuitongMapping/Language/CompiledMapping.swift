import HuitongCore

/// The state one run keeps across records: its context and the values lookups did not know.
package struct MappingRun: Sendable {
    var runtime: StepRuntime

    package init(context: MappingContext = MappingContext()) {
        runtime = StepRuntime(context: context)
    }

    package var context: MappingContext { runtime.context }

    /// Values that no code-table lookup knew, per table, with how often each was met.
    package var unknownValues: [String: [String: Int]] { runtime.unknownValues }
}

/// A mapping ready to run: names resolved, steps compiled, types checked.
///
/// `map(_:run:)` is a pure function of the record and the run's context (plus the unknown-value
/// tally it adds to); it never reads YAML or resolves a name.
package struct CompiledMapping: Sendable {
    package let name: String
    package let kind: MappingKind
    package let version: Int
    package let description: String
    /// The file it was compiled from.
    package let file: String
    /// The input fields a source mapping declares, or the entity's parameters for a target mapping.
    package let inputFieldNames: [String]
    /// The schema entity a target mapping reads (nil for source mappings).
    package let inputEntity: String?
    package let output: MappingOutput
    let text: TextDefaults
    let fields: [CompiledField]
    let rules: CompiledRules
    let codeTables: CodeTableSet

    /// The de-duplication rule, applied by the caller over one whole read (see `DuplicateResolver`).
    package var deduplication: DeduplicationRule? { rules.deduplication }

    /// Maps one input record.
    package func map(_ record: OrderedObject, run: inout MappingRun) -> MappingOutcome {
        let testMode = run.runtime.context.testMode
        for filter in rules.inputFilters {
            guard case let .input(path) = filter.place else { continue }
            if let reason = filter.skipReason(value: path.value(in: record).map(text.clean), testMode: testMode) {
                return .skipped(reason: reason)
            }
        }
        var output = OrderedObject()
        output.reserveCapacity(fields.count)
        var reasons: [MappingIssue] = []
        var warnings: [MappingIssue] = []
        // Read once per record, not once per field: a copy of the context retains its clock.
        let clock = run.runtime.context.clock
        for field in fields {
            let result: FieldResult
            if let fused = field.fused, let (value, satisfiesRule) = fused.value(in: record, text: text, clock: clock) {
                result = satisfiesRule ? .success(value) : checked(value, of: field)
            } else {
                result = evaluate(field, original: sourceValue(of: field, in: record), runtime: &run.runtime)
            }
            // Consumed, so that a value moves into the output rather than being copied there.
            switch consume result {
            case let .success(value):
                if value.isNull {
                    if field.required {
                        reasons.append(MappingIssue(field: field.name, value: nil, rule: "required", message: "required, but absent"))
                    }
                } else {
                    // Output field names are distinct (`FieldCompiler` refuses a field given
                    // twice) and each field adds at most one member, so no search is needed.
                    output.appendNewMember(value, forKey: field.name)
                }
            case let .failure(rule, message):
                // The input is read again only here: failures are rare, and reading it is pure.
                let original = sourceValue(of: field, in: record)
                let issue = Self.issue(field: field.name, value: Self.shown(original), rule: rule, message: message, personal: field.output.rule.personal)
                switch field.policy {
                case .reject:
                    reasons.append(issue)
                case .warn:
                    warnings.append(issue)
                    if field.required {
                        reasons.append(MappingIssue(field: field.name, value: nil, rule: "required", message: "required, but left out after: \(issue.message)"))
                    }
                case let .useDefault(value):
                    warnings.append(MappingIssue(field: field.name, value: issue.value, rule: rule, message: "\(issue.message); used the default"))
                    if !value.isNull { output.appendNewMember(value, forKey: field.name) }
                }
            }
        }
        if reasons.isEmpty {
            for filter in rules.outputFilters {
                guard case let .output(name) = filter.place else { continue }
                if let reason = filter.skipReason(value: output[name], testMode: testMode) {
                    return .skipped(reason: reason)
                }
            }
        }
        for check in rules.checks {
            guard let field = check.check.failure(in: output) else { continue }
            let personal = fields.first { $0.name == field }?.output.rule.personal ?? false
            let issue = Self.issue(field: field, value: output[field].map(ValueComparison.text), rule: check.ruleName, message: check.reason, personal: personal)
            if case .warn = check.policy { warnings.append(issue) } else { reasons.append(issue) }
        }
        return reasons.isEmpty ? .mapped(output, warnings: warnings) : .setAside(reasons: reasons, warnings: warnings)
    }

    private enum FieldResult {
        case success(Value)
        case failure(rule: String, message: String)
    }

    private func sourceValue(of field: CompiledField, in record: OrderedObject) -> Value {
        switch field.source {
        case let .input(path): return text.clean(path.value(in: record) ?? .null)
        case let .inputs(paths):
            // A list of absent items is absent, so steps skip it as they skip any absent value.
            let items = paths.map { text.clean($0.value(in: record) ?? .null) }
            return items.allSatisfy(\.isNull) ? .null : .array(items)
        case let .constant(value): return value
        }
    }

    private func evaluate(_ field: CompiledField, original: Value, runtime: inout StepRuntime) -> FieldResult {
        var value = original
        // A field without steps (most plain texts) skips the loop, and the retain of the array it costs.
        if !field.steps.isEmpty {
        for step in field.steps {
            if value.isNull && !step.handlesAbsent { continue }
            switch step.run(value, &runtime) {
            case let .value(next): value = next
            case let .failure(message): return .failure(rule: step.name, message: message)
            }
        }  // (not `steps.run`: a failure here must name the step for the reason)
        }
        if case let .array(items) = value, items.allSatisfy(\.isNull) { value = .null }
        guard !value.isNull else { return .success(.null) }
        return checked(value, of: field)
    }

    /// A present value the steps gave, checked against the field's output rule.
    private func checked(_ value: Value, of field: CompiledField) -> FieldResult {
        if field.stepsSatisfyRule { return .success(value) }
        let violations = field.output.rule.violations(of: value, codeTables: codeTables)
        if let first = violations.first {
            return .failure(rule: "\(output.name).\(field.name)", message: first.message)
        }
        return .success(value)
    }

    /// A reason; a personal field's value is masked, in the value and wherever the message quotes it.
    private static func issue(field: String, value: String?, rule: String, message: String, personal: Bool) -> MappingIssue {
        guard personal, let value, !value.isEmpty else { return MappingIssue(field: field, value: value, rule: rule, message: message) }
        let masked = FieldRule.masked(value)
        return MappingIssue(field: field, value: masked, rule: rule, message: message.replacing(value, with: masked))
    }

    /// The input as an operator reads it in a reason.
    private static func shown(_ value: Value) -> String? {
        switch value {
        case .null: return nil
        case let .array(items): return items.map(ValueComparison.text).joined(separator: ",")
        default: return ValueComparison.text(value)
        }
    }
}
