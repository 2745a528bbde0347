import HuitongCore

/// What the CAP adapter remembers between runs: the SHA-256 of the content of each alert file
/// it has read, by file name.
///
/// A file is read again exactly when its content changes. Size and modification time would
/// save reading unchanged files, but they can say "unchanged" for a rewritten file (same size
/// and an mtime restored by `cp -p` or `rsync -t`, or two writes within one filesystem
/// timestamp tick) and "changed" for a file merely touched. Alert files are small, so
/// hashing them all on each run is cheap next to delivering an alert twice or never.
///
/// Unreadable files are remembered like records: set aside once, and read again when the
/// sender replaces them. Files that could not be opened are not remembered, so they are tried
/// again on every run until they can be. A file that leaves the directory leaves the
/// checkpoint, which therefore grows no larger than the directory; if it comes back it is read
/// again, and the hub's exchange ledger keeps an unchanged record from being sent twice.
///
/// As a `Value`: `{"format": "cap-directory/1", "files": [{"file": "cap-001.xml", "sha256":
/// "<hex>"}, …]}`, in file-name order. A list rather than an object keyed by file name: an
/// `OrderedObject` checks each new key against all the others, which for a directory of
/// thousands of alerts would cost more than reading them.
struct CAPCheckpoint: Equatable {
    /// Names this layout, so that a checkpoint of another adapter (or a later layout) is
    /// recognised instead of misread.
    static let format = "cap-directory/1"

    /// SHA-256 (lowercase hex) of each file's content, by file name.
    var contentHashes: [String: String] = [:]

    init() {}

    /// Reads a checkpoint this adapter returned; nil (first run) is the empty checkpoint.
    ///
    /// - Throws: ``SourceError`` naming `source` when the value has another shape. Reading the
    ///   whole directory again instead would be safe but silent; the operator should decide.
    init(_ value: Value?, source: String) throws(SourceError) {
        guard let value else { return }
        guard value["format"]?.stringValue == Self.format, let files = value["files"]?.arrayValue else {
            throw Self.unrecognised(source: source)
        }
        for entry in files {
            guard let name = entry["file"]?.stringValue, let hex = entry["sha256"]?.stringValue,
                  Digest(hexadecimal: hex)?.bytes.count == 32,
                  contentHashes.updateValue(hex, forKey: name) == nil
            else { throw Self.unrecognised(source: source) }
        }
    }

    /// The checkpoint as the hub stores it.
    var value: Value {
        let files = contentHashes
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { Value.object(["file": .string($0.key), "sha256": .string($0.value)]) }
        return .object(["format": .string(Self.format), "files": .array(files)])
    }

    private static func unrecognised(source: String) -> SourceError {
        SourceError(
            .unrecognisedCheckpoint,
            source: source,
            message: "the saved checkpoint is not one the CAP directory adapter writes "
                + "(expected {\"format\": \"\(format)\", \"files\": [{\"file\": …, \"sha256\": …}]}); "
                + "remove it to read every alert file in the directory again"
        )
    }
}
