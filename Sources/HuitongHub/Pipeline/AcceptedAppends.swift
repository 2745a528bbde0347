import HuitongCore
import HuitongPlatforms

/// The accepted upserts of an append target, gathered while the journal is read and sorted by
/// key on disk (``ExternalSorter``), for the ledger entry's dataset: memory holds one chunk of
/// keys, whatever the number of records the exchange delivered.
final class AcceptedAppends {
    private let sorter: ExternalSorter

    init(directory: String) {
        sorter = ExternalSorter(directory: directory)
    }

    func add(key: String, place: StagedPlace) throws {
        try sorter.add(key: key, value: .array([.integer(Int64(place.offset)), .integer(Int64(place.length))]))
    }

    /// Every upsert in key order (one key's upserts in journal order).
    func forEachSorted(_ body: (String, StagedPlace) throws -> Void) throws {
        try sorter.forEachSorted { key, value in
            guard let offset = value[0]?.integerValue, let length = value[1]?.integerValue else {
                throw HubError.corrupt("a sort run of the accepted records is damaged")
            }
            try body(key, StagedPlace(offset: Int(offset), length: Int(length)))
        }
    }
}
