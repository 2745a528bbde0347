/// A scalar exactly as written, with the value the YAML 1.2 core schema gives it.
///
/// The text is never rewritten: a consumer that wants a string gets `0513` or `320613`
/// character for character, even though the core schema reads both as integers.
package struct YAMLScalar: Sendable, Hashable {
    /// How the scalar was written in the file.
    package enum Style: Sendable, Hashable {
        /// Unquoted: `name: 道路`. Only plain scalars are resolved to null, bool or numbers.
        case plain
        /// `'…'`
        case singleQuoted
        /// `"…"`
        case doubleQuoted
        /// A `|` block.
        case literal
        /// A `>` block.
        case folded
    }

    /// What the scalar means under the core schema (or under its explicit tag).
    package enum Resolution: Sendable, Hashable {
        /// `~`, `null`, `Null`, `NULL` or nothing at all.
        case null
        /// `true`/`True`/`TRUE`/`false`/`False`/`FALSE`; `yes`, `on`, `NO` stay strings.
        case bool(Bool)
        /// Decimal, `0o` octal or `0x` hexadecimal, within `Int64`.
        case int(Int64)
        /// Written as an integer but outside `Int64`; the digits are kept only in `text`
        /// so nothing is silently rounded. `requireInt` rejects it, `requireString` accepts it.
        case integerOutOfRange
        /// Decimal or exponent notation, `.inf`, `-.inf`, `.nan`.
        case float(Double)
        /// Anything else, every quoted or block scalar, and anything tagged `!!str` or `!`.
        case string
    }

    /// The scalar's content after YAML unescaping and folding, otherwise as written.
    package let text: String
    /// How it was written.
    package let style: Style
    /// What it means.
    package let resolution: Resolution

    /// A scalar with an explicit resolution; the loader resolves through `YAMLCoreSchema`.
    init(text: String, style: Style, resolution: Resolution) {
        self.text = text
        self.style = style
        self.resolution = resolution
    }
}
