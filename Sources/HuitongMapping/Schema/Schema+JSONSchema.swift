import HuitongCore

extension Schema {
    /// The JSON Schema (draft 2020-12) dialect every document here declares.
    static let jsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema"

    /// The identifier of the schema (or of one entity's document): a URN naming the version,
    /// so that two versions never share an `$id`.
    func jsonSchemaIdentifier(entity: String? = nil) -> String {
        "urn:huitong:schema:\(version)" + (entity.map { ":\($0)" } ?? "")
    }

    /// One entity's records as a standalone JSON Schema document: an object with the entity's
    /// parameters as properties, the required ones listed, and nothing else allowed.
    package func jsonSchema(for entity: SchemaEntity) -> Value {
        var document: OrderedObject = [
            "$schema": .string(Self.jsonSchemaDialect),
            "$id": .string(jsonSchemaIdentifier(entity: entity.name)),
        ]
        for (key, value) in objectSchema(for: entity) { document[key] = value }
        return .object(document)
    }

    /// The whole schema as one JSON Schema document: each entity under `$defs` (refer to
    /// `…#/$defs/shelter`), and the document itself accepting a record of any entity.
    package func jsonSchemaDocument() -> Value {
        let definitions = OrderedObject(uniqueKeysWithValues: entities.map { ($0.name, Value.object(objectSchema(for: $0))) })
        let references = entities.map { Value.object(["$ref": .string("#/$defs/\($0.name)")]) }
        return .object([
            "$schema": .string(Self.jsonSchemaDialect),
            "$id": .string(jsonSchemaIdentifier()),
            "title": .string("\(label) \(version)"),
            "description": .string(MarkdownText.paragraph(description)),
            "$comment": .string("schema \(version), content hash sha256:\(contentHash.hex)"),
            "anyOf": .array(references),
            "$defs": .object(definitions),
        ])
    }

    private func objectSchema(for entity: SchemaEntity) -> OrderedObject {
        let properties = OrderedObject(uniqueKeysWithValues: entity.parameters.map { parameter in
            (parameter.name, Value.object(JSONSchemaProperty.schema(for: parameter.rule, codeTables: codeTables)))
        })
        return [
            "title": .string("\(entity.name) \(entity.label)"),
            "description": .string(MarkdownText.paragraph(entity.description) + " Key: \(entity.key.joined(separator: ", ")). Absent optional parameters are left out, never null."),
            "type": "object",
            "properties": .object(properties),
            "required": .array(entity.parameters.filter(\.rule.required).map { .string($0.name) }),
            "additionalProperties": false,
        ]
    }
}

/// The JSON Schema of one field rule's values.
enum JSONSchemaProperty {
    /// RFC 3339 with an offset, as `Timestamp(parsing:as: .rfc3339)` reads it; `format` alone is
    /// only an annotation in 2020-12, so the pattern is what validators enforce.
    static let rfc3339Pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
    static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    static let wallTimePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$"

    static func schema(for rule: FieldRule, codeTables: CodeTableSet) -> OrderedObject {
        var schema: OrderedObject = [:]
        if let label = rule.label { schema["title"] = .string(label) }
        let notes = [rule.description.map(MarkdownText.paragraph), rule.unit.map { "Unit: \($0)." },
                     rule.decimals.map { "At most \($0) decimal\($0 == 1 ? "" : "s")." }].compactMap { $0 }
        if !notes.isEmpty { schema["description"] = .string(notes.joined(separator: " ")) }
        for (key, value) in typeSchema(for: rule, codeTables: codeTables) { schema[key] = value }
        return schema
    }

    private static func typeSchema(for rule: FieldRule, codeTables: CodeTableSet) -> OrderedObject {
        let codes = rule.codes.flatMap { codeTables[$0]?.codes } ?? []
        switch rule.type {
        case .string:
            var schema: OrderedObject = ["type": "string"]
            if let min = rule.length?.min ?? (rule.required ? 1 : nil) { schema["minLength"] = .integer(Int64(min)) }
            if let max = rule.length?.max { schema["maxLength"] = .integer(Int64(max)) }
            // Rules match the whole value; JSON Schema searches, so the pattern is anchored here.
            if let pattern = rule.pattern { schema["pattern"] = .string("^(?:\(pattern))$") }
            return schema
        case .integer:
            var schema: OrderedObject = ["type": "integer"]
            addBounds(rule.range, to: &schema)
            if !codes.isEmpty { schema["enum"] = .array(codes.compactMap { Int64($0).map(Value.integer) }) }
            return schema
        case .decimal:
            var schema: OrderedObject = ["type": "number"]
            addBounds(rule.range, to: &schema)
            return schema
        case .boolean:
            return ["type": "boolean"]
        case .date:
            return ["type": "string", "format": "date", "pattern": .string(datePattern)]
        case .datetime:
            switch rule.timeFormat {
            case .epochMilliseconds?, .epochSeconds?:
                return ["type": "integer"]
            case .dateTime?:
                return ["type": "string", "pattern": .string(wallTimePattern)]
            default:
                return ["type": "string", "format": "date-time", "pattern": .string(rfc3339Pattern)]
            }
        case .code:
            return ["type": "string", "enum": .array(codes.map(Value.string))]
        case .point:
            return point
        case .area:
            return area
        }
    }

    private static func addBounds(_ range: NumberRange?, to schema: inout OrderedObject) {
        if let lower = range?.lower {
            schema[lower.isInclusive ? "minimum" : "exclusiveMinimum"] = number(lower.value)
        }
        if let upper = range?.upper {
            schema[upper.isInclusive ? "maximum" : "exclusiveMaximum"] = number(upper.value)
        }
    }

    /// A whole bound as a JSON integer (`0`, not `0.0`), which reads better in a contract.
    private static func number(_ value: Double) -> Value {
        value == value.rounded() && abs(value) < 9_007_199_254_740_992 ? .integer(Int64(value)) : .double(value)
    }

    /// `{"lon": x, "lat": y}`, WGS-84.
    static let point: OrderedObject = [
        "type": "object",
        "properties": [
            "lon": ["type": "number", "minimum": -180, "maximum": 180],
            "lat": ["type": "number", "minimum": -90, "maximum": 90],
        ],
        "required": ["lon", "lat"],
        "additionalProperties": false,
    ]

    /// A polygon of at least three points, or a circle with a positive radius in kilometres.
    static let area: OrderedObject = [
        "oneOf": [
            [
                "type": "object",
                "properties": [
                    "type": ["const": "polygon"],
                    "points": ["type": "array", "minItems": 3, "items": .object(point)],
                ],
                "required": ["type", "points"],
                "additionalProperties": false,
            ],
            [
                "type": "object",
                "properties": [
                    "type": ["const": "circle"],
                    "center": .object(point),
                    "radius_km": ["type": "number", "exclusiveMinimum": 0],
                ],
                "required": ["type", "center", "radius_km"],
                "additionalProperties": false,
            ],
        ],
    ]
}
