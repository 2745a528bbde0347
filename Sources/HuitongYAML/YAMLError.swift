import HuitongCore

/// One problem in a YAML file, with the place and the line it is about.
///
/// `description` is what the operator sees:
///
///     mappings/road.yaml:3:5: duplicate key "name" (first at line 2, column 5); keys must be unique within a mapping; remove or rename one
///       name: 道路
///       ^
///
/// The caret sits under the reported column; tabs in the line are copied into the caret
/// line and East Asian wide characters become an ideographic space, so the caret lines up
/// in a terminal as well as in an editor. Errors about a file as a whole (missing, too
/// large) have line 0 and render as `file: message` alone. For a file loaded with a
/// `YAMLRedaction`, the quoted line shows `********` for what it hides and the message is
/// scrubbed of it.
package struct YAMLError: OperatorFacingError, Sendable, Hashable {
    /// What kind of problem this is, for code that reacts to some kinds differently.
    ///
    /// A struct of static constants rather than a public enum, so kinds can be added
    /// without breaking exhaustive switches in other modules.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case fileUnreadable, fileTooLarge, syntax, duplicateKey, unknownTag, tagMismatch
            case undefinedAlias, aliasExpansionLimit, depthLimit, invalidMerge, tooManyErrors
            case typeMismatch, missingKey, valueOutOfRange, documentCount
            case unknownKey, invalidValue, unknownReference
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The file is missing, is a directory, or cannot be read.
        package static let fileUnreadable = Code(.fileUnreadable)
        /// The file is larger than `YAMLLimits.maxFileBytes`.
        package static let fileTooLarge = Code(.fileTooLarge)
        /// libyaml could not parse the text (bad indentation, unclosed quote, bad encoding).
        package static let syntax = Code(.syntax)
        /// A mapping has the same key twice.
        package static let duplicateKey = Code(.duplicateKey)
        /// A tag other than the core-schema tags and `!`.
        package static let unknownTag = Code(.unknownTag)
        /// A known tag that does not fit its node: `!!int abc`, `!!map` on a scalar.
        package static let tagMismatch = Code(.tagMismatch)
        /// An alias to an anchor that is not defined (yet) in this document.
        package static let undefinedAlias = Code(.undefinedAlias)
        /// Aliases expand to more nodes than `YAMLLimits.maxAliasExpandedNodes`.
        package static let aliasExpansionLimit = Code(.aliasExpansionLimit)
        /// Nesting deeper than `YAMLLimits.maxDepth`.
        package static let depthLimit = Code(.depthLimit)
        /// A `<<` merge key whose value is not a mapping or a sequence of mappings.
        package static let invalidMerge = Code(.invalidMerge)
        /// More errors than `YAMLLimits.maxErrors`; the rest of the file was not checked.
        package static let tooManyErrors = Code(.tooManyErrors)
        /// A consumer asked for one kind of node and found another.
        package static let typeMismatch = Code(.typeMismatch)
        /// A consumer required a mapping key that is absent.
        package static let missingKey = Code(.missingKey)
        /// A number that does not fit the type a consumer asked for.
        package static let valueOutOfRange = Code(.valueOutOfRange)
        /// A file holds a different number of documents than the consumer expects.
        package static let documentCount = Code(.documentCount)
        /// A consumer found a mapping key it does not know (a misspelt option).
        package static let unknownKey = Code(.unknownKey)
        /// A consumer found a value of the right kind that breaks its rules.
        package static let invalidValue = Code(.invalidValue)
        /// A consumer found a name that refers to nothing (a field, a table, a step).
        package static let unknownReference = Code(.unknownReference)

        /// The code's name, e.g. `duplicateKey`.
        package var description: String { kind.rawValue }
    }

    /// The kind of problem.
    package let code: Code
    /// What is wrong and, where it helps, what to do about it.
    package let message: String
    /// Where the problem is; line 0 means the file as a whole.
    package let location: SourceLocation
    /// The offending line (shortened around the column when very long), or `nil` for
    /// errors about the file as a whole.
    package let sourceLine: String?
    /// The caret's 1-based column within `sourceLine`; differs from `location.column`
    /// only when a long line was shortened.
    private let caretColumn: Int

    /// YAML problems are problems with the operator's input.
    package var exitStatus: ExitStatus { .invalidInput }

    /// Lines longer than this many characters are shown as a window around the column.
    private static let maxExcerptLength = 160

    /// An error at a place in a loaded file, quoting its line.
    /// With a redacted source, the message is scrubbed and the line masked
    /// (`YAMLRedaction`): no error about such a file can show what it hides.
    init(_ code: Code, _ message: String, at location: SourceLocation, in source: YAMLSourceText?) {
        self.code = code
        self.message = source?.scrubbed(message) ?? message
        self.location = location
        guard let source, location.line > 0 else {
            self.sourceLine = nil
            self.caretColumn = 0
            return
        }
        let excerpt = source.excerpt(line: location.line, column: location.column, maxLength: Self.maxExcerptLength)
        self.sourceLine = excerpt.text
        self.caretColumn = excerpt.caretColumn
    }

    /// An error about a whole file, before any of it could be parsed.
    init(_ code: Code, _ message: String, file: String) {
        self.init(code, message, at: SourceLocation(file: file, line: 0), in: nil)
    }

    /// `file:line:column: message`, the line, and a caret under the column.
    package var description: String {
        guard location.line > 0 else { return "\(location.file): \(message)" }
        var text = "\(location): \(message)"
        guard let sourceLine else { return text }
        text += "\n  \(sourceLine)"
        if caretColumn > 0 {
            text += "\n  \(Self.caretPadding(for: sourceLine, column: caretColumn))^"
        }
        return text
    }

    /// Blanks as wide as the text before `column`, so the caret lands under it.
    private static func caretPadding(for line: String, column: Int) -> String {
        var padding = String.UnicodeScalarView()
        var scalars = line.unicodeScalars.makeIterator()
        for _ in 1..<max(column, 1) {
            switch scalars.next() {
            case "\t": padding.append("\t")
            case let scalar? where isWide(scalar): padding.append("\u{3000}")
            default: padding.append(" ")
            }
        }
        return String(padding)
    }

    /// East Asian Wide and Fullwidth blocks (CJK, kana, Hangul, fullwidth forms), which
    /// terminals draw two columns wide.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
