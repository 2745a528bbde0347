import HuitongCore
import Foundation

/// The stretches of one file's lines that `YAMLRedaction` hides, found from the text alone
/// (no parse is needed, so a file libyaml gives up on is masked as well as one it reads).
///
/// Immutable after `init`, hence `Sendable`.
struct YAMLRedactedLines: Sendable {
    /// What a hidden stretch shows instead.
    static let mask = "********"

    /// One hidden stretch of a line, in 0-based Unicode scalar offsets, `end` excluded.
    struct Span: Sendable, Equatable {
        let start: Int
        let end: Int
    }

    let redaction: YAMLRedaction
    /// The hidden stretches of each 1-based line that has any, in order, not overlapping.
    private var spans: [Int: [Span]] = [:]
    /// Lines holding (part of) a secret value, as opposed to only a URL's userinfo.
    private var valueLines: Set<Int> = []
    /// Text from hidden stretches that no message may quote, longest first.
    private(set) var fragments: [String] = []

    /// A value that has not ended on its key's line: a quote or bracket still open, or a
    /// block (more indented lines, a block scalar, a plain scalar going on).
    private struct OpenValue {
        /// Lines more indented than this go on with the value.
        var indent: Int
        /// `key:` with nothing after the colon: `- ` and `: ` lines at `indent` go on with it too.
        var emptyOnKeyLine: Bool
        var quote: Unicode.Scalar?
        var depth = 0
        var isOpen: Bool { quote != nil || depth > 0 }
    }

    init(bytes: [UInt8], redaction: YAMLRedaction) {
        self.redaction = redaction
        var found: Set<String> = []
        var open: OpenValue?
        var lineNumber = 0
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start <= bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count, YAMLSourceText.breakLength(in: bytes, at: end) == 0 { end += 1 }
            let line = Array(String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars)
            var lineSpans = Self.userInfoSpans(in: line)
            for span in lineSpans {
                let userInfo = String(String.UnicodeScalarView(line[span.start..<span.end]))
                if let colon = userInfo.firstIndex(of: ":") { found.formUnion(Self.fragments(of: String(userInfo[userInfo.index(after: colon)...]))) }
            }
            if let valueStart = scan(line, open: &open) {
                valueLines.insert(lineNumber)
                if valueStart.start < line.count {
                    lineSpans.append(Span(start: valueStart.start, end: line.count))
                    found.formUnion(Self.fragments(of: String(String.UnicodeScalarView(line[valueStart.start..<valueStart.quotable]))))
                }
            }
            if !lineSpans.isEmpty { spans[lineNumber] = Self.merged(lineSpans) }
            guard end < bytes.count else { break }
            start = end + YAMLSourceText.breakLength(in: bytes, at: end)
        }
        fragments = found.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// Whether a value on this line is hidden (messages about its nodes must not quote them).
    func hidesValue(onLine line: Int) -> Bool {
        valueLines.contains(line)
    }

    /// The line as shown, and where the caret goes in it: each hidden stretch becomes
    /// `********`; a caret inside one moves to its start.
    func masked(_ line: [Unicode.Scalar], lineNumber: Int, caretColumn: Int) -> (text: [Unicode.Scalar], caretColumn: Int)? {
        guard let lineSpans = spans[lineNumber] else { return nil }
        let caret = caretColumn - 1
        var text: [Unicode.Scalar] = []
        var shownCaret: Int?
        var copied = 0
        for span in lineSpans where span.start < line.count {
            let end = min(span.end, line.count)
            if shownCaret == nil, caret < span.start { shownCaret = text.count + caret - copied }
            text += line[copied..<span.start]
            if shownCaret == nil, caret < end { shownCaret = text.count }
            text += Self.mask.unicodeScalars
            copied = end
        }
        if shownCaret == nil { shownCaret = text.count + caret - copied }
        text += line[copied...]
        return (text, (shownCaret ?? caret) + 1)
    }

    /// `message` with every hidden text replaced by `********` and every URL's userinfo removed.
    func scrubbed(_ message: String) -> String {
        var text = URLRedaction.removingUserInfo(from: message)
        for fragment in fragments where text.contains(fragment) {
            text = text.replacingOccurrences(of: fragment, with: Self.mask)
        }
        return text
    }

    // MARK: Scanning one line

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }

    /// Where the hidden value starts on this line (nil when nothing is hidden) and where the
    /// text to keep out of messages ends (before a trailing comment); updates the open value.
    private func scan(_ line: [Unicode.Scalar], open: inout OpenValue?) -> (start: Int, quotable: Int)? {
        var indent = 0
        while indent < line.count, Self.isBlank(line[indent]) { indent += 1 }
        let isBlankLine = indent == line.count
        if var value = open {
            let first = isBlankLine ? nil : line[indent]
            let goesOn = isBlankLine || value.isOpen || indent > value.indent
                || (value.emptyOnKeyLine && indent == value.indent && (first == "-" || first == ":"))
            if goesOn {
                _ = Self.walkValue(line, from: indent, state: &value)
                open = value
                return isBlankLine ? nil : (indent, line.count)
            }
            open = nil
        }
        guard !isBlankLine, let key = secretKey(in: line, indent: indent) else { return nil }
        var value = OpenValue(indent: key.indent, emptyOnKeyLine: true, quote: nil)
        let commentStart = Self.walkValue(line, from: key.valueStart, state: &value)
        value.emptyOnKeyLine = commentStart == key.valueStart
        open = value
        return (key.valueStart, commentStart)
    }

    /// The first key on the line that the redaction calls secret: where its value starts
    /// (after the colon and blanks) and the indentation its value's lines must exceed.
    private func secretKey(in line: [Unicode.Scalar], indent: Int) -> (valueStart: Int, indent: Int)? {
        var index = indent
        var explicitKey = false
        // Block indicators before the key: `- key:`, `- - key:`, `? key`, `: value`.
        while index < line.count, line[index] == "-" || line[index] == "?" || line[index] == ":",
              index + 1 == line.count || Self.isBlank(line[index + 1]) {
            if line[index] == "?" { explicitKey = true }
            index += 1
            while index < line.count, Self.isBlank(line[index]) { index += 1 }
        }
        var candidate: Int? = index
        while let start = candidate {
            candidate = nil
            var resume = start
            if let key = Self.key(in: line, at: start) {
                if redaction.isSecret(key: key.text) {
                    var valueStart = key.colon + 1
                    while valueStart < line.count, Self.isBlank(line[valueStart]) { valueStart += 1 }
                    return (valueStart, indent)
                }
                resume = key.colon + 1
            } else if explicitKey, start == index {
                // `? app_secret` with its value on the next line, `: …`.
                let text = String(String.UnicodeScalarView(line[start...])).trimmingBlanksAndQuotes()
                if redaction.isSecret(key: text) { return (line.count, indent) }
            }
            candidate = Self.nextFlowEntry(in: line, from: resume)
        }
        return nil
    }

    /// A key starting at `start` (after blanks): a quoted key followed by `:`, or the plain
    /// text before the first `:`. Nil when the text there is not a key.
    private static func key(in line: [Unicode.Scalar], at start: Int) -> (text: String, colon: Int)? {
        var index = start
        while index < line.count, isBlank(line[index]) { index += 1 }
        guard index < line.count else { return nil }
        let first = line[index]
        if first == "\"" || first == "'" {
            var text = String.UnicodeScalarView()
            var cursor = index + 1
            while cursor < line.count {
                let scalar = line[cursor]
                if first == "\"", scalar == "\\", cursor + 1 < line.count {
                    text.append(line[cursor + 1])
                    cursor += 2
                    continue
                }
                if scalar == first {
                    if first == "'", cursor + 1 < line.count, line[cursor + 1] == "'" {
                        text.append("'")
                        cursor += 2
                        continue
                    }
                    break
                }
                text.append(scalar)
                cursor += 1
            }
            cursor += 1
            while cursor < line.count, isBlank(line[cursor]) { cursor += 1 }
            guard cursor < line.count, line[cursor] == ":" else { return nil }
            return (String(text), cursor)
        }
        var cursor = index
        while cursor < line.count {
            switch line[cursor] {
            case ":":
                let text = String(String.UnicodeScalarView(line[index..<cursor])).trimmingBlanksAndQuotes()
                return text.isEmpty ? nil : (text, cursor)
            case ",", "[", "]", "{", "}":
                return nil
            case "#" where cursor > index && isBlank(line[cursor - 1]):
                return nil
            default:
                cursor += 1
            }
        }
        return nil
    }

    /// Where the next entry of a flow collection starts (after `{`, `[` or `,` outside
    /// quotes), or nil at the end of the line or a comment.
    private static func nextFlowEntry(in line: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        var quote: Unicode.Scalar?
        var atTokenStart = true
        while index < line.count {
            let scalar = line[index]
            if let open = quote {
                if open == "\"", scalar == "\\" {
                    index += 2
                    continue
                }
                if scalar == open {
                    if open == "'", index + 1 < line.count, line[index + 1] == "'" {
                        index += 2
                        continue
                    }
                    quote = nil
                }
                index += 1
                continue
            }
            switch scalar {
            case "\"", "'":
                if atTokenStart { quote = scalar }
                atTokenStart = false
            case "{", "[", ",":
                return index + 1
            case "#" where index == start || isBlank(line[index - 1]):
                return nil
            case " ", "\t":
                break
            case ":":
                atTokenStart = true
            default:
                atTokenStart = false
            }
            index += 1
        }
        return nil
    }

    /// Walks YAML value text from `start`, keeping track of an open quote and open brackets
    /// across lines; returns where a comment starts (or the line's end).
    private static func walkValue(_ line: [Unicode.Scalar], from start: Int, state: inout OpenValue) -> Int {
        var index = start
        var atTokenStart = true
        while index < line.count {
            let scalar = line[index]
            if let open = state.quote {
                if open == "\"", scalar == "\\" {
                    index += 2
                    continue
                }
                if scalar == open {
                    if open == "'", index + 1 < line.count, line[index + 1] == "'" {
                        index += 2
                        continue
                    }
                    state.quote = nil
                    atTokenStart = false
                }
                index += 1
                continue
            }
            let next: Unicode.Scalar? = index + 1 < line.count ? line[index + 1] : nil
            switch scalar {
            case "#" where index == start || isBlank(line[index - 1]):
                return index
            case " ", "\t":
                break
            case "\"", "'":
                if atTokenStart { state.quote = scalar }
                atTokenStart = false
            case "[", "{":
                if atTokenStart { state.depth += 1 }
            case "]", "}":
                state.depth = max(0, state.depth - 1)
                atTokenStart = false
            case ",":
                atTokenStart = state.depth > 0
            case ":", "-", "?":
                atTokenStart = atTokenStart || scalar == ":" ? next.map(isBlank) ?? true : false
            default:
                atTokenStart = false
            }
            index += 1
        }
        return line.count
    }

    // MARK: URLs and fragments

    /// The userinfo (`user:password`, before the `@`) of every `scheme://` URL on the line.
    private static func userInfoSpans(in line: [Unicode.Scalar]) -> [Span] {
        var result: [Span] = []
        var index = 0
        while index + 2 < line.count {
            guard line[index] == ":", line[index + 1] == "/", line[index + 2] == "/" else {
                index += 1
                continue
            }
            let authority = index + 3
            var end = authority
            var lastAt: Int?
            while end < line.count, !authorityEnds.contains(line[end]) {
                if line[end] == "@" { lastAt = end }
                end += 1
            }
            if let lastAt, lastAt > authority { result.append(Span(start: authority, end: lastAt)) }
            index = end
        }
        return result
    }

    private static let authorityEnds = Set("/ \t\"'<>`".unicodeScalars)

    /// Sorted, overlapping spans joined.
    private static func merged(_ spans: [Span]) -> [Span] {
        var result: [Span] = []
        for span in spans.sorted(by: { $0.start < $1.start }) {
            if let last = result.last, span.start <= last.end {
                result[result.count - 1] = Span(start: last.start, end: max(last.end, span.end))
            } else {
                result.append(span)
            }
        }
        return result
    }

    /// The words of a hidden value a message could quote: split at blanks, flow indicators
    /// and quotes, an anchor's `&`, an alias's `*` or a tag's `!` taken off. Core tags
    /// (`!!int`), `${env:…}`/`${file:…}` references (names, not values) and pieces shorter
    /// than four characters are left out: the structural checks never quote a value on a
    /// hidden line, so this is a second net, and it must not blank out ordinary words.
    static func fragments(of text: String) -> Set<String> {
        var result: Set<String> = []
        let blanks = Set(" \t".unicodeScalars)
        let separators = Set(",[]{}\"'".unicodeScalars)
        let words = text.unicodeScalars.split(whereSeparator: { blanks.contains($0) }).map { String(String.UnicodeScalarView($0)) }
        let values = words.filter { !$0.contains("${env:") && !$0.contains("${file:") }
        for piece in values.joined(separator: " ").unicodeScalars.split(whereSeparator: { blanks.contains($0) || separators.contains($0) }) {
            var token = String(String.UnicodeScalarView(piece))
            if token.hasPrefix("!!"), YAMLTag(expanded: YAMLTag.corePrefix + String(token.dropFirst(2))) != nil { continue }
            while let first = token.first, first == "&" || first == "*" || first == "!" { token.removeFirst() }
            while token.hasSuffix(":") { token.removeLast() }
            if token.unicodeScalars.count >= 4 { result.insert(token) }
        }
        return result
    }
}

extension String {
    /// Without surrounding blanks and one pair of surrounding quotes.
    fileprivate func trimmingBlanksAndQuotes() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            text = text.dropFirst().dropLast()
        }
        return String(text)
    }
}
