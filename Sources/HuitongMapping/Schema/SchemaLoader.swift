import HuitongCore
import HuitongYAML

/// Loads the shared parameter schema (`mappings/schema/`) with its code tables
/// (`mappings/codes/`) and checks all of it, reporting every problem at once.
///
/// Checked, each at the offending node: `schema.yaml`'s version (`MAJOR.MINOR`) and entity
/// list; an entity listed without a file, or a file not listed; an entity file whose `entity`
/// differs from its file name; unknown keys; a missing label, type or `required`; an unknown
/// type; a constraint that does not fit the type (a range on a string); a `codes` table that
/// does not exist; a key naming a parameter that does not exist or is not required; and
/// everything ``CodeTableLoader`` checks.
package enum SchemaLoader {
    /// Loads `schemaDirectory` and `codesDirectory`.
    ///
    /// - Throws: ``SchemaLoadFailure`` with every problem found.
    package static func load(schemaDirectory: String, codesDirectory: String) throws(SchemaLoadFailure) -> Schema {
        let codes = CodeTableLoader.collect(directory: codesDirectory)
        var errors = ErrorCollector()
        codes.errors.forEach { errors.add($0) }
        let header = readHeader(schemaDirectory: schemaDirectory, errors: &errors)
        var entities: [SchemaEntity] = []
        let files = MappingsDirectory.yamlFiles(under: schemaDirectory)
        if let header {
            let listed = Set(header.entityNames.map(\.name))
            for (name, node) in header.entityNames {
                guard let file = files.first(where: { $0.relative == "\(name).yaml" }) else {
                    errors.add(node.error(.unknownReference, "entity \(name) has no file \(name).yaml in \(schemaDirectory); add it or remove the name"))
                    continue
                }
                if let entity = readEntity(file: file.path, name: name, codeTables: codes.tables, errors: &errors) {
                    entities.append(entity)
                }
            }
            for file in files where file.relative != "schema.yaml" && !listed.contains(baseName(file.relative)) {
                errors.add(header.entitiesNode.error(.unknownReference, "\(file.relative) is not listed in entities; add \(baseName(file.relative)) here or remove the file"))
            }
        }
        guard errors.errors.isEmpty, let header, let version = header.version, let label = header.label else {
            throw SchemaLoadFailure(errors: errors.errors)
        }
        let hashed = files.map { (relativePath: "schema/" + $0.relative, path: $0.path) }
            + codes.files.map { (relativePath: "codes/" + $0.relative, path: $0.path) }
        return Schema(
            version: version, label: label, description: header.description, entities: entities,
            codeTables: codes.tables, contentHash: SchemaContentHash.digest(of: SchemaContentHash.read(hashed))
        )
    }

    /// Loads `mappings.schemaDirectory` and `mappings.codesDirectory`.
    package static func load(mappings: MappingsDirectory) throws(SchemaLoadFailure) -> Schema {
        try load(schemaDirectory: mappings.schemaDirectory, codesDirectory: mappings.codesDirectory)
    }

    private struct Header {
        /// `nil` when unusable (reported); the entities are still checked.
        var version: String?
        var label: String?
        var description: String
        var entityNames: [(name: String, node: YAMLNode)]
        var entitiesNode: YAMLNode
    }

    private static func readHeader(schemaDirectory: String, errors: inout ErrorCollector) -> Header? {
        let path = schemaDirectory.hasSuffix("/") ? schemaDirectory + "schema.yaml" : schemaDirectory + "/schema.yaml"
        guard let root = MappingsDirectory.document(at: path, into: &errors) else { return nil }
        let keys = root.entries(allowing: ["version", "label", "description", "entities"], what: "schema.yaml", into: &errors)
        guard root.mappingEntries != nil else { return nil }
        for key in ["version", "label", "entities"] where keys[key] == nil {
            errors.add(root.error(.missingKey, "schema.yaml needs \"\(key)\""))
        }
        let version = keys["version"].flatMap { node in
            errors.attempt { () throws(YAMLError) -> String in
                let text = try node.requireString()
                guard isVersion(text) else {
                    throw node.error(.invalidValue, "the schema version must be MAJOR.MINOR, such as \"1.0\", not \"\(text)\"")
                }
                return text
            }
        }
        let label = keys["label"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } }
        let description = keys["description"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } }
        guard let entitiesNode = keys["entities"],
              let items = errors.attempt({ () throws(YAMLError) in try entitiesNode.requireSequence() })
        else { return nil }
        var names: [(name: String, node: YAMLNode)] = []
        for item in items {
            guard let name = errors.attempt({ () throws(YAMLError) in try item.requireString() }) else { continue }
            if let earlier = names.first(where: { $0.name == name }) {
                errors.add(item.error(.invalidValue, "entity \(name) is listed twice (first at column \(earlier.node.mark.column))"))
                continue
            }
            names.append((name, item))
        }
        return Header(version: version, label: label, description: description ?? "", entityNames: names, entitiesNode: entitiesNode)
    }

    private static func readEntity(file: String, name: String, codeTables: CodeTableSet, errors: inout ErrorCollector) -> SchemaEntity? {
        guard let root = MappingsDirectory.document(at: file, into: &errors) else { return nil }
        let keys = root.entries(allowing: ["entity", "label", "description", "key", "parameters"], what: "an entity", into: &errors)
        guard root.mappingEntries != nil else { return nil }
        for key in ["entity", "label", "description", "key", "parameters"] where keys[key] == nil {
            errors.add(root.error(.missingKey, "an entity needs \"\(key)\""))
        }
        if let nameNode = keys["entity"], let written = errors.attempt({ () throws(YAMLError) in try nameNode.requireString() }),
           written != name {
            errors.add(nameNode.error(.invalidValue, "the entity in \(name).yaml must be named \(name), not \(written)"))
        }
        let label = keys["label"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } }
        let description = keys["description"].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } }
        let parameters = keys["parameters"].map { readParameters($0, codeTables: codeTables, errors: &errors) } ?? []
        // Names whose rules had problems still count as written, so the key is not reported again.
        let written = keys["parameters"]?.mappingEntries?.compactMap(\.key.scalar?.text) ?? []
        let key = keys["key"].map { checkKey($0, parameters: parameters, written: written, errors: &errors) } ?? []
        guard let label, let description else { return nil }
        return SchemaEntity(
            name: name, label: label, description: description, key: key, parameters: parameters, file: file, mark: root.mark
        )
    }

    private static func readParameters(_ node: YAMLNode, codeTables: CodeTableSet, errors: inout ErrorCollector) -> [SchemaParameter] {
        guard let entries = errors.attempt({ () throws(YAMLError) in try node.requireMapping() }) else { return [] }
        if entries.isEmpty { errors.add(node.error(.invalidValue, "an entity needs at least one parameter")) }
        return entries.compactMap { entry in
            guard let name = errors.attempt({ () throws(YAMLError) in try entry.key.requireString() }) else { return nil }
            if !isParameterName(name) {
                errors.add(entry.key.error(.invalidValue, "parameter names are lower case ASCII words joined by _ (floor_area), not \"\(name)\""))
            }
            guard let rule = FieldRule.load(from: entry.value, codeTables: codeTables, origin: .schemaParameter, into: &errors) else {
                return nil
            }
            return SchemaParameter(name: name, rule: rule)
        }
    }

    /// The key's parameter names, each checked to exist and be required.
    private static func checkKey(
        _ node: YAMLNode, parameters: [SchemaParameter], written: [String], errors: inout ErrorCollector
    ) -> [String] {
        guard let items = errors.attempt({ () throws(YAMLError) in try node.requireSequence() }) else { return [] }
        if items.isEmpty { errors.add(node.error(.invalidValue, "key names at least one parameter")) }
        return items.compactMap { item in
            guard let name = errors.attempt({ () throws(YAMLError) in try item.requireString() }) else { return nil }
            guard written.contains(name) else {
                let hint = NameSuggestion.nearest(to: name, among: written).map { "; did you mean \($0)?" } ?? ""
                errors.add(item.error(.unknownReference, "key names \(name), which is not a parameter of this entity\(hint)"))
                return nil
            }
            if let parameter = parameters.first(where: { $0.name == name }), !parameter.rule.required {
                errors.add(item.error(.invalidValue, "key parameter \(name) must be required: true"))
            }
            return name
        }
    }

    private static func baseName(_ relative: String) -> String {
        String(relative.split(separator: ".").first ?? "")
    }

    private static func isVersion(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    private static func isParameterName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
