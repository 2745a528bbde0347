/// Finds the elements of a top-level JSON array in a byte stream, one at a time, without
/// parsing them: it only tracks strings, escapes and bracket depth. Each element's bytes are
/// then parsed on their own, so memory is bounded by the largest element, and a malformed
/// element is isolated instead of spoiling the rest of the file.
struct JSONArraySplitter {
    enum Event: Equatable {
        /// The bytes of one element and the 1-based line where it starts.
        case element([UInt8], line: Int)
        /// The document does not start as an array.
        case notAnArray(String)
        /// The array began but its structure breaks at `line` (a missing comma, bytes after
        /// the closing `]`): what follows cannot be told apart into elements.
        case damaged(String, line: Int)
    }

    /// Where the input stopped, as ``finish()`` tells it.
    enum End: Equatable {
        /// The closing `]` was seen (and only white space after it).
        case complete
        /// Nothing but white space (and a byte-order mark): no array at all.
        case noArray
        /// The input ends inside element `index` (1-based), which starts on `line`.
        case unfinishedElement(index: Int, line: Int)
        /// The input ends between elements, after `elements` complete ones, on `line`,
        /// with no closing `]`.
        case unclosedArray(elements: Int, line: Int)
        /// The structure broke earlier (a ``Event/damaged(_:line:)`` or
        /// ``Event/notAnArray(_:)`` event was given).
        case damaged
    }

    private enum Phase { case beforeArray, beforeElement, inElement, afterElement, done }

    private var phase = Phase.beforeArray
    /// Set once an event said the document is broken; nothing more is read.
    private var isBroken = false
    /// Elements found so far.
    private var elementCount = 0
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var current: [UInt8] = []
    private var currentLine = 1
    private var line = 1
    private var sawByteOrderMark = false
    private var position = 0

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
                    isBroken = true
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
                    isBroken = true
                    events.append(.damaged("expected , or ] after element \(elementCount) (which starts on line \(currentLine)), found \(Self.show(byte)) on line \(line)", line: line))
                    return events
                }
            case .done:
                if isBroken { return events }
                if !isSpace {
                    isBroken = true
                    events.append(.damaged("unexpected \(Self.show(byte)) on line \(line) after the array's closing ]", line: line))
                    return events
                }
            }
            if byte == 0x0A { line += 1 }
        }
        return events
    }

    /// Where the input stopped; call once, after the last ``feed(_:)``.
    mutating func finish() -> End {
        defer { phase = .done }
        if isBroken { return .damaged }
        switch phase {
        case .done: return .complete
        case .beforeArray: return .noArray
        case .inElement: return .unfinishedElement(index: elementCount + 1, line: currentLine)
        case .beforeElement, .afterElement: return .unclosedArray(elements: elementCount, line: line)
        }
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
                emit(into: &events)
                phase = .done
                return
            }
            depth -= 1
            current.append(byte)
            if depth == 0 {
                emit(into: &events)
                phase = .afterElement
            }
        case UInt8(ascii: ",") where depth == 0:
            emit(into: &events)
            phase = .beforeElement
        default:
            current.append(byte)
        }
    }

    private mutating func emit(into events: inout [Event]) {
        elementCount += 1
        events.append(.element(current, line: currentLine))
    }

    private static func show(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
