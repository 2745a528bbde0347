import HuitongCore

extension FileStorage {
    /// The names in the directory at `path`, without `.` and `..`, sorted by their bytes — the
    /// ledger's own order, so entries and files are listed the same way in any language.
    static func sortedNames(in path: String) throws(StorageError) -> [String] {
        try names(in: path).sorted { RecordOrder.compare($0, $1) < 0 }
    }
}
