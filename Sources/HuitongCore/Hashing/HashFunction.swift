/// A cryptographic hash that absorbs its input in pieces and then produces one ``Digest``.
///
/// Input may arrive in any number of `update` calls of any size; the digest depends only on
/// the concatenated bytes, never on how they were split. That is what lets the exchange ledger
/// hash a large file chunk by chunk without holding it in memory. Conforming types are small
/// value types, so copying one forks the computation: a state that has absorbed a common
/// prefix can be copied for each message that follows it.
package protocol HashFunction: Sendable {
    /// The length of the digest this hash produces, in bytes (32 for SHA-256 and SM3).
    static var digestByteCount: Int { get }

    /// The length of the block the compression function consumes, in bytes (64 for SHA-256 and SM3).
    ///
    /// ``HMAC`` pads and, if needed, hashes keys to this length.
    static var blockByteCount: Int { get }

    /// Starts a computation over no input yet.
    init()

    /// Absorbs `bytes` after everything absorbed so far.
    ///
    /// The buffer is only read during the call; it may be reused or freed afterwards.
    mutating func update(_ bytes: UnsafeRawBufferPointer)

    /// Pads the input absorbed so far and returns its digest, ending the computation.
    consuming func finalize() -> Digest
}

extension HashFunction {
    /// Absorbs a sequence of bytes, such as `[UInt8]`, `Data` or a substring's `utf8` view.
    ///
    /// Contiguous collections are read in place; other sequences are copied in chunks.
    package mutating func update(_ bytes: some Sequence<UInt8>) {
        let wasContiguous: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        guard wasContiguous == nil else { return }

        // A lazy or generated sequence: copy through one reused buffer instead of
        // materialising the whole input.
        var chunk: [UInt8] = []
        chunk.reserveCapacity(4096)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == 4096 {
                chunk.withUnsafeBytes { update($0) }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        chunk.withUnsafeBytes { update($0) }
    }

    /// Absorbs the UTF-8 encoding of `text`.
    package mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Returns the digest of `bytes` in one call.
    package static func hash(_ bytes: some Sequence<UInt8>) -> Digest {
        var function = Self()
        function.update(bytes)
        return function.finalize()
    }

    /// Returns the digest of the UTF-8 encoding of `text` in one call.
    package static func hash(_ text: String) -> Digest {
        var function = Self()
        function.update(text)
        return function.finalize()
    }
}
