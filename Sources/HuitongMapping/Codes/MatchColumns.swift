/// The columns of a code table a lookup searches.
///
/// A source mapping that reads Chinese words matches `[.label, .alias]`; one that reads codes
/// from an old system adds `.retired`; a target mapping turning a canonical code into a
/// platform's own code matches `.canonical` in the platform's table.
package struct MatchColumns: OptionSet, Sendable, Hashable {
    package let rawValue: UInt8

    package init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The code itself.
    package static let code = MatchColumns(rawValue: 1 << 0)
    /// The Chinese label.
    package static let label = MatchColumns(rawValue: 1 << 1)
    /// The aliases.
    package static let alias = MatchColumns(rawValue: 1 << 2)
    /// The retired codes.
    package static let retired = MatchColumns(rawValue: 1 << 3)
    /// The canonical codes a platform code stands for.
    package static let canonical = MatchColumns(rawValue: 1 << 4)
}
