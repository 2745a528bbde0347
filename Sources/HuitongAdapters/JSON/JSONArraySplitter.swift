/// Finds the elements of a top-level JSON array in a byte stream, one at a time, without
/// parsing them: it only tracks strings, escapes and bracket depth. Each element's bytes are
/// then parsed on their own, so memory is bounded by the largest element, and a malformed
/// element is isolated instead of spoiling the rest of the file.
struct JSONArraySplitter {
    enum Event: Equatable {
        /// The bytes of one element and the 1-based line where it starts.
        case element([UInt8], line: Int)
        /// The document is not an array, or has bytes after it.
        case notAnArray(String)
    }

    private enum Phase { case beforeArray, beforeElement, inElement, afterElement, done }

    private var phase = Phase.beforeArray
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var current: [UInt8] = []
    private var currentLine = 1
    private var line = 1
    private var sawByteOrderMark = false
    private var position = 0

    /// True once the closing `]` was seen.
    var isComplete: Bool { phase == .done }

    /// Feeds the next chunk; returns the events it completes.
    mutating func feed(_ chunk: some Sequence<UInt8>) -> [Event] {
        var events: [Event] = []
        for byte in chunk {
            defer { position += 1 }
            if position < 3, !sawByteOrderMark, phase == .beforeArray, [0xEF, 0xBB, 0xBF][position] == byte {
                if position == 2 { sawByteOrderMark = true }
                continue
            }
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            switch phase {
            case .beforeArray:
                if isSpace { break }
                guard byte == UInt8(ascii: "[") else {
                    phase = .done
                    events.append(.notAnArray("the file must hold a JSON array of objects; it starts with \(Self.show(byte))"))
                    return events
                }
                phase = .beforeElement
            case .beforeElement:
                if isSpace { break }
                if byte == UInt8(ascii: "]") { phase = .done; break }
                phase = .inElement
                currentLine = line
                current = []
                consume(byte, into: &events)
            case .inElement:
                consume(byte, into: &events)
            case .afterElement:
                if isSpace { break }
                if byte == UInt8(ascii: ",") { phase = .beforeElement }
                else if byte == UInt8(ascii: "]") { phase = .done }
                else {
                    phase = .done
                    events.append(.notAnArray("expected , or ] after element at line \(currentLine), found \(Self.show(byte))"))
                    return events
                }
            case .done:
                if !isSpace {
                    events.append(.notAnArray("unexpected \(Self.show(byte)) after the end of the array at line \(line)"))
                    return events
                }
            }
            if byte == 0x0A { line += 1 }
        }
        return events
    }

    /// What remains at the end of the input: an unfinished element, if any.
    mutating func finish() -> (unfinished: [UInt8], line: Int)? {
        guard phase != .done else { return nil }
        defer { phase = .done }
        return (current, currentLine)
    }

    private mutating func consume(_ byte: UInt8, into events: inout [Event]) {
        if inString {
            current.append(byte)
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            return
        }
        switch byte {
        case UInt8(ascii: "\""):
            inString = true
            current.append(byte)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            depth += 1
            current.append(byte)
        case UInt8(ascii: "]"), UInt8(ascii: "}"):
            if depth == 0 {
                // `]` ending the array right after a scalar element.
                events.append(.element(current, line: currentLine))
                phase = .done
                return
            }
            depth -= 1
            current.append(byte)
            if depth == 0 {
                events.append(.element(current, line: currentLine))
                phase = .afterElement
            }
        case UInt8(ascii: ",") where depth == 0:
            events.append(.element(current, line: currentLine))
            phase = .beforeElement
        default:
            current.append(byte)
        }
    }

    private static func show(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
