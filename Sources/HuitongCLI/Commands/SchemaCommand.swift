import HuitongCore
import HuitongMapping

/// `huitong schema [ENTITY]`: the shared parameter schema as a data dictionary or as JSON Schema.
struct SchemaCommand: Command {
    static let formats = ["markdown", "json-schema"]

    var spec: CommandSpec {
        CommandSpec(
            name: "schema",
            summary: "Print the shared parameter schema as a data dictionary (Markdown) or as JSON Schema.",
            discussion: """
            Loads and checks the schema (MAPPINGS/schema) and its code tables (MAPPINGS/codes), then prints
            ENTITY, or every entity under the schema's version and content hash. Markdown is the data
            dictionary a person reads: each entity's key, a table of its parameters (中文标签, type, unit,
            required, constraints, description) and the code lists they use. json-schema is JSON Schema
            draft 2020-12: one entity's document, or one document with every entity under $defs.
            A schema with problems is not printed: every problem is reported as FILE:LINE:COLUMN: message.
            """,
            options: [
                OptionSpec(
                    name: "format", kind: .value(placeholder: "FORMAT", allowed: Self.formats),
                    help: "markdown (default) or json-schema"
                ),
                .mappings,
            ],
            arguments: [
                ArgumentSpec(name: "ENTITY", arity: .optional, help: "one entity, such as shelter; default: all of them"),
            ],
            examples: [
                ("huitong schema", "the whole data dictionary, in Markdown"),
                ("huitong schema shelter", "one entity with its code lists"),
                ("huitong schema --format json-schema incident", "JSON Schema for incident records"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        let mappings = arguments.mappingsDirectory
        let schema = try SchemaLoader.load(mappings: mappings)
        var entity: SchemaEntity?
        if let name = arguments.positional("ENTITY") {
            guard let found = schema.entity(named: name) else {
                let hint = NameSuggestion.nearest(to: name, among: schema.entityNames).map { "Did you mean \($0)? " } ?? ""
                console.diagnostic(
                    "huitong schema: unknown entity \"\(name)\"; the schema defines \(schema.entityNames.joined(separator: ", ")).\n\(hint)Run 'huitong schema' to see them all."
                )
                return .invalidInput
            }
            entity = found
        }
        switch arguments.value("format") ?? "markdown" {
        case "json-schema":
            let document = entity.map(schema.jsonSchema(for:)) ?? schema.jsonSchemaDocument()
            console.line(try JSONWriter(style: .pretty).string(for: document))
        default:
            console.writeOutput(schema.markdown(entityNames: entity.map { [$0.name] }))
        }
        return .success
    }
}
