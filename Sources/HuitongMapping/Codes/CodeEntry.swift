import HuitongCore

/// One code of a code table: the code, its Chinese label and every other text that means it.
///
/// Source data rarely spells a code the canonical way (`核六级` for `H6`, the retired district
/// code `320602` for `320613`), so an entry carries the spellings a lookup may accept besides
/// the code and label, each in its own column so a mapping says which ones it trusts.
package struct CodeEntry: Sendable, Hashable {
    /// The code exactly as written in the table (`H6`, `320613`, `1`).
    package let code: String
    /// The Chinese label (`核6级`).
    package let label: String
    /// Other spellings found in source data that mean this code.
    package let aliases: [String]
    /// Retired codes this code replaced (`320602` under `320613`).
    package let retired: [String]
    /// Notes on how the code came to be, oldest first.
    package let history: [CodeHistoryNote]
    /// For a platform's table: the code(s) of the canonical table this platform code stands for.
    package let canonical: [String]
    /// Where the entry is written.
    package let mark: SourceLocation?

    /// An entry; the loader checks that its texts are unique within the table.
    package init(
        code: String,
        label: String,
        aliases: [String] = [],
        retired: [String] = [],
        history: [CodeHistoryNote] = [],
        canonical: [String] = [],
        mark: SourceLocation? = nil
    ) {
        self.code = code
        self.label = label
        self.aliases = aliases
        self.retired = retired
        self.history = history
        self.canonical = canonical
        self.mark = mark
    }
}

/// One change in a code's life (`港闸区 merged into 崇川区`, since `2020`), for people reading
/// the table; lookups ignore it.
package struct CodeHistoryNote: Sendable, Hashable {
    /// What changed.
    package let change: String
    /// When it took effect, as written (`2020`, `2020-07-22`); `nil` when not recorded.
    package let since: String?

    package init(change: String, since: String? = nil) {
        self.change = change
        self.since = since
    }
}
