import HuitongCore

/// The shared parameter schema (规范统一信息参数): its version, its entities and the code
/// tables they use, loaded and checked by ``SchemaLoader``.
///
/// Every staged dataset and every exchange records ``version`` and ``contentHash``, so an
/// audit can tell which rules a record was checked against (`mappings/schema/README.md`).
package struct Schema: Sendable {
    /// `MAJOR.MINOR`, as `schema.yaml` writes it (`"1.0"`).
    package let version: String
    /// The schema's Chinese name.
    package let label: String
    /// What the schema covers.
    package let description: String
    /// The entities, in the order `schema.yaml` lists them.
    package let entities: [SchemaEntity]
    /// The canonical code tables and the platforms' code lists.
    package let codeTables: CodeTableSet
    /// SHA-256 over the schema and code-table files, framed file by file (see
    /// `mappings/schema/README.md`, Versioning).
    package let contentHash: Digest

    private let positions: [String: Int]

    package init(
        version: String, label: String, description: String, entities: [SchemaEntity], codeTables: CodeTableSet,
        contentHash: Digest
    ) {
        self.version = version
        self.label = label
        self.description = description
        self.entities = entities
        self.codeTables = codeTables
        self.contentHash = contentHash
        positions = Dictionary(entities.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The entity with this name.
    package func entity(named name: String) -> SchemaEntity? {
        positions[name].map { entities[$0] }
    }

    /// The entity names, in schema order.
    package var entityNames: [String] {
        entities.map(\.name)
    }
}
