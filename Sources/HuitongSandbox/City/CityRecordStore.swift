import HuitongCore

/// A record id compared by its UTF-8 bytes.
///
/// The contract sorts by byte order (§3.3), and Swift's `String` equality would merge ids that
/// are canonically equivalent but spelled with different code points, which the platform
/// keeps apart as two records.
struct CityRecordID: Hashable, Comparable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: CityRecordID, rhs: CityRecordID) -> Bool {
        lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(byte) }
    }

    /// Byte order of the UTF-8 encoding, which is also Unicode code point order.
    static func < (lhs: CityRecordID, rhs: CityRecordID) -> Bool {
        lhs.text.utf8.lexicographicallyPrecedes(rhs.text.utf8)
    }
}

/// The records of one resource type, or the events, keyed by id.
struct CityCollection {
    private(set) var records: [CityRecordID: Value] = [:]

    /// Stores `record` under `id`, replacing a stored one. Returns whether it replaced.
    @discardableResult
    mutating func store(_ record: Value, id: CityRecordID) -> Bool {
        records.updateValue(record, forKey: id) != nil
    }

    /// Removes the record with `id`; false when there was none.
    mutating func remove(id: CityRecordID) -> Bool {
        records.removeValue(forKey: id) != nil
    }

    var count: Int { records.count }

    /// Every record, by id in byte order.
    var sorted: [Value] {
        records.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Page `pageNo` (from 1) of `pageSize` records by id in byte order; empty past the end.
    func page(_ pageNo: Int, size pageSize: Int) -> [Value] {
        let all = sorted
        let start = (pageNo - 1).multipliedReportingOverflow(by: pageSize)
        guard !start.overflow, start.partialValue < all.count else { return [] }
        return Array(all[start.partialValue..<min(all.count, start.partialValue + pageSize)])
    }
}

/// Everything the city platform holds: resources per type and the events.
struct CityRecordStore {
    private(set) var resources: [String: CityCollection] = [:]
    var events = CityCollection()

    subscript(type: String) -> CityCollection {
        get { resources[type] ?? CityCollection() }
        // In place: a get-then-set would copy the whole collection on every batch.
        _modify { yield &resources[type, default: CityCollection()] }
    }
}
