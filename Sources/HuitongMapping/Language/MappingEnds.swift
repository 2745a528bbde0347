import HuitongCore

/// Which way a mapping goes.
package enum MappingKind: String, Sendable {
    /// A source system's records → a schema entity (`mappings/sources/`).
    case source
    /// A schema entity → a platform dataset (`mappings/targets/<platform>/`).
    case target
}

/// One field a mapping reads, with its declared type.
struct InputField: Sendable {
    let name: String
    let type: ValueType
}

/// One field a mapping produces, with the rule the produced value must satisfy.
struct OutputField: Sendable {
    let name: String
    let type: ValueType
    let required: Bool
    /// The schema parameter or platform field rule; checked on every produced value.
    let rule: FieldRule
}

/// Where a mapping's records go: a schema entity, or a platform dataset with its field rules.
package struct MappingOutput: Sendable {
    /// The schema entity (source mappings) or the platform dataset (target mappings).
    package let name: String
    /// The platform, for target mappings.
    package let platform: String?
    /// The key field(s) of the output records.
    package let key: [String]
    let fields: [OutputField]

    func field(named name: String) -> OutputField? { fields.first { $0.name == name } }

    /// A produced record's key as one string, parts joined with `|` (as `dedupe` keys are).
    package func keyText(of record: OrderedObject) -> String {
        key.map { ValueComparison.text(record[$0] ?? .null) }.joined(separator: "|")
    }
}
