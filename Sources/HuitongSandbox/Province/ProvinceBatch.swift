import HuitongCore

/// The envelope of `POST /api/v1/exchange/{dataset}/batches` (contract §3.2), read strictly.
struct ProvinceBatch: Sendable {
    var batchId: String
    var sentAt: String
    var isTest: Bool
    var upserts: [OrderedObject]
    var deletes: [String]

    /// upserts plus deletes, the count the 500-item limit applies to.
    var itemCount: Int { upserts.count + deletes.count }

    static let envelopeFields: Set<String> = ["batchId", "schemaVersion", "sentAt", "test", "upserts", "deletes"]
    static let supportedSchemaVersion = "1.0"

    /// Reads and checks the envelope, in this order: JSON object (4000); `schemaVersion` present
    /// as a string (4000) and "1.0" (4002) — checked early, so a client on a newer version hears
    /// about the version rather than about fields that version may have added; the other fields
    /// (4000); the item limit (4130); the item types (4000). The body size is the caller's
    /// check, made before any parsing.
    static func read(_ body: [UInt8], maximumItems: Int) throws(ProvinceError) -> ProvinceBatch {
        let value: Value
        do {
            value = try JSONReader().value(from: body)
        } catch {
            throw .malformed("the body is not valid JSON: \(error.description)")
        }
        guard case let .object(envelope) = value else {
            throw .malformed("the body must be a JSON object (the batch envelope), not \(ProvinceFieldCheck.show(value))")
        }

        guard let version = envelope["schemaVersion"] else { throw .malformed("schemaVersion is missing") }
        guard case let .string(versionText) = version else {
            throw .malformed("schemaVersion must be a string (\"1.0\"), not \(ProvinceFieldCheck.show(version))")
        }
        guard versionText == supportedSchemaVersion else { throw .unsupportedSchemaVersion(versionText) }

        let extra = envelope.keys.filter { key in !envelopeFields.contains { $0.utf8.elementsEqual(key.utf8) } }
        guard extra.isEmpty else {
            throw .malformed("unknown envelope field\(extra.count > 1 ? "s" : "") \(extra.map { "'\($0)'" }.joined(separator: ", ")); "
                + "the envelope holds only batchId, schemaVersion, sentAt, test, upserts and deletes")
        }

        guard let batchIdValue = envelope["batchId"] else { throw .malformed("batchId is missing") }
        guard case let .string(batchId) = batchIdValue, isWellFormedBatchId(batchId) else {
            throw .malformed("batchId must be 8 to 64 characters of [A-Za-z0-9_-], not \(ProvinceFieldCheck.show(batchIdValue))")
        }

        guard let sentAtValue = envelope["sentAt"] else { throw .malformed("sentAt is missing") }
        guard case let .string(sentAt) = sentAtValue, (try? Timestamp(parsing: sentAt, as: .dateTime)) != nil else {
            throw .malformed("sentAt must be Beijing time yyyy-MM-dd HH:mm:ss, not \(ProvinceFieldCheck.show(sentAtValue))")
        }

        var isTest = false
        if let test = envelope["test"] {
            guard case let .bool(flag) = test else {
                throw .malformed("test must be true or false, not \(ProvinceFieldCheck.show(test))")
            }
            isTest = flag
        }

        let upsertValues = try list(envelope, "upserts")
        let deleteValues = try list(envelope, "deletes")
        guard !upsertValues.isEmpty || !deleteValues.isEmpty else {
            throw .malformed("upserts and deletes are both empty or absent; a batch needs at least one item")
        }
        let itemCount = upsertValues.count + deleteValues.count
        guard itemCount <= maximumItems else {
            throw .tooLarge("the batch holds \(itemCount) items (\(upsertValues.count) upserts, \(deleteValues.count) deletes); "
                + "at most \(maximumItems) are allowed. Split it into smaller batches")
        }

        var upserts: [OrderedObject] = []
        upserts.reserveCapacity(upsertValues.count)
        for (index, item) in upsertValues.enumerated() {
            guard case let .object(record) = item else {
                throw .malformed("upserts[\(index)] must be an object (a record), not \(ProvinceFieldCheck.show(item))")
            }
            upserts.append(record)
        }
        var deletes: [String] = []
        deletes.reserveCapacity(deleteValues.count)
        for (index, item) in deleteValues.enumerated() {
            guard case let .string(key) = item else {
                throw .malformed("deletes[\(index)] must be a key string, not \(ProvinceFieldCheck.show(item))")
            }
            deletes.append(key)
        }
        return ProvinceBatch(batchId: batchId, sentAt: sentAt, isTest: isTest, upserts: upserts, deletes: deletes)
    }

    /// The SHA-256 of the canonical JSON of `{upserts, deletes, test}`: what a replay must match
    /// to count as the same batch. An absent list is an empty one and an absent `test` is false,
    /// the meanings the contract gives them, so how a client spells "nothing" does not matter.
    var contentDigest: Digest {
        let content: Value = .object([
            "upserts": .array(upserts.map(Value.object)),
            "deletes": .array(deletes.map(Value.string)),
            "test": .bool(isTest),
        ])
        // Read from JSON, so finite and within the reader's depth: canonical writing cannot fail.
        return SHA256.hash((try? CanonicalJSONWriter.bytes(for: content)) ?? [])
    }

    private static func list(_ envelope: OrderedObject, _ name: String) throws(ProvinceError) -> [Value] {
        guard let value = envelope[name] else { return [] }
        guard case let .array(items) = value else {
            throw .malformed("\(name) must be an array, not \(ProvinceFieldCheck.show(value))")
        }
        return items
    }

    static func isWellFormedBatchId(_ id: String) -> Bool {
        (8...64).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            ProvinceSignatureCheck.isDigit(byte) || ProvinceSignatureCheck.isLetter(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
