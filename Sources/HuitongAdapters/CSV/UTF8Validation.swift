/// Checks UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing above U+10FFFF.
///
/// UTF-8 sources are checked here rather than passed through iconv because glibc's UTF-8
/// decoder accepts four-byte sequences above U+10FFFF (`F4 90 80 80`), which are not UTF-8
/// and would reach records as text no other system can read.
enum UTF8Validation {
    /// Why ``validPrefix(of:)`` stopped.
    enum Stop: Equatable {
        /// All of the input is valid.
        case endOfInput
        /// The bytes at the stop do not begin a valid sequence.
        case invalidSequence
        /// The bytes at the stop begin a valid sequence that the input ends before finishing.
        case incompleteSequence
    }

    /// The length of the longest prefix made of whole, valid UTF-8 sequences, and why it ends there.
    static func validPrefix(of bytes: UnsafeBufferPointer<UInt8>) -> (length: Int, stop: Stop) {
        let count = bytes.count
        var index = 0
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The table of well-formed sequences (Unicode 15, table 3-7): the second byte's
            // range depends on the lead byte, every later byte is 80...BF.
            let length: Int
            var secondLow: UInt8 = 0x80
            var secondHigh: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondLow = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondHigh = 0x9F
            case 0xF0: length = 4; secondLow = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondHigh = 0x8F
            default: return (index, .invalidSequence)
            }
            for offset in 1..<length {
                guard index + offset < count else { return (index, .incompleteSequence) }
                let byte = bytes[index + offset]
                let (low, high) = offset == 1 ? (secondLow, secondHigh) : (UInt8(0x80), UInt8(0xBF))
                guard byte >= low, byte <= high else { return (index, .invalidSequence) }
            }
            index += length
        }
        return (count, .endOfInput)
    }

    /// Whether `bytes` are valid UTF-8, allowing an unfinished last character when more input follows.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>, moreInputFollows: Bool) -> Bool {
        switch validPrefix(of: bytes).stop {
        case .endOfInput: true
        case .incompleteSequence: moreInputFollows
        case .invalidSequence: false
        }
    }
}
