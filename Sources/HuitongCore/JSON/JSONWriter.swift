/// Writes a ``Value`` as JSON text, compact for machines or indented for people.
///
/// Keys come out in the object's own order. Strings are escaped minimally (see RFC 8785: `\"`,
/// `\\`, `\n`-style names and `\u00xx` for control characters) and non-ASCII text is written as
/// UTF-8, not `\u` escapes. Integers are exact; doubles get the shortest digits that read back
/// as the same double, and keep a `.0` when they are whole (`20.0`, not `20`) so that reading
/// the text again gives `.double`, not `.integer`. NaN and infinities are an error.
///
/// The writer appends to a caller-owned buffer, so a stream of records can reuse one buffer
/// (`removeAll(keepingCapacity: true)` between records) and allocate nothing per record.
package struct JSONWriter: Sendable {
    /// The layout of the text.
    package enum Style: Sendable {
        /// No white space at all: one record per line in JSON Lines, or a request body.
        case compact
        /// Two-space indentation, one member or element per line, `": "` after keys.
        case pretty
    }

    /// The layout used.
    package var style: Style
    /// How deeply arrays and objects may nest; deeper values are refused rather than written
    /// as text the reader would then reject.
    package var maximumDepth: Int

    /// A writer producing `style`.
    package init(style: Style = .compact, maximumDepth: Int = JSONReader.defaultMaximumDepth) {
        self.style = style
        self.maximumDepth = maximumDepth
    }

    /// Appends the JSON text of `value` to `output`.
    ///
    /// - Throws: ``JSONError`` (with ``JSONError/valuePath``) for NaN, infinity, or nesting
    ///   beyond ``maximumDepth``; `output` is then left as it was.
    package func append(_ value: Value, to output: inout [UInt8]) throws(JSONError) {
        try ByteSink.appendingValue(to: &output) { (sink) throws(JSONError) in
            try write(value, depth: 0, to: &sink)
        }
    }

    /// The JSON text of `value` as UTF-8 bytes.
    package func bytes(for value: Value) throws(JSONError) -> [UInt8] {
        var output: [UInt8] = []
        try append(value, to: &output)
        return output
    }

    /// The JSON text of `value`.
    package func string(for value: Value) throws(JSONError) -> String {
        String(decoding: try bytes(for: value), as: UTF8.self)
    }

    private func write(_ value: Value, depth: Int, to sink: inout ByteSink) throws(JSONError) {
        switch value {
        case .null:
            sink.write("null")
        case .bool(let flag):
            sink.write(flag ? "true" : "false")
        case .integer(let integer):
            DecimalText.write(integer, to: &sink)
        case .double(let double):
            try JSONWriter.writeDouble(double, to: &sink)
        case .string(let string):
            JSONStringLiteral.write(string, to: &sink)
        case .array(let elements):
            guard depth < maximumDepth else { throw .writingTooDeep(limit: maximumDepth) }
            guard !elements.isEmpty else {
                sink.write("[]")
                return
            }
            sink.write(UInt8(ascii: "["))
            for index in elements.indices {
                if index > 0 { sink.write(UInt8(ascii: ",")) }
                newline(depth: depth + 1, to: &sink)
                do {
                    try write(elements[index], depth: depth + 1, to: &sink)
                } catch {
                    throw error.inElement(index)
                }
            }
            newline(depth: depth, to: &sink)
            sink.write(UInt8(ascii: "]"))
        case .object(let object):
            guard depth < maximumDepth else { throw .writingTooDeep(limit: maximumDepth) }
            guard !object.isEmpty else {
                sink.write("{}")
                return
            }
            sink.write(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { sink.write(UInt8(ascii: ",")) }
                newline(depth: depth + 1, to: &sink)
                JSONStringLiteral.write(member.key, to: &sink)
                sink.write(UInt8(ascii: ":"))
                if style == .pretty { sink.write(UInt8(ascii: " ")) }
                do {
                    try write(member.value, depth: depth + 1, to: &sink)
                } catch {
                    throw error.inMember(member.key)
                }
            }
            newline(depth: depth, to: &sink)
            sink.write(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    private func newline(depth: Int, to sink: inout ByteSink) {
        guard style == .pretty else { return }
        sink.write(UInt8(ascii: "\n"))
        sink.write(repeating: UInt8(ascii: " "), count: 2 * depth)
    }

    private static func writeDouble(_ double: Double, to sink: inout ByteSink) throws(JSONError) {
        guard double.isFinite else { throw .nonFiniteNumber(double) }
        if double == 0 {
            sink.write(double.sign == .minus ? "-0.0" : "0.0")
            return
        }
        let decimal = ECMAScriptNumber.shortestDecimal(of: double.magnitude)
        ECMAScriptNumber.write(decimal, negative: double < 0, to: &sink)
        if ECMAScriptNumber.isWrittenAsInteger(decimal) {
            sink.write(".0")
        }
    }
}
