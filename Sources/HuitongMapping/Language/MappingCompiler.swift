import HuitongCore
import HuitongYAML

/// Turns a mapping file into a `CompiledMapping`, checking everything before any data flows:
/// keys, step names and arguments, input and output field names, code tables, and the type
/// of every step against what flows into it and what the output field needs.
///
/// Every problem is collected, so `huitong check` shows all of a file's mistakes at once.
package struct MappingCompiler: Sendable {
    package let schema: Schema
    let registry: StepRegistry

    package init(schema: Schema) {
        self.schema = schema
        self.registry = .standard
    }

    /// Loads and compiles one mapping file.
    package func compile(path: String) throws(MappingLoadFailure) -> CompiledMapping {
        let root: YAMLNode
        do {
            root = try YAMLLoader.loadSingleDocument(path: path)
        } catch {
            throw MappingLoadFailure(errors: error.errors)
        }
        return try compile(root: root)
    }

    /// Compiles YAML text, for tests and previews; `fileName` appears in errors.
    package func compile(text: String, fileName: String) throws(MappingLoadFailure) -> CompiledMapping {
        let root: YAMLNode
        do {
            root = try YAMLLoader.loadSingleDocument(text: text, fileName: fileName)
        } catch {
            throw MappingLoadFailure(errors: error.errors)
        }
        return try compile(root: root)
    }

    /// Compiles an already loaded mapping document.
    package func compile(root: YAMLNode) throws(MappingLoadFailure) -> CompiledMapping {
        var errors = ErrorCollector()
        let keys = root.entries(
            allowing: ["mapping", "kind", "version", "description", "input", "output", "text", "fields", "rules"],
            what: "a mapping file", into: &errors
        )
        let name = required("mapping", in: keys, of: root, errors: &errors).flatMap { node in
            errors.attempt { () throws(YAMLError) in try node.requireString() }
        }
        let kind: MappingKind? = required("kind", in: keys, of: root, errors: &errors).flatMap { node in
            errors.attempt { () throws(YAMLError) -> MappingKind in
                let text = try node.requireString()
                guard let kind = MappingKind(rawValue: text) else {
                    throw node.error(.invalidValue, "kind must be source or target, not \"\(text)\"")
                }
                return kind
            }
        }
        let version = required("version", in: keys, of: root, errors: &errors).flatMap { node in
            errors.attempt { () throws(YAMLError) in try node.requireInt() }
        }
        let description = keys["description"].flatMap { node in
            errors.attempt { () throws(YAMLError) in try node.requireString() }
        }
        let text = keys["text"].map { TextDefaults.compile($0, errors: &errors) } ?? TextDefaults()

        let ends = MappingEndsCompiler(schema: schema)
        let inputFields = kind.flatMap { kind in
            required("input", in: keys, of: root, errors: &errors).map { ends.compileInput($0, kind: kind, errors: &errors) }
        } ?? nil
        let output = kind.flatMap { kind in
            required("output", in: keys, of: root, errors: &errors).flatMap { ends.compileOutput($0, kind: kind, errors: &errors) }
        }

        var fields: [CompiledField] = []
        if let fieldsNode = required("fields", in: keys, of: root, errors: &errors), let inputFields, let output {
            var compiler = FieldCompiler(
                registry: registry, codeTables: schema.codeTables, inputFields: inputFields, output: output
            )
            fields = compiler.compileFields(fieldsNode, errors: &errors)
        }
        var rules = CompiledRules()
        if let rulesNode = keys["rules"], let inputFields, let output {
            rules = RuleCompiler(inputFields: inputFields, output: output, producedFields: Set(fields.map(\.name)))
                .compile(rulesNode, errors: &errors)
        }

        guard errors.errors.isEmpty, let name, let kind, let version, let inputFields, let output else {
            throw MappingLoadFailure(errors: errors.errors)
        }
        return CompiledMapping(
            name: name, kind: kind, version: version, description: description ?? "",
            file: root.mark.file, inputFieldNames: inputFields.map(\.name),
            inputEntity: kind == .target ? keys["input"]?["entity"]?.scalar?.text : nil, output: output,
            text: text, fields: fields, rules: rules, codeTables: schema.codeTables
        )
    }

    private func required(_ key: String, in keys: [String: YAMLNode], of root: YAMLNode, errors: inout ErrorCollector) -> YAMLNode? {
        if let node = keys[key] { return node }
        if root.mappingEntries != nil {
            errors.add(root.error(.missingKey, "a mapping file needs the key \"\(key)\""))
        }
        return nil
    }
}

/// How string input is cleaned before any step sees it (the agreement's general rule).
struct TextDefaults: Sendable {
    /// Trim white space, U+3000 included.
    var trim = true
    /// An empty string (after trimming) counts as absent.
    var emptyIsAbsent = true

    static func compile(_ node: YAMLNode, errors: inout ErrorCollector) -> TextDefaults {
        var defaults = TextDefaults()
        let keys = node.entries(allowing: ["trim", "empty_is_absent"], what: "text", into: &errors)
        if let trim = keys["trim"] { defaults.trim = errors.attempt { () throws(YAMLError) in try trim.requireBool() } ?? true }
        if let empty = keys["empty_is_absent"] {
            defaults.emptyIsAbsent = errors.attempt { () throws(YAMLError) in try empty.requireBool() } ?? true
        }
        return defaults
    }

    /// The value a step first sees for an input value.
    @inline(__always)
    func clean(_ value: consuming Value) -> Value {
        guard case let .string(text) = value else { return value }
        // Most input has nothing to trim and is not empty: it is handed on as it came, without
        // the copies of the string a trim would make to look at its bytes.
        if TextFunctions.hasNothingToTrim(text) { return value }
        return cleaned(text, from: value)
    }

    private func cleaned(_ text: String, from value: Value) -> Value {
        let cleaned = trim ? TextFunctions.trimmed(text) : text
        if emptyIsAbsent && cleaned.isEmpty { return .null }
        return cleaned.utf8.count == text.utf8.count ? value : .string(cleaned)
    }
}
