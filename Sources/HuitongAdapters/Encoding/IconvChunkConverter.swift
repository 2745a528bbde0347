#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One iconv conversion descriptor (`iconv_open`) for input that arrives in chunks; closed in `deinit`.
///
/// Converts a buffer at a time and stops where iconv stops, saying why, so the caller decides
/// what an invalid or unfinished sequence means: an unfinished character at a chunk's end is
/// not an error here, it waits for the next chunk. This class never skips input on its own.
/// Output goes through a fixed scratch buffer, so a conversion never needs to guess how much
/// larger the output is than the input.
final class IconvChunkConverter {
    /// Why ``convert(_:appendingTo:)`` returned.
    enum Stop: Equatable {
        /// All of the input was converted.
        case endOfInput
        /// The bytes at the stop are not a character in the source encoding (EILSEQ).
        case invalidSequence
        /// The input ends inside a character (EINVAL): the rest of it is in the next buffer.
        case incompleteSequence
    }

    /// The source encoding, as given to `iconv_open` (`GB18030`, `GBK`, `UTF-8`).
    let sourceEncoding: String
    /// The target encoding, as given to `iconv_open`.
    let targetEncoding: String

    private let descriptor: iconv_t
    private let scratch: UnsafeMutablePointer<CChar>
    private static let scratchSize = 16 * 1024

    /// A converter between two encodings glibc knows, or `nil` when iconv does not know one of them.
    init?(from sourceEncoding: String, to targetEncoding: String = "UTF-8") {
        let descriptor = iconv_open(targetEncoding, sourceEncoding)
        // iconv_open reports failure as (iconv_t)-1, not NULL.
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        self.descriptor = descriptor
        self.sourceEncoding = sourceEncoding
        self.targetEncoding = targetEncoding
        self.scratch = .allocate(capacity: Self.scratchSize)
    }

    deinit {
        iconv_close(descriptor)
        scratch.deallocate()
    }

    /// Converts `input` from its start, appending the result to `output`.
    ///
    /// - Returns: how many input bytes were converted and why conversion stopped; the bytes
    ///   from `consumed` on were not converted.
    func convert(_ input: UnsafeBufferPointer<UInt8>, appendingTo output: inout [UInt8]) -> (consumed: Int, stop: Stop) {
        guard let base = input.baseAddress, !input.isEmpty else { return (0, .endOfInput) }
        // iconv's prototype takes `char **` but never writes through the input pointer.
        var inputPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
            .assumingMemoryBound(to: CChar.self)
        var inputLeft = input.count
        while true {
            var outputPointer: UnsafeMutablePointer<CChar>? = scratch
            var outputLeft = Self.scratchSize
            let result = iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
            let failure = result == -1 ? errno : 0
            let produced = Self.scratchSize - outputLeft
            output.append(contentsOf: UnsafeRawBufferPointer(start: scratch, count: produced))
            let consumed = input.count - inputLeft
            if result != -1 {
                return (consumed, .endOfInput)
            }
            switch failure {
            case E2BIG where produced > 0:
                continue
            case EINVAL:
                return (consumed, .incompleteSequence)
            default:
                // EILSEQ, and anything unexpected: the caller skips a byte, so this never loops.
                return (consumed, .invalidSequence)
            }
        }
    }

    /// After the last input: writes a stateful encoding's closing shift sequence, if any.
    func finish(appendingTo output: inout [UInt8]) {
        var outputPointer: UnsafeMutablePointer<CChar>? = scratch
        var outputLeft = Self.scratchSize
        _ = iconv(descriptor, nil, nil, &outputPointer, &outputLeft)
        output.append(contentsOf: UnsafeRawBufferPointer(start: scratch, count: Self.scratchSize - outputLeft))
    }

    /// Why a whole-buffer conversion failed, with the byte offset in the input.
    enum Failure: Error, Equatable {
        case unknownEncoding
        case invalidSequence(offset: Int)
        case truncatedSequence(offset: Int)
    }

    /// All of `input` converted from `sourceEncoding` to UTF-8 (a CAP file, read whole).
    static func convertAll(_ input: [UInt8], from sourceEncoding: String) throws(Failure) -> [UInt8] {
        guard let converter = IconvChunkConverter(from: sourceEncoding) else { throw .unknownEncoding }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 2 + 16)
        let (consumed, stop) = input.withUnsafeBufferPointer { converter.convert($0, appendingTo: &output) }
        switch stop {
        case .endOfInput: break
        case .invalidSequence: throw .invalidSequence(offset: consumed)
        case .incompleteSequence: throw .truncatedSequence(offset: consumed)
        }
        converter.finish(appendingTo: &output)
        return output
    }
}
