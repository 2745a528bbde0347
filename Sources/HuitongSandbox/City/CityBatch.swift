import HuitongCore
import HuitongHTTPServer

/// A resource or event batch, read and checked item by item before anything is stored
/// (§3.1, §4.1). Reading depends only on the request, never on what the platform holds, so it
/// happens outside the platform's lock.
struct CityBatch {
    /// One item: its id as sent (for `failed[].id`) and either the record to store or why not.
    struct Item {
        var id: Value
        var outcome: Outcome
    }

    enum Outcome {
        case accepted(id: CityRecordID, record: Value)
        case failed(String)
    }

    let schema: CityRecordSchema
    let items: [Item]

    /// Reads `request`'s body as a batch of `schema` records of at most `limit` items.
    ///
    /// - Throws: 400 `INVALID_PARAM` when the body is not a JSON array of 1 or more objects,
    ///   413 `PAYLOAD_TOO_LARGE` when it has more than `limit` items.
    init(reading request: ServerRequest, schema: CityRecordSchema, limit: Int) throws(CityRejection) {
        self.schema = schema
        guard case let .array(elements) = try CityRequestBody.json(of: request) else {
            throw CityRejection(400, .invalidParameter, "the body must be a JSON array of \(schema.name) objects")
        }
        guard !elements.isEmpty else {
            throw CityRejection(400, .invalidParameter, "the array is empty; send 1 to \(limit) \(schema.name) objects")
        }
        guard elements.count <= limit else {
            throw CityRejection(413, .payloadTooLarge, "\(elements.count) items; at most \(limit) a request: split and resend")
        }
        if let position = elements.firstIndex(where: { $0.objectValue == nil }) {
            throw CityRejection(400, .invalidParameter, "item \(position + 1) is not a JSON object")
        }
        let literals = CityNumberLiterals.scan(request.body)
        items = elements.enumerated().map { position, element in
            let record = element.objectValue ?? OrderedObject()
            let sentID = record[schema.idField].map(Self.displayable) ?? .null
            let numbers = position < literals.count ? literals[position] : [:]
            if let problems = schema.problems(in: record, literals: numbers) {
                return Item(id: sentID, outcome: .failed(problems))
            }
            // A valid record has a non-empty string id: the schema requires one.
            let id = schema.id(of: record) ?? ""
            return Item(id: sentID, outcome: .accepted(id: CityRecordID(id), record: element))
        }
    }

    /// Stores the accepted items in order (a later item with the same id wins) and returns the
    /// result object `{"total", "succeeded", "failed"}`.
    func apply(to collection: inout CityCollection) -> (result: Value, succeeded: Int, failed: Int) {
        var failed: [Value] = []
        var succeeded = 0
        for item in items {
            switch item.outcome {
            case let .accepted(id, record):
                collection.store(record, id: id)
                succeeded += 1
            case let .failed(message):
                failed.append(["id": item.id, "message": .string(message)])
            }
        }
        let result: Value = [
            "total": .integer(Int64(items.count)), "succeeded": .integer(Int64(succeeded)), "failed": .array(failed),
        ]
        return (result, succeeded, failed.count)
    }

    /// The id as sent when it is a scalar (a string, or a number sent by mistake); arrays and
    /// objects are not echoed back.
    private static func displayable(_ id: Value) -> Value {
        switch id {
        case .string, .integer, .double, .bool: id
        default: .null
        }
    }
}
