import HuitongCore

/// The shared parameter schema (规范统一信息参数): its version, its entities and the code
/// tables they use, loaded and checked by ``SchemaLoader``.
///
/// Every staged dataset and every exchange records ``version`` and ``contentHash``, so an
/// audit can tell which rules a record was checked against (`mappings/schema/README.md`).
public struct Schema: Sendable {
    /// `MAJOR.MINOR`, as `schema.yaml` writes it (`"1.0"`).
    public let version: String
    /// The schema's Chinese name.
    public let label: String
    /// What the schema covers.
    public let description: String
    /// The entities, in the order `schema.yaml` lists them.
    public let entities: [SchemaEntity]
    /// The canonical code tables and the platforms' code lists.
    public let codeTables: CodeTableSet
    /// SHA-256 over the schema and code-table files, framed file by file (see
    /// `mappings/schema/README.md`, Versioning).
    public let contentHash: Digest

    private let positions: [String: Int]

    public init(
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
    public func entity(named name: String) -> SchemaEntity? {
        positions[name].map { entities[$0] }
    }

    /// The entity names, in schema order.
    public var entityNames: [String] {
        entities.map(\.name)
    }
}
