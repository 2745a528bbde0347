/// How to page through what the platform holds.
package struct ReadBackShape: Sendable {
    /// How one page names the next (`read_back.paging`).
    package enum Paging: Sendable, Equatable {
        /// Page numbers from `first` in `{page}` (the default).
        case page(first: Int)
        /// Record offsets from 0 in `{offset}`, advanced by the records each page held.
        case offset
        /// The cursor the answer gives at `next` in `{cursor}`; the first request goes without
        /// the parameters that use it, and an absent, null or empty cursor ends the read.
        case cursor(next: ValuePath)

        /// The profile's name for the style (`page`, `offset`, `cursor`).
        package var name: String {
            switch self {
            case .page: "page"
            case .offset: "offset"
            case .cursor: "cursor"
            }
        }

        /// The style names a profile may write.
        static let names = ["page", "offset", "cursor"]

        /// The query variable that moves from page to page.
        var variable: String { name }
    }

    package let method: String
    package let path: String
    package let query: [QueryParameter]
    package let paging: Paging
    /// Records asked for per page (`{page_size}`): a shorter page ends a page or offset read
    /// without a `total`.
    package let pageSize: Int
    package let records: ValuePath
    package let total: ValuePath?
    /// At most this many pages per read: a platform whose paging never ends is an error, not
    /// an endless loop.
    package let maxPages: Int

    /// `max_pages` when the profile does not say: far beyond any register, well short of forever.
    package static let defaultMaxPages = 100_000

    /// The same read at another path (a dataset's `read_back: {path: …}`).
    func at(path: String) -> ReadBackShape {
        ReadBackShape(
            method: method, path: path, query: query, paging: paging, pageSize: pageSize,
            records: records, total: total, maxPages: maxPages
        )
    }
}
