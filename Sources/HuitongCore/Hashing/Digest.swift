/// The output of a ``HashFunction`` or ``HMAC``: a short, fixed string of bytes.
///
/// All hashes share this one type so that the ledger and the platform signers can store and
/// compare digests without caring which algorithm a platform profile chose.
///
/// `==` is an ordinary comparison that may stop at the first differing byte. When one side
/// comes from outside (a signature or MAC a platform sent), compare with
/// ``constantTimeEquals(_:)`` instead, so response timing does not reveal how many leading
/// bytes an attacker guessed right.
package struct Digest: Sendable, Hashable, CustomStringConvertible {
    /// The digest bytes, most significant first, as the algorithm's specification prints them.
    package let bytes: [UInt8]

    /// Wraps bytes that are already a digest, such as one read back from the ledger.
    package init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads a digest written as hexadecimal, in either case; `nil` if the text has an odd
    /// number of characters or any character that is not a hex digit.
    package init?(hexadecimal text: some StringProtocol) {
        guard let bytes = Self.bytes(hexadecimal: text.utf8) else { return nil }
        self.bytes = bytes
    }

    /// ``init(hexadecimal:)`` for a `String`, read through its UTF-8 storage: not generic, so a
    /// caller in another module (the ledger, once per dataset record) gets no unspecialised loop.
    package init?(hexadecimal text: String) {
        var text = text
        guard let bytes = text.withUTF8({ Self.bytes(hexadecimal: $0) }) else { return nil }
        self.bytes = bytes
    }

    private static func bytes(hexadecimal digits: some Collection<UInt8>) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var high: UInt8?
        for character in digits {
            guard let nibble = Self.nibble(character) else { return nil }
            if let pendingHigh = high {
                bytes.append(pendingHigh << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil else { return nil }
        return bytes
    }

    /// The digest as lowercase hexadecimal, two characters a byte: the form platforms and the
    /// ledger exchange.
    package var hex: String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(Self.hexDigits[Int(byte >> 4)])
            text.append(Self.hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The lowercase hexadecimal form, as ``hex``.
    package var description: String { hex }

    /// Whether both digests hold the same bytes, taking the same time wherever they differ.
    ///
    /// Only the lengths, which are public for any algorithm, may end the comparison early.
    package func constantTimeEquals(_ other: Digest) -> Bool {
        guard bytes.count == other.bytes.count else { return false }
        var difference: UInt8 = 0
        for index in bytes.indices {
            difference |= bytes[index] ^ other.bytes[index]
        }
        return difference == 0
    }

    /// The digest of a hash whose state is 32-bit words written out most significant byte first.
    init(bigEndianWords words: [UInt32]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.count * 4)
        for word in words {
            bytes.append(UInt8(truncatingIfNeeded: word >> 24))
            bytes.append(UInt8(truncatingIfNeeded: word >> 16))
            bytes.append(UInt8(truncatingIfNeeded: word >> 8))
            bytes.append(UInt8(truncatingIfNeeded: word))
        }
        self.bytes = bytes
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
