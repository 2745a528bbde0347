import HuitongCore

/// One record of the dataset a platform holds after an exchange, with its key.
///
/// In `dataset.jsonl` each line is the canonical JSON (RFC 8785) of `{"key": …, "record": …}`,
/// lines in ascending key order (UTF-8 byte order), one line per key.
package struct DatasetRecord: Sendable, Hashable {
    /// The record's key on the platform (the dataset's key fields joined as the pipeline does).
    package var key: String
    /// The record as the platform holds it.
    package var record: Value

    package init(key: String, record: Value) {
        self.key = key
        self.record = record
    }

    /// The record as its line holds it (before canonical ordering of the members).
    package var jsonValue: Value {
        ["key": .string(key), "record": record]
    }

    init(decoding value: Value) throws(FormatProblem) {
        var fields = try FormatFields(value, path: "")
        key = try fields.string("key")
        record = try fields.value("record")
        try fields.finish()
    }
}
