internal import CLibYAML
import HuitongCore

/// Owns one libyaml parser and turns its event stream into `YAMLEvent`s.
///
/// The C parser and the input buffer it reads from are allocated here and freed in
/// `deinit`, so no path (including an error half-way through) leaks them. Not `Sendable`:
/// a parser is used by one load on one thread.
final class YAMLParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// libyaml reads from this buffer without copying it, so it must live as long as the parser.
    private let input: UnsafeMutableBufferPointer<UInt8>
    /// Bytes skipped at the start (a UTF-8 byte-order mark); libyaml's byte offsets are
    /// relative to what it was given.
    private let skippedBytes: Int
    private let source: YAMLSourceText

    init(source: YAMLSourceText) throws(YAMLError) {
        self.source = source
        parser = .allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            throw YAMLError(.syntax, "libyaml could not start (out of memory)", file: source.file)
        }
        // Strip the BOM ourselves and insist on UTF-8: libyaml would otherwise accept
        // UTF-16, whose line offsets we could not quote, and would count a BOM it skips
        // mid-stream as a column.
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        skippedBytes = source.bytes.starts(with: byteOrderMark) ? 3 : 0
        let body = source.bytes.dropFirst(skippedBytes)
        input = .allocate(capacity: max(body.count, 1))
        _ = input.initialize(from: body)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, body.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event; after `.streamEnd` or a thrown error the parser must not be asked again.
    func nextEvent() throws(YAMLError) -> YAMLEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxError() }
        defer { yaml_event_delete(&event) }
        let mark = location(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let properties = YAMLEvent.Properties(anchor: Self.string(scalar.anchor), tag: Self.string(scalar.tag))
            return .scalar(text: text, style: Self.style(scalar.style), properties: properties, mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            let properties = YAMLEvent.Properties(anchor: Self.string(start.anchor), tag: Self.string(start.tag))
            return .sequenceStart(properties: properties, mark: mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            let properties = YAMLEvent.Properties(anchor: Self.string(start.anchor), tag: Self.string(start.tag))
            return .mappingStart(properties: properties, mark: mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            // YAML_STREAM_END_EVENT, and YAML_NO_EVENT which libyaml only yields after the end.
            return .streamEnd
        }
    }

    /// libyaml marks are 0-based; ours are 1-based. libyaml advances the column once per
    /// character (Unicode scalar), never per byte, which is what `SourceLocation` promises.
    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: source.file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// libyaml's error state, in our format, with a hint on what to check.
    private func syntaxError() -> YAMLError {
        let state = parser.pointee
        let problem = Self.string(state.problem) ?? "unknown syntax error"
        switch state.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(.syntax, "libyaml ran out of memory; the file is too complex to load", file: source.file)
        case YAML_READER_ERROR:
            let position = source.lineAndColumn(ofByteOffset: Int(state.problem_offset) + skippedBytes)
            let location = SourceLocation(file: source.file, line: position.line, column: position.column)
            var message = problem
            if state.problem_value >= 0 {
                let byte = String(UInt32(state.problem_value), radix: 16, uppercase: true)
                message += " (0x\(byte.count < 2 ? "0" + byte : byte))"
            }
            message += "; save the file as UTF-8"
            return YAMLError(.syntax, message, at: location, in: source)
        default:
            var message = problem
            if let context = Self.string(state.context) {
                let contextMark = location(state.context_mark)
                message += " (\(context) that started at line \(contextMark.line), column \(contextMark.column))"
            }
            // `@` and `` ` `` are reserved: a plain value cannot start with them (`@every 15m`).
            let offset = Int(state.problem_mark.index) + skippedBytes
            if offset >= 0, offset < source.bytes.count, [UInt8(ascii: "@"), UInt8(ascii: "`")].contains(source.bytes[offset]) {
                message += "; a value starting with \(Character(Unicode.Scalar(source.bytes[offset]))) must be quoted, such as \"@every 15m\""
            } else {
                message += "; check the indentation, quotes and brackets here"
            }
            return YAMLError(.syntax, message, at: location(state.problem_mark), in: source)
        }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafePointer($0)) }
    }
}
