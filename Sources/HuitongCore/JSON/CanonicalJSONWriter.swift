/// Writes a ``Value`` as canonical JSON, RFC 8785 (JSON Canonicalization Scheme, JCS): the
/// byte-exact form used for hashing, signing and storage.
///
/// - Object members are sorted by the UTF-16 code units of their keys, recursively; array order is kept.
/// - No white space.
/// - Strings: only `\b \t \n \f \r \" \\` as short escapes, other C0 controls as `\u00xx`
///   (lower-case hex), everything else as literal UTF-8, U+2028 and U+2029 included.
/// - Doubles as ECMAScript's `Number.prototype.toString` prints them: shortest round-trip
///   digits, plain notation for decimal exponents from -6 to 21 (`0.000001`, `1e-7`, `1e+21`),
///   and `0` for negative zero. NaN and infinities are an error.
/// - Integers (`.integer`) are written as their exact decimal digits, **also beyond ±2^53**,
///   where JCS, working on IEEE doubles, would round (9007199254740993 would become
///   9007199254740992). Huitong keeps identifiers and counters exact rather than hash a value
///   that is not the data; interoperating with a double-only JCS implementation on such
///   numbers (I-JSON, RFC 7493) is the producer's concern. Within ±2^53 the output is exactly
///   what JCS prescribes, and a `.double` is always written as JCS prescribes.
///
/// The writer keeps the sorted key order of the object shapes it has seen, so writing a stream
/// of similar records sorts each shape once. Use one writer per stream (it is a value; copies
/// are independent) and append into a reused buffer to avoid allocating per record.
package struct CanonicalJSONWriter: Sendable {
    /// How deeply arrays and objects may nest; deeper values are refused.
    package var maximumDepth: Int
    private var keyOrder = CanonicalKeyOrder()

    /// A writer with an empty key-order memory.
    package init(maximumDepth: Int = JSONReader.defaultMaximumDepth) {
        self.maximumDepth = maximumDepth
    }

    /// Appends the canonical JSON of `value` to `output`.
    ///
    /// - Throws: ``JSONError`` (with ``JSONError/valuePath``) for NaN, infinity, or nesting
    ///   beyond ``maximumDepth``; `output` is then left as it was.
    package mutating func append(_ value: Value, to output: inout [UInt8]) throws(JSONError) {
        try ByteSink.appendingValue(to: &output) { (sink) throws(JSONError) in
            try write(value, depth: 0, to: &sink)
        }
    }

    /// The canonical JSON of `value` as UTF-8 bytes.
    package static func bytes(for value: Value) throws(JSONError) -> [UInt8] {
        var writer = CanonicalJSONWriter()
        var output: [UInt8] = []
        try writer.append(value, to: &output)
        return output
    }

    /// The canonical JSON of `value`.
    package static func string(for value: Value) throws(JSONError) -> String {
        String(decoding: try bytes(for: value), as: UTF8.self)
    }

    private mutating func write(_ value: Value, depth: Int, to sink: inout ByteSink) throws(JSONError) {
        switch value {
        case .null:
            sink.write("null")
        case .bool(let flag):
            sink.write(flag ? "true" : "false")
        case .integer(let integer):
            DecimalText.write(integer, to: &sink)
        case .double(let double):
            guard double.isFinite else { throw .nonFiniteNumber(double) }
            ECMAScriptNumber.write(double, to: &sink)
        case .string(let string):
            JSONStringLiteral.write(string, to: &sink)
        case .array(let elements):
            guard depth < maximumDepth else { throw .writingTooDeep(limit: maximumDepth) }
            sink.write(UInt8(ascii: "["))
            for index in elements.indices {
                if index > 0 { sink.write(UInt8(ascii: ",")) }
                do {
                    try write(elements[index], depth: depth + 1, to: &sink)
                } catch {
                    throw error.inElement(index)
                }
            }
            sink.write(UInt8(ascii: "]"))
        case .object(let object):
            guard depth < maximumDepth else { throw .writingTooDeep(limit: maximumDepth) }
            let members = object.members
            sink.write(UInt8(ascii: "{"))
            if members.count == 1 {
                try writeMember(at: 0, of: members, depth: depth, to: &sink)
            } else if members.count > CanonicalKeyOrder.largestCachedShape {
                let order = CanonicalKeyOrder.order(of: members)
                for position in order.indices {
                    if position > 0 { sink.write(UInt8(ascii: ",")) }
                    try writeMember(at: order[position], of: members, depth: depth, to: &sink)
                }
            } else if members.count > 1 {
                let shape = keyOrder.shape(of: members, depth: depth)
                try shape.keyText.withUnsafeBufferPointer { (keyText) throws(JSONError) in
                    var textStart = 0
                    for position in shape.order.indices {
                        let textEnd = shape.keyTextEnds[position]
                        sink.write(UnsafeBufferPointer(rebasing: keyText[textStart..<textEnd]))
                        textStart = textEnd
                        let index = shape.order[position]
                        do throws(JSONError) {
                            try write(members[index].value, depth: depth + 1, to: &sink)
                        } catch {
                            throw error.inMember(members[index].key)
                        }
                    }
                }
            }
            sink.write(UInt8(ascii: "}"))
        }
    }

    /// Takes the array and a position rather than the member, so the key and value are read in
    /// place instead of being copied (and retained) as a pair.
    @inline(__always)
    private mutating func writeMember(at index: Int, of members: [OrderedObject.Member], depth: Int, to sink: inout ByteSink) throws(JSONError) {
        JSONStringLiteral.write(members[index].key, to: &sink)
        sink.write(UInt8(ascii: ":"))
        do {
            try write(members[index].value, depth: depth + 1, to: &sink)
        } catch {
            throw error.inMember(members[index].key)
        }
    }
}
