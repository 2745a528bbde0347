/// Where the writers put their bytes: a small staging buffer on the stack in front of the
/// caller's `[UInt8]`, emptied into it in bulk.
///
/// Appending to an `Array` costs a uniqueness check and a capacity check per call, and a JSON
/// record is written in dozens of tiny pieces (quotes, colons, commas, short keys). Here a byte
/// costs one comparison and a store, and the array sees one `append(contentsOf:)` per
/// kilobyte. Only valid inside ``appending(to:_:)``, which owns the staging memory.
struct ByteSink {
    /// Bytes a number may need at most: a sign, 21 digits of an integer-valued double, and room to spare.
    static let numberReservation = 32
    /// The standard library places temporary allocations of up to 1 KiB on the stack without
    /// further checks; larger ones may go to the heap, which would cost a malloc per record.
    private static let stagingCapacity = 1024

    /// The caller's array, moved in for the duration (so appends do not copy it).
    private var output: [UInt8] = []
    private let staging: UnsafeMutablePointer<UInt8>
    private var staged = 0
    /// `output.count` when the sink was set up, for ``discardAll()``.
    private var mark = 0

    private init(staging: UnsafeMutablePointer<UInt8>) {
        self.staging = staging
    }

    /// Runs a writer all or nothing: when `body` throws, `output` is left as it was and the
    /// error's value path is completed at the root (`$`).
    static func appendingValue(
        to output: inout [UInt8],
        _ body: (inout ByteSink) throws(JSONError) -> Void
    ) throws(JSONError) {
        try appending(to: &output) { (sink) throws(JSONError) in
            do throws(JSONError) {
                try body(&sink)
            } catch {
                sink.discardAll()
                throw error.atRoot()
            }
        }
    }

    /// Runs `body` with a sink whose bytes end up appended to `output`.
    static func appending<Result, Failure: Error>(
        to output: inout [UInt8],
        _ body: (inout ByteSink) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stagingCapacity) { (buffer) throws(Failure) -> Result in
            var sink = ByteSink(staging: buffer.baseAddress!)
            swap(&sink.output, &output)
            sink.mark = sink.output.count
            defer {
                sink.flush()
                swap(&sink.output, &output)
            }
            return try body(&sink)
        }
    }

    @inline(__always)
    mutating func write(_ byte: UInt8) {
        if staged == ByteSink.stagingCapacity { flush() }
        staging[staged] = byte
        staged += 1
    }

    @inline(__always)
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if bytes.count > ByteSink.stagingCapacity - staged {
            flush()
            if bytes.count > ByteSink.stagingCapacity {
                output.append(contentsOf: bytes)
                return
            }
        }
        (staging + staged).initialize(from: source, count: bytes.count)
        staged += bytes.count
    }

    /// Writes a literal such as `null`.
    @inline(__always)
    mutating func write(_ literal: StaticString) {
        write(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func write(repeating byte: UInt8, count: Int) {
        for _ in 0..<count { write(byte) }
    }

    /// Lets `body` write up to `maximum` bytes (at most ``numberReservation``) straight into
    /// the staging buffer; `body` returns how many it wrote.
    @inline(__always)
    mutating func writeInPlace(maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if ByteSink.stagingCapacity - staged < maximum { flush() }
        staged += body(staging + staged)
    }

    /// Drops everything written through this sink, leaving the caller's array as it was.
    mutating func discardAll() {
        staged = 0
        output.removeSubrange(mark...)
    }

    /// Moves the staged bytes into the caller's array now, so that ``outputCount`` counts them.
    mutating func flushIntoOutput() {
        flush()
    }

    /// How many bytes the caller's array holds, staged bytes not counted.
    var outputCount: Int { output.count }

    private mutating func flush() {
        guard staged > 0 else { return }
        output.append(contentsOf: UnsafeBufferPointer(start: staging, count: staged))
        staged = 0
    }
}
