import HuitongCore

/// One entity of the shared schema (`shelter`, `incident`, …): its key and its parameters in
/// the order the file lists them, which is also the order of fields in a staged record.
package struct SchemaEntity: Sendable {
    /// The entity's name, which is also its file's name (`shelter` in `shelter.yaml`).
    package let name: String
    /// The Chinese label (`人防工程`).
    package let label: String
    /// What the entity is, where its records come from and which platform datasets it feeds.
    package let description: String
    /// The parameters whose values, in this order, identify a record.
    package let key: [String]
    /// The parameters, in file order.
    package let parameters: [SchemaParameter]
    /// The file the entity was loaded from.
    package let file: String
    /// Where the entity's definition starts.
    package let mark: SourceLocation?

    private let positions: [String: Int]

    package init(
        name: String, label: String, description: String, key: [String], parameters: [SchemaParameter],
        file: String = "", mark: SourceLocation? = nil
    ) {
        self.name = name
        self.label = label
        self.description = description
        self.key = key
        self.parameters = parameters
        self.file = file
        self.mark = mark
        // The loader refuses a name written twice; should one come here anyway, the first wins.
        positions = Dictionary(parameters.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The parameter with this name.
    package func parameter(named name: String) -> SchemaParameter? {
        positions[name].map { parameters[$0] }
    }

    /// The code tables the parameters use, each once, in parameter order.
    package var codeTableNames: [String] {
        var seen: Set<String> = []
        return parameters.compactMap(\.rule.codes).filter { seen.insert($0).inserted }
    }
}

/// One parameter of an entity: its name and the rule its values follow.
package struct SchemaParameter: Sendable {
    /// The parameter's name (`floor_area`), as records and mappings write it.
    package let name: String
    /// Its type, whether it is required, its constraints, label and description.
    package let rule: FieldRule

    package init(name: String, rule: FieldRule) {
        self.name = name
        self.rule = rule
    }
}
