import HuitongCore
import HuitongYAML

/// Steps that choose between values: coalesce, defaults, conditionals, value lists.
enum ControlSteps {
    static func register(into registry: inout StepRegistry) {
        registry.register(StepDefinition(name: "coalesce", summary: "the first present item of a list") { c throws(YAMLError) in
            try c.requireInput(.list, stepName: "coalesce")
            try c.refuseArguments("coalesce")
            return CompiledStep(name: "coalesce", outputType: .any, handlesAbsent: true) { value, _ in
                guard case let .array(items) = value else { return .value(value) }
                return .value(items.first { !$0.isNull } ?? .null)
            }
        })
        registry.register(StepDefinition(name: "default_value", summary: "gives an absent value a value") { c throws(YAMLError) in
            let fallback = try c.requireArguments("default_value", example: "default_value: 0").constantValue
            let type = c.inputType == .any ? fallback.constantType : c.inputType
            return CompiledStep(name: "default_value", outputType: type, handlesAbsent: true) { value, _ in
                .value(value.isNull ? fallback : value)
            }
        })
        registry.register(StepDefinition(name: "absent_if", summary: "makes the listed values absent") { c throws(YAMLError) in
            let values = try valueList(c, stepName: "absent_if", example: "absent_if: [\"-\", \"无\"]")
            return CompiledStep(name: "absent_if", outputType: c.inputType, handlesAbsent: false) { value, _ in
                .value(values.contains { ValueComparison.equal(value, $0) } ? .null : value)
            }
        })
        registry.register(StepDefinition(name: "one_of", summary: "fails unless the value is one of the listed ones", elementwise: true) { c throws(YAMLError) in
            let values = try valueList(c, stepName: "one_of", example: "one_of: [a, b]")
            let shown = values.map(ValueComparison.text).joined(separator: ", ")
            return CompiledStep(name: "one_of", outputType: c.inputType, handlesAbsent: false) { value, _ in
                values.contains { ValueComparison.equal(value, $0) }
                    ? .value(value) : .failure("not one of \(shown): \"\(ValueComparison.text(value))\"")
            }
        })
        registry.register(StepDefinition(name: "to_bool", summary: "listed values become true or false") { c throws(YAMLError) in
            let arguments = try c.requireArguments("to_bool", example: "to_bool: {true: [\"是\", 1], false: [\"否\", 0]}")
            try c.allowOnly(["true", "false"], in: arguments, stepName: "to_bool")
            let truthy = listValue(arguments["true"]), falsy = listValue(arguments["false"])
            return CompiledStep(name: "to_bool", outputType: .boolean, handlesAbsent: false) { value, _ in
                if case .bool = value { return .value(value) }
                if truthy.contains(where: { ValueComparison.equal(value, $0) }) { return .value(.bool(true)) }
                if falsy.contains(where: { ValueComparison.equal(value, $0) }) { return .value(.bool(false)) }
                return .failure("neither true nor false: \"\(ValueComparison.text(value))\"")
            }
        })
        registry.register(StepDefinition(name: "from_bool", summary: "true and false become the given values") { c throws(YAMLError) in
            try c.requireInput(.boolean, stepName: "from_bool")
            let arguments = try c.requireArguments("from_bool", example: "from_bool: {true: 1, false: 0}")
            try c.allowOnly(["true", "false"], in: arguments, stepName: "from_bool")
            guard let whenTrue = arguments["true"]?.constantValue, let whenFalse = arguments["false"]?.constantValue else {
                throw c.invalid("from_bool needs both true and false")
            }
            let type = whenTrue.constantType == whenFalse.constantType ? whenTrue.constantType : .any
            return CompiledStep(name: "from_bool", outputType: type, handlesAbsent: false) { value, _ in
                guard case let .bool(flag) = value else { return .failure("not true or false: \"\(ValueComparison.text(value))\"") }
                return .value(flag ? whenTrue : whenFalse)
            }
        })
        registry.register(StepDefinition(name: "if", summary: "runs then-steps or else-steps depending on the value", compile: compileIf))
        registry.register(StepDefinition(name: "each", summary: "runs its own steps on each item of a list", compile: compileEach))
    }

    /// `if: {equals: V} | {in: [...]} | {absent: true}`, with `then:` and `else:` step lists.
    private static func compileIf(_ c: StepCompilation) throws(YAMLError) -> CompiledStep {
        let arguments = try c.requireArguments("if", example: "if: {equals: 故障, then: [...], else: [...]}")
        try c.allowOnly(["equals", "in", "absent", "then", "else"], in: arguments, stepName: "if")
        if ["equals", "in", "absent"].filter({ arguments[$0] != nil }).count > 1 {
            throw c.invalid("if takes one condition: equals, in or absent")
        }
        let condition: @Sendable (Value) -> Bool
        if let equals = arguments["equals"]?.constantValue {
            condition = { ValueComparison.equal($0, equals) }
        } else if let list = arguments["in"] {
            let values = listValue(list)
            condition = { value in values.contains { ValueComparison.equal(value, $0) } }
        } else if let absent = arguments["absent"] {
            let wanted = try absent.requireBool()
            condition = { $0.isNull == wanted }
        } else {
            throw c.invalid("if needs a condition: equals, in or absent")
        }
        let thenSteps = try arguments["then"].map { node throws(YAMLError) in try c.compileSteps(node, c.inputType) }
        let elseSteps = try arguments["else"].map { node throws(YAMLError) in try c.compileSteps(node, c.inputType) }
        guard thenSteps != nil || elseSteps != nil else { throw c.invalid("if needs then or else steps") }
        let thenType = thenSteps?.outputType ?? c.inputType
        let elseType = elseSteps?.outputType ?? c.inputType
        let outputType: ValueType = thenType == elseType ? thenType : .any
        let thenList = thenSteps?.steps ?? [], elseList = elseSteps?.steps ?? []
        return CompiledStep(name: "if", outputType: outputType, handlesAbsent: true) { value, runtime in
            (condition(value) ? thenList : elseList).run(on: value, runtime: &runtime)
        }
    }

    /// `each: [[polygon], [circle]]`: the n-th step list runs on the n-th item of a list from
    /// `from: [a, b]`, so differently written inputs can be made alike and then `coalesce`d.
    private static func compileEach(_ c: StepCompilation) throws(YAMLError) -> CompiledStep {
        try c.requireInput(.list, stepName: "each")
        let lists = try c.requireArguments("each", example: "each: [[polygon], [circle]]").requireSequence()
        var compiled: [[CompiledStep]] = []
        var types: [ValueType] = []
        for list in lists {
            let result = try c.compileSteps(list, .any)
            compiled.append(result.steps)
            types.append(result.outputType)
        }
        let count = compiled.count
        let all = compiled
        return CompiledStep(name: "each", outputType: .list, handlesAbsent: false) { value, runtime in
            guard case let .array(items) = value, items.count == count else {
                return .failure("each expects a list of \(count) items")
            }
            var results: [Value] = []
            for (item, steps) in zip(items, all) {
                switch steps.run(on: item, runtime: &runtime) {
                case let .value(result): results.append(result)
                case let .failure(message): return .failure(message)
                }
            }
            return .value(.array(results))
        }
    }

    static func valueList(_ c: StepCompilation, stepName: String, example: String) throws(YAMLError) -> [Value] {
        let arguments = try c.requireArguments(stepName, example: example)
        guard case let .array(values) = arguments.constantValue else {
            throw c.invalid("\(stepName) takes a list, for example \(example)")
        }
        return values
    }

    private static func listValue(_ node: YAMLNode?) -> [Value] {
        guard let node else { return [] }
        if case let .array(values) = node.constantValue { return values }
        return [node.constantValue]
    }
}
