import HuitongCore

/// Where a caller keeps a record it sends: the offset and length of its line in the caller's
/// file. Travels with the record through a batch, so the caller knows which of its lines each
/// fate is about (two records may share a key).
package struct RecordPlace: Sendable, Hashable {
    package var offset: Int
    package var length: Int

    package init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }
}

/// A record on its way to a platform: its key (compound keys joined with the profile's
/// separator) and the payload the target mapping produced — as a value, or already encoded as
/// JSON, in which case a profile whose batch item is the bare record sends those bytes as they
/// are (nothing is parsed or encoded again).
package struct OutgoingRecord: Sendable, Equatable {
    package var key: String
    /// The payload's JSON, when the caller has it encoded.
    package private(set) var encodedPayload: [UInt8]?
    private var object: OrderedObject?
    /// Where the caller keeps the record, returned with the batch.
    package var place: RecordPlace?

    package init(key: String, payload: OrderedObject, place: RecordPlace? = nil) {
        self.key = key
        object = payload
        encodedPayload = nil
        self.place = place
    }

    /// A record whose payload is already JSON (a JSON object; the pipeline's canonical JSON).
    package init(key: String, encodedPayload: [UInt8], place: RecordPlace? = nil) {
        self.key = key
        object = nil
        self.encodedPayload = encodedPayload
        self.place = place
    }

    /// The payload as a value (parsed from the encoded form when that is all there is; an
    /// encoded form that is not a JSON object reads as an empty object).
    package var payload: OrderedObject {
        get {
            if let object { return object }
            guard let encodedPayload, case let .object(parsed)? = try? JSONReader().value(from: encodedPayload) else { return [:] }
            return parsed
        }
        set {
            object = newValue
            encodedPayload = nil
        }
    }

    package static func == (lhs: OutgoingRecord, rhs: OutgoingRecord) -> Bool {
        lhs.key == rhs.key && lhs.place == rhs.place && lhs.payload == rhs.payload
    }
}
