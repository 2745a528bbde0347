import HuitongCore

/// A record key (contract §4) that compares and hashes by its UTF-8 bytes, as the read-back
/// order (byte order of the key string) requires; Swift's `String` would compare canonically
/// equivalent keys as equal.
struct ProvinceRecordKey: Sendable, Hashable, Comparable {
    let text: String
    let bytes: [UInt8]

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    static func == (lhs: ProvinceRecordKey, rhs: ProvinceRecordKey) -> Bool { lhs.bytes == rhs.bytes }
    func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
    static func < (lhs: ProvinceRecordKey, rhs: ProvinceRecordKey) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

/// The records of every dataset in one store: production or joint-test (never mixed).
struct ProvinceRecordStore: Sendable {
    private var datasets: [String: [ProvinceRecordKey: Value]] = [:]

    /// Stores `record` under `key`, replacing whatever was there.
    mutating func upsert(_ record: Value, key: String, dataset: String) {
        datasets[dataset, default: [:]][ProvinceRecordKey(key)] = record
    }

    /// Removes the record under `key`; whether there was one.
    mutating func delete(key: String, dataset: String) -> Bool {
        datasets[dataset]?.removeValue(forKey: ProvinceRecordKey(key)) != nil
    }

    func count(dataset: String) -> Int { datasets[dataset]?.count ?? 0 }

    /// The records of `dataset` in ascending byte order of their keys.
    func records(dataset: String) -> [Value] {
        (datasets[dataset] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
    }

    /// One page (1-based) of ``records(dataset:)``: empty past the end.
    func page(_ page: Int, size: Int, dataset: String) -> [Value] {
        let all = records(dataset: dataset)
        let (start, overflow) = (page - 1).multipliedReportingOverflow(by: size)
        guard !overflow, start < all.count else { return [] }
        return Array(all[start..<min(start + size, all.count)])
    }
}
