/// Which keys of a YAML file hold values that no error may show: in the quoted line, under
/// the caret, or in the message.
///
/// Load a file with a redaction (`YAMLLoader.load(path:redaction:)`) and every error about it
/// shows such a line as its key and `********`:
///
///     huitong.yaml:9:30: mapping values are not allowed in this context; …
///           app_secret: ********
///                       ^
///
/// The masking works on the file's text, line by line, before and whatever libyaml parses,
/// so it holds for a file that breaks before any node exists. A line is masked from its value
/// on when its key — the text before the first `:` after the indentation and any `- `, or
/// after a flow `{`, `[` or `,`; quoted or not — is secret, and so is every line that goes on
/// with that value: more indented than the key, inside a quote or bracket the value opened,
/// or (after a key with nothing after its colon) a `- ` item at the key's own indentation.
/// The userinfo of every URL in the file (`user:password@`) is masked too.
package struct YAMLRedaction: Sendable, Hashable {
    /// Keys whose values are secret, whatever they are called.
    package var secretKeys: Set<String>
    /// A key holding one of these (case ignored) is secret: `secret` in `client_secret`.
    package var secretSubstrings: [String]
    /// A key having one of these as a whole word (case ignored; words split at `_`, `-`,
    /// `.`, blanks and lower-to-upper case changes) is secret: `key` in `api_key` and
    /// `apiKey`, but not in `monkey`.
    package var secretWords: Set<String>
    /// Keys never secret by the two word rules (a credential a profile declares not secret,
    /// such as an application's public key name). `secretKeys` still wins.
    package var publicKeys: Set<String>

    /// No masking at all: files other than configurations (mappings, profiles) keep every
    /// value visible in their errors.
    package static let none = YAMLRedaction(secretKeys: [], secretSubstrings: [], secretWords: [], publicKeys: [])

    package init(secretKeys: Set<String>, secretSubstrings: [String], secretWords: Set<String>, publicKeys: Set<String>) {
        self.secretKeys = Set(secretKeys.map { $0.lowercased() })
        self.secretSubstrings = secretSubstrings.map { $0.lowercased() }
        self.secretWords = Set(secretWords.map { $0.lowercased() })
        self.publicKeys = Set(publicKeys.map { $0.lowercased() })
    }

    /// True when nothing would be masked.
    package var isEmpty: Bool {
        secretKeys.isEmpty && secretSubstrings.isEmpty && secretWords.isEmpty
    }

    /// Whether values under `key` are masked.
    package func isSecret(key: String) -> Bool {
        let lowered = key.lowercased()
        if secretKeys.contains(lowered) { return true }
        if publicKeys.contains(lowered) { return false }
        if secretSubstrings.contains(where: { lowered.contains($0) }) { return true }
        return !secretWords.isEmpty && Self.words(of: key).contains { secretWords.contains($0) }
    }

    /// `apiKey` → `api`, `key`; `client_key` → `client`, `key`; lowercased.
    static func words(of key: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousIsLower = false
        for character in key {
            if character == "_" || character == "-" || character == "." || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousIsLower = false
                continue
            }
            if character.isUppercase, previousIsLower, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current += character.lowercased()
            previousIsLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
