/// The query of the read-back (contract §3.3): `page` from 1, `pageSize` 1 to 1000 (default 500),
/// optional `test=true`. Anything else in the query is refused (4000) rather than ignored, so a
/// misspelt `test` cannot silently read production data.
struct ProvinceReadBackQuery: Sendable, Equatable {
    var page = 1
    var pageSize = 500
    var isTest = false

    static let pageSizes = 1...1_000

    init(page: Int = 1, pageSize: Int = 500, isTest: Bool = false) {
        self.page = page
        self.pageSize = pageSize
        self.isTest = isTest
    }

    init(_ parameters: [(name: String, value: String)]) throws(ProvinceError) {
        var seen: Set<String> = []
        for (name, value) in parameters {
            guard seen.insert(name).inserted else { throw .malformed("query parameter '\(name)' is given twice") }
            switch name {
            case "page":
                guard let number = Self.positiveNumber(value) else {
                    throw .malformed("page must be a whole number from 1, not '\(value)'")
                }
                page = number
            case "pageSize":
                guard let number = Self.positiveNumber(value), Self.pageSizes.contains(number) else {
                    throw .malformed("pageSize must be a whole number from 1 to 1000, not '\(value)'")
                }
                pageSize = number
            case "test":
                guard value == "true" || value == "false" else {
                    throw .malformed("test must be 'true' or 'false', not '\(value)'")
                }
                isTest = value == "true"
            default:
                throw .malformed("unknown query parameter '\(name)'; the read-back takes page, pageSize and test")
            }
        }
    }

    /// Decimal digits only, at least 1, fitting an `Int`.
    private static func positiveNumber(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy(ProvinceSignatureCheck.isDigit),
              let number = Int(text), number >= 1
        else { return nil }
        return number
    }
}
