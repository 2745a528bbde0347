/// Takes the user name and password out of URLs before they are shown.
///
/// A base URL may carry credentials (`http://user:password@host/`), and libcurl honours them;
/// but every message, report, log line and ledger record that names a request or a base URL
/// shows it as `http://host/`. One function, so every place that prints a URL strips it the
/// same way.
public enum URLRedaction {
    /// `text` with the userinfo (`user:password@`) of every `scheme://` URL in it removed:
    /// `GET http://u:p@127.0.0.1:8081/ping` → `GET http://127.0.0.1:8081/ping`. The rest of
    /// the text is unchanged; text without `://` is returned as is.
    public static func removingUserInfo(from text: String) -> String {
        guard text.contains("://") else { return text }
        var scalars = Array(text.unicodeScalars)
        var index = 0
        while index + 2 < scalars.count {
            guard scalars[index] == ":", scalars[index + 1] == "/", scalars[index + 2] == "/" else {
                index += 1
                continue
            }
            let authorityStart = index + 3
            // The authority ends at the path, or where the URL ends in running text (a blank,
            // a quote). `?` and `#` do not end it here: a password written with them unencoded
            // must not survive, and cutting too much from a URL in a message does no harm.
            var end = authorityStart
            var lastAt: Int?
            while end < scalars.count, !authorityTerminators.contains(scalars[end]) {
                if scalars[end] == "@" { lastAt = end }
                end += 1
            }
            if let lastAt {
                scalars.removeSubrange(authorityStart...lastAt)
            }
            index = authorityStart
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    private static let authorityTerminators: Set<Unicode.Scalar> = ["/", " ", "\t", "\n", "\r", "\"", "'", "<", ">", "`"]
}
