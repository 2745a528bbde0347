import HuitongMapping

extension OptionSpec {
    /// `--mappings DIR`, shared by every command that loads the schema, code tables or mappings.
    static let mappings = OptionSpec(
        name: "mappings", kind: .value(placeholder: "DIR"),
        help: "the mappings directory holding schema/ and codes/ (default: ./\(MappingsDirectory.defaultPath))"
    )
}

extension ParsedArguments {
    /// The directory `--mappings` names, or `./mappings`.
    var mappingsDirectory: MappingsDirectory {
        MappingsDirectory(path: value(OptionSpec.mappings.name) ?? MappingsDirectory.defaultPath)
    }
}
