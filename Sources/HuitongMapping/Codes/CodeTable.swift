import HuitongCore

/// A code table: the codes one parameter (or one platform field) may take, in order, with
/// dictionaries built once so that a lookup costs a hash, whatever the table's size.
///
/// Canonical tables (`protection_class`) hold the schema's codes; platform tables
/// (`province.kljb`, `city.protectLevel`) hold a platform's own codes, each naming the
/// canonical code it stands for in `canonical_table`. See `mappings/codes/README.md`.
package struct CodeTable: Sendable {
    /// The table's name: the file's path under `mappings/codes/` without `.yaml`, with `.`
    /// for `/` (`district`, `province.kljb`).
    package let name: String
    /// The Chinese label.
    package let label: String
    /// What the table is for.
    package let description: String
    /// `province` or `city` for a platform's own code list; `nil` for a canonical table.
    package let platform: String?
    /// For a platform table, the canonical table its entries' `canonical` codes belong to.
    package let canonicalTable: String?
    /// The entries, in file order.
    package let entries: [CodeEntry]
    /// The file the table was loaded from.
    package let file: String
    /// Where the table starts.
    package let mark: SourceLocation?

    /// Entry positions by text, one dictionary per column (indexed by `Column.rawValue`).
    private let index: [[String: Int]]
    /// The same positions keyed by UTF-8 bytes, searched first: hashing a `String` normalises
    /// non-ASCII text (NFC), which for Chinese labels costs more than the rest of a lookup.
    /// A text is left out when an earlier column has a canonically equal one, so a hit here is
    /// the answer `index` gives; on a miss `index` is searched, for the other spellings.
    private let byteIndex: [[ExactText: Int]]

    private enum Column: Int, CaseIterable {
        case code, label, alias, retired, canonical

        var matchColumn: MatchColumns {
            switch self {
            case .code: .code
            case .label: .label
            case .alias: .alias
            case .retired: .retired
            case .canonical: .canonical
            }
        }

        func texts(of entry: CodeEntry) -> [String] {
            switch self {
            case .code: [entry.code]
            case .label: [entry.label]
            case .alias: entry.aliases
            case .retired: entry.retired
            case .canonical: entry.canonical
            }
        }
    }

    /// A table with its lookup dictionaries. The loader has already refused texts that stand
    /// for two entries; should a table built here hold one anyway, the first entry keeps it.
    package init(
        name: String,
        label: String,
        description: String = "",
        platform: String? = nil,
        canonicalTable: String? = nil,
        entries: [CodeEntry],
        file: String = "",
        mark: SourceLocation? = nil
    ) {
        self.name = name
        self.label = label
        self.description = description
        self.platform = platform
        self.canonicalTable = canonicalTable
        self.entries = entries
        self.file = file
        self.mark = mark
        var index: [[String: Int]] = []
        for column in Column.allCases {
            var positions: [String: Int] = [:]
            for (position, entry) in entries.enumerated() {
                for text in column.texts(of: entry) where positions[text] == nil {
                    positions[text] = position
                }
            }
            index.append(positions)
        }
        self.index = index
        var byteIndex: [[ExactText: Int]] = []
        for (column, positions) in index.enumerated() {
            var exact: [ExactText: Int] = [:]
            for (text, position) in positions where !index[..<column].contains(where: { $0[text] != nil }) {
                exact[ExactText(text)] = position
            }
            byteIndex.append(exact)
        }
        self.byteIndex = byteIndex
    }

    /// The entry that `text` names in one of `columns`, or `nil` if none does.
    ///
    /// The match is exact: the caller trims surrounding white space first (the mapping
    /// language's `trim` does, by default, for every string input), and case matters
    /// (`H6` is a code, `h6` is not). Columns are tried in the order code, label, alias,
    /// retired, canonical; since the loader refuses a text that names two entries in the first
    /// four, the order matters only when `.canonical` is searched together with others.
    package func lookup(_ text: String, matching columns: MatchColumns) -> CodeEntry? {
        position(of: text, matching: columns).map { entries[$0] }
    }

    /// Where in `entries` the entry `lookup(_:matching:)` finds is.
    func position(of text: String, matching columns: MatchColumns) -> Int? {
        let exact = ExactText(text)
        for column in Column.allCases where columns.contains(column.matchColumn) {
            if let position = byteIndex[column.rawValue][exact] { return position }
        }
        for column in Column.allCases where columns.contains(column.matchColumn) {
            if let position = index[column.rawValue][text] { return position }
        }
        return nil
    }

    /// The texts `lookup(_:matching:)` finds by their bytes alone, with the entry position each
    /// names, column by column in the order it searches them, for ``CodeMatcher``.
    func exactTexts(matching columns: MatchColumns) -> [(text: String, position: Int)] {
        var texts: [(text: String, position: Int)] = []
        for column in Column.allCases where columns.contains(column.matchColumn) {
            // Within one column the texts differ in their bytes, so their order does not matter.
            for (exact, position) in byteIndex[column.rawValue] {
                texts.append((exact.text, position))
            }
        }
        return texts
    }

    /// The entry with exactly this code.
    package func entry(code: String) -> CodeEntry? {
        lookup(code, matching: .code)
    }

    /// The codes, in table order.
    package var codes: [String] {
        entries.map(\.code)
    }
}

/// A text hashed and compared by its UTF-8 bytes, with none of the normalisation `String` does.
private struct ExactText: Hashable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil {
            Array(text.utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        lhs.text.utf8.count == rhs.text.utf8.count && lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }
}

/// Every code table loaded from one `mappings/codes/` directory, by name.
package struct CodeTableSet: Sendable {
    private let tablesByName: [String: CodeTable]

    /// A set of tables; with two tables of one name, the later wins (the loader refuses that).
    package init(_ tables: [CodeTable]) {
        var byName: [String: CodeTable] = [:]
        for table in tables { byName[table.name] = table }
        tablesByName = byName
    }

    /// The table with this name (`district`, `province.kljb`).
    package subscript(name: String) -> CodeTable? {
        tablesByName[name]
    }

    /// The table names, sorted.
    package var names: [String] {
        tablesByName.keys.sorted()
    }

    /// The tables, sorted by name.
    package var tables: [CodeTable] {
        names.compactMap { tablesByName[$0] }
    }

    /// How many tables there are.
    package var count: Int {
        tablesByName.count
    }
}
