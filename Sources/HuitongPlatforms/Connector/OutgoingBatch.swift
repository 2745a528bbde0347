import HuitongCore

/// One batch for one dataset, sealed: its items are encoded and its idempotency key is
/// derived from them, so the same records in the same order always make the same batch.
package struct OutgoingBatch: Sendable {
    package let dataset: String
    package let test: Bool
    /// What else goes into the key: a caller's exchange identifier, so that the same content
    /// sent again in a *later* exchange (a record changed and changed back) is not taken for
    /// a resend. A resend after a crash must use the same scope.
    package let scope: String
    package let idempotencyKey: String
    package let upserts: [OutgoingRecord]
    package let deletes: [String]
    /// Each upsert's item as it goes on the wire.
    let upsertItems: [[UInt8]]
    /// Each delete's item (envelope and flag styles), in `deletes` order.
    let deleteItems: [[UInt8]]

    /// Derives the key: SHA-256 over platform, dataset, mode, scope and the encoded items,
    /// as lowercase hex cut to `length` (the contracts allow `[A-Za-z0-9_-]`).
    static func deriveKey(
        platform: String, dataset: String, test: Bool, scope: String,
        upsertItems: [[UInt8]], deletes: [String], length: Int
    ) -> String {
        var hasher = SHA256()
        hasher.update("huitong-batch/1\n\(platform)\n\(dataset)\n\(test ? "test" : "production")\n\(scope)\n")
        for item in upsertItems {
            hasher.update("u \(item.count)\n")
            hasher.update(item)
        }
        for key in deletes {
            hasher.update("d \(key.utf8.count)\n")
            hasher.update(key)
        }
        return String(hasher.finalize().hex.prefix(length))
    }
}
