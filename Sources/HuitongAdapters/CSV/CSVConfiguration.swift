/// The character encoding of a CSV export.
///
/// The raw values are the names used in configuration files.
package enum CSVEncoding: String, Sendable, Hashable, CaseIterable {
    /// GB 18030, the encoding of the shelter registry's Windows client. A superset of GBK.
    case gb18030
    /// GBK (code page 936), for older exports; decoded with glibc's `GBK` converter.
    case gbk
    /// UTF-8, with or without a byte-order mark (the mark is dropped).
    case utf8 = "utf-8"
    /// Decided from the file itself, by the rule in ``CSVEncodingDetection``: a UTF-8
    /// byte-order mark means UTF-8; otherwise the first non-ASCII bytes decide, UTF-8 when they
    /// are valid UTF-8, GB18030 when they are not.
    case auto
}

/// How to read one CSV export: where it is, how it is encoded and delimited, which columns
/// it must have, and how many items go in a batch.
package struct CSVConfiguration: Sendable, Hashable {
    /// The file to read.
    package var path: String
    /// The file's encoding; `.auto` decides from the bytes.
    package var encoding: CSVEncoding
    /// The field separator: one ASCII character other than a double quote, CR or LF.
    package var delimiter: Character
    /// Header names the file must have. Records hold these columns, in this order; other
    /// columns are ignored. Empty: records hold every named header column, in header order.
    package var requiredColumns: [String]
    /// The most items handed to `deliver` at once.
    package var batchSize: Int
    /// Bytes read from the file at a time.
    package var chunkSize: Int
    /// The longest row kept, in decoded bytes. A longer row (usually an unclosed quote that
    /// swallowed the rest of the file) is set aside without being held in memory.
    package var maximumRowBytes: Int

    /// The number of items in a batch unless configured otherwise.
    package static let defaultBatchSize = 1000
    /// The read size unless configured otherwise: 64 KiB.
    package static let defaultChunkSize = 64 * 1024
    /// The longest row unless configured otherwise: 1 MiB, far beyond any real registry row.
    package static let defaultMaximumRowBytes = 1 << 20

    /// A configuration; sizes below 1 are raised to 1.
    package init(
        path: String,
        encoding: CSVEncoding = .auto,
        delimiter: Character = ",",
        requiredColumns: [String] = [],
        batchSize: Int = CSVConfiguration.defaultBatchSize,
        chunkSize: Int = CSVConfiguration.defaultChunkSize,
        maximumRowBytes: Int = CSVConfiguration.defaultMaximumRowBytes
    ) {
        self.path = path
        self.encoding = encoding
        self.delimiter = delimiter
        self.requiredColumns = requiredColumns
        self.batchSize = max(1, batchSize)
        self.chunkSize = max(1, chunkSize)
        self.maximumRowBytes = max(1, maximumRowBytes)
    }

    /// The delimiter as the byte the parser looks for, or an error saying why it cannot be one.
    func delimiterByte() throws(SourceError) -> UInt8 {
        let scalars = delimiter.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first, scalar.isASCII,
              !["\"", "\r", "\n"].contains(scalar) else {
            throw SourceError(
                .configuration,
                source: path,
                message: "the delimiter \(delimiter.debugDescription) cannot separate CSV fields; use one ASCII character other than a double quote, CR or LF (usually \",\", \";\" or a tab)"
            )
        }
        return UInt8(scalar.value)
    }

    /// The required columns, or an error naming one that is listed twice (a record cannot
    /// hold the same key twice).
    func checkedRequiredColumns() throws(SourceError) -> [String] {
        var seen = Set<String>()
        for name in requiredColumns where !seen.insert(name).inserted {
            throw SourceError(.configuration, source: path, message: "the configuration lists the column \"\(name)\" twice; list each required column once")
        }
        return requiredColumns
    }
}
