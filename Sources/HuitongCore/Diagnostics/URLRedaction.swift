/// Takes the user name and password out of URLs before they are shown.
///
/// A base URL may carry credentials (`http://user:password@host/`), and libcurl honours them;
/// but every message, report, log line and ledger record that names a request or a base URL
/// shows it as `http://host/`. One function, so every place that prints a URL strips it the
/// same way.
package enum URLRedaction {
    /// `text` with the userinfo (`user:password@`) of every `scheme://` URL in it removed:
    /// `GET http://u:p@127.0.0.1:8081/ping` → `GET http://127.0.0.1:8081/ping`. The rest of
    /// the text is unchanged; text without `://` is returned as is.
    ///
    /// The userinfo is everything up to the last `@` before the host, and a hand-written base
    /// URL may hold a password with `/`, `?`, `#` or `:` unencoded (`http://u:p/ss@host/`),
    /// so the authority does not simply end at the first `/`: when the text before that `/`
    /// cannot be a host (`u:p`, not `host` or `host:8080`) and an `@` follows, the userinfo
    /// runs to the last `@` before the first `/`, `?` or `#` after that `@`. An `@` after a
    /// plain host (`http://host/a@b`) is in the path and stays.
    package static func removingUserInfo(from text: String) -> String {
        guard text.contains("://") else { return text }
        var scalars = Array(text.unicodeScalars)
        var index = 0
        while index + 2 < scalars.count {
            guard scalars[index] == ":", scalars[index + 1] == "/", scalars[index + 2] == "/" else {
                index += 1
                continue
            }
            let authorityStart = index + 3
            if let lastAt = endOfUserInfo(in: scalars, from: authorityStart) {
                scalars.removeSubrange(authorityStart...lastAt)
            }
            index = authorityStart
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// The position of the `@` ending the userinfo of the URL whose authority starts at `start`, if it has one.
    private static func endOfUserInfo(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        // Where the URL ends in running text (a blank, a quote).
        var urlEnd = start
        while urlEnd < scalars.count, !textTerminators.contains(scalars[urlEnd]) { urlEnd += 1 }
        // The authority up to the first `/`. `?` and `#` do not end it here: a password
        // written with them unencoded must not survive, and cutting too much from a URL in a
        // message does no harm.
        var firstSlash = start
        var lastAt: Int?
        while firstSlash < urlEnd, scalars[firstSlash] != "/" {
            if scalars[firstSlash] == "@" { lastAt = firstSlash }
            firstSlash += 1
        }
        if let lastAt { return lastAt }
        guard firstSlash < urlEnd, !looksLikeHost(scalars[start..<firstSlash]),
              let firstAt = scalars[firstSlash..<urlEnd].firstIndex(of: "@") else {
            return nil
        }
        // A `/` inside the password: the host follows the `@`, and the authority ends at the
        // first `/`, `?` or `#` after it; the userinfo is up to the last `@` before that.
        var end = firstAt
        while end < urlEnd, !["/", "?", "#"].contains(scalars[end]) { end += 1 }
        return scalars[firstAt..<end].lastIndex(of: "@")
    }

    /// Whether `candidate` can be a host with an optional port: `host`, `10.0.0.1:8080`, `[::1]:8`.
    private static func looksLikeHost(_ candidate: ArraySlice<Unicode.Scalar>) -> Bool {
        if candidate.first == "[" { return true }
        let parts = candidate.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let host = parts.first, !host.isEmpty,
              host.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_" || $0 == "%" }) else {
            return false
        }
        return parts.count == 1 || parts[1].allSatisfy { ("0"..."9").contains($0) }
    }

    private static let textTerminators: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", "\"", "'", "<", ">", "`"]
}
