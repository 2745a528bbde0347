/// A keyed message authentication code over any ``HashFunction`` (RFC 2104).
///
/// Platforms sign requests with HMAC-SHA256 or HMAC-SM3. Like the hashes it is built on, an
/// `HMAC` value absorbs the message in pieces:
///
/// ```swift
/// var mac = HMAC<SM3>(key: secret)
/// mac.update(header)
/// mac.update(body)
/// let signature = mac.finalize()
/// ```
///
/// The key is not kept: only the two hash states already keyed with it are. To sign many
/// messages with one key, make one `HMAC` and copy it for each message; the copy skips
/// re-hashing the key pads.
package struct HMAC<H: HashFunction>: Sendable {
    private var inner: H
    private var outer: H

    /// Starts a computation keyed with `key`.
    ///
    /// A key longer than `H.blockByteCount` is replaced by its hash, and any key is then
    /// zero-padded to the block size, as RFC 2104 §2 specifies.
    package init(key: some Sequence<UInt8>) {
        var block = Array(key)
        if block.count > H.blockByteCount {
            block = H.hash(block).bytes
        }
        block.append(contentsOf: repeatElement(0, count: H.blockByteCount - block.count))

        // ipad is 0x36 and opad 0x5c repeated; both key pads go into the hash states now,
        // so the key itself is not stored.
        for index in block.indices { block[index] ^= 0x36 }
        inner = H()
        inner.update(block)
        for index in block.indices { block[index] ^= 0x36 ^ 0x5c }
        outer = H()
        outer.update(block)
    }

    /// Starts a computation keyed with the UTF-8 encoding of `key`, as platforms that hand out
    /// text secrets expect.
    package init(key: String) {
        self.init(key: Array(key.utf8))
    }

    /// Absorbs `bytes` of the message after everything absorbed so far.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bytes)
    }

    /// Absorbs a sequence of message bytes.
    package mutating func update(_ bytes: some Sequence<UInt8>) {
        inner.update(bytes)
    }

    /// Absorbs the UTF-8 encoding of `text` as message bytes.
    package mutating func update(_ text: String) {
        inner.update(text)
    }

    /// Returns the authentication code of the message absorbed so far, ending the computation.
    ///
    /// The code is `H.digestByteCount` bytes long. A protocol that sends a truncated code
    /// compares against a prefix of these bytes.
    package consuming func finalize() -> Digest {
        let innerDigest = inner.finalize()
        outer.update(innerDigest.bytes)
        return outer.finalize()
    }

    /// Returns the authentication code of `message` under `key` in one call.
    package static func authenticationCode(for message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> Digest {
        var mac = HMAC(key: key)
        mac.update(message)
        return mac.finalize()
    }

    /// Returns the authentication code of the UTF-8 encoding of `message` under the UTF-8
    /// encoding of `key` in one call.
    package static func authenticationCode(for message: String, key: String) -> Digest {
        var mac = HMAC(key: key)
        mac.update(message)
        return mac.finalize()
    }
}
