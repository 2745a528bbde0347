/// The bytes of one loaded YAML file, kept so that errors can quote the offending line.
///
/// Nodes keep a reference to it, so an accessor error raised long after loading
/// (`requireInt` on a mapping value) still shows the line it is about. Immutable after
/// `init`, hence `Sendable` without a lock.
final class YAMLSourceText: Sendable {
    /// The path as the operator named it.
    let file: String
    /// The file's bytes as read, byte-order mark included.
    let bytes: [UInt8]
    /// The byte offset where every `checkpointInterval`-th line starts (lines 1, 65, 129, …).
    /// A sparse index: finding a line scans at most 63 lines, and a file of 16 Mi empty
    /// lines costs 2 MiB of index instead of 128 MiB.
    private let checkpoints: [Int]
    private static let checkpointInterval = 64
    /// What errors about this file must not show; nil when it was loaded without a redaction.
    let redacted: YAMLRedactedLines?

    init(file: String, bytes: [UInt8], redaction: YAMLRedaction = .none) {
        self.file = file
        self.bytes = bytes
        self.checkpoints = Self.checkpoints(of: bytes)
        self.redacted = redaction.isEmpty ? nil : YAMLRedactedLines(bytes: bytes, redaction: redaction)
    }

    /// The text of a 1-based line without its line break, or `""` past the end; lines
    /// longer than `maxLength` characters are cut to a window around `column`, marked
    /// with `…`. Returns the caret's column within the returned text. A redacted line shows
    /// `********` for what it hides (before it is cut), the caret moved to match.
    func excerpt(line: Int, column: Int, maxLength: Int) -> (text: String, caretColumn: Int) {
        guard let start = start(ofLine: line) else { return ("", column) }
        var end = start
        while end < bytes.count, breakLength(at: end) == 0 { end += 1 }
        if let redacted {
            let scalars = Array(String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars)
            if let shown = redacted.masked(scalars, lineNumber: line, caretColumn: column) {
                return Self.window(of: shown.text, column: shown.caretColumn, maxLength: maxLength)
            }
        }
        let length = scalarCount(start..<end)
        guard length > maxLength else {
            return (String(decoding: bytes[start..<end], as: UTF8.self), column)
        }
        let first = max(0, min(column - 1 - maxLength / 2, length - maxLength))
        let last = min(length, first + maxLength)
        let window = offset(ofScalar: first, from: start)..<offset(ofScalar: last, from: start)
        let text = (first > 0 ? "\u{2026}" : "") + String(decoding: bytes[window], as: UTF8.self) + (last < length ? "\u{2026}" : "")
        return (text, column - first + (first > 0 ? 1 : 0))
    }

    /// `excerpt`'s window, for a line already decoded (and masked).
    private static func window(of line: [Unicode.Scalar], column: Int, maxLength: Int) -> (text: String, caretColumn: Int) {
        func text(_ part: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(part)) }
        guard line.count > maxLength else { return (text(line[...]), column) }
        let first = max(0, min(column - 1 - maxLength / 2, line.count - maxLength))
        let last = min(line.count, first + maxLength)
        let shown = (first > 0 ? "\u{2026}" : "") + text(line[first..<last]) + (last < line.count ? "\u{2026}" : "")
        return (shown, column - first + (first > 0 ? 1 : 0))
    }

    /// The 1-based line and column (in Unicode scalars) of a byte offset; libyaml reports
    /// encoding errors by byte offset only.
    func lineAndColumn(ofByteOffset offset: Int) -> (line: Int, column: Int) {
        let target = min(max(offset, checkpoints[0]), bytes.count)
        var checkpoint = 0
        while checkpoint + 1 < checkpoints.count, checkpoints[checkpoint + 1] <= target { checkpoint += 1 }
        var line = checkpoint * Self.checkpointInterval + 1
        var lineStart = checkpoints[checkpoint]
        var index = lineStart
        while index < target {
            let length = breakLength(at: index)
            if length > 0, index + length <= target {
                index += length
                line += 1
                lineStart = index
            } else {
                index += 1
            }
        }
        return (line, scalarCount(lineStart..<target) + 1)
    }

    /// The byte offset where a 1-based line starts, or `nil` past the end of the file.
    private func start(ofLine line: Int) -> Int? {
        let checkpoint = (line - 1) / Self.checkpointInterval
        guard line >= 1, checkpoint < checkpoints.count else { return nil }
        var index = checkpoints[checkpoint]
        var remaining = (line - 1) % Self.checkpointInterval
        while remaining > 0 {
            guard index < bytes.count else { return nil }
            let length = breakLength(at: index)
            index += max(length, 1)
            if length > 0 { remaining -= 1 }
        }
        return index
    }

    /// Every byte that is not a UTF-8 continuation byte starts a scalar.
    private func scalarCount(_ range: Range<Int>) -> Int {
        bytes[range].reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
    }

    private func offset(ofScalar count: Int, from start: Int) -> Int {
        var index = start
        var remaining = count
        while index < bytes.count, remaining > 0 || bytes[index] & 0xC0 == 0x80 {
            if bytes[index] & 0xC0 != 0x80 { remaining -= 1 }
            index += 1
        }
        return index
    }

    /// Line breaks as libyaml counts them: LF, CR, CRLF, NEL, LS and PS, so that our line
    /// numbers match its marks. Returns the break's length in bytes, or 0.
    private func breakLength(at index: Int) -> Int {
        Self.breakLength(in: bytes, at: index)
    }

    static func breakLength(in bytes: [UInt8], at index: Int) -> Int {
        switch bytes[index] {
        case 0x0A:
            return 1
        case 0x0D:
            return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2:
            return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard index + 2 < bytes.count, bytes[index + 1] == 0x80 else { return 0 }
            return bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 ? 3 : 0
        default:
            return 0
        }
    }

    private static func checkpoints(of bytes: [UInt8]) -> [Int] {
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        var checkpoints = [bytes.starts(with: byteOrderMark) ? 3 : 0]
        var line = 1
        var index = checkpoints[0]
        while index < bytes.count {
            let length = breakLength(in: bytes, at: index)
            guard length > 0 else {
                index += 1
                continue
            }
            index += length
            line += 1
            if (line - 1) % checkpointInterval == 0 { checkpoints.append(index) }
        }
        return checkpoints
    }
}

extension YAMLSourceText {
    /// Said instead of a value in messages about a line that holds a secret.
    static let hiddenValue = "a value not shown here (its line holds a secret)"

    /// Whether messages about a node on this line must not quote its value.
    func hidesValue(onLine line: Int) -> Bool {
        redacted?.hidesValue(onLine: line) ?? false
    }

    /// `"text"` for a message about a value on `line`, or words saying it is not shown.
    func quoted(_ text: String, onLine line: Int) -> String {
        hidesValue(onLine: line) ? Self.hiddenValue : "\"\(text)\""
    }

    /// `"key"` for a message about a key on `line`; a key on a line that holds a secret is
    /// quoted only when it is one of the secret keys' names (it then names, not is, a secret).
    func quotedKey(_ text: String, onLine line: Int) -> String {
        guard let redacted, redacted.hidesValue(onLine: line), !redacted.redaction.isSecret(key: text) else { return "\"\(text)\"" }
        return "a key not shown here (its line holds a secret)"
    }

    /// A message as it may be shown: hidden text replaced by `********`, URLs without userinfo.
    func scrubbed(_ message: String) -> String {
        redacted?.scrubbed(message) ?? message
    }
}
