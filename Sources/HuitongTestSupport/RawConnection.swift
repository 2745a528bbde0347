#if canImport(Glibc)
import Glibc
#endif

/// Sends raw bytes to a loopback port and reads whatever comes back until the server closes:
/// for tests that must send what no HTTP client would (garbage, truncated requests).
package enum RawConnection {
    /// Connects to 127.0.0.1:`port`, writes `bytes`, closes the sending side, and returns
    /// everything received before the server closed (or `timeoutSeconds` passed).
    /// Returns nil when the connection could not be made.
    package static func exchange(port: UInt16, bytes: [UInt8], timeoutSeconds: Int = 5) -> [UInt8]? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { break }  // the server may close early on a bad request
            offset += written
        }
        shutdown(descriptor, Int32(SHUT_WR))
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received.append(contentsOf: chunk[0..<count])
        }
        return received
    }

    /// The status code of the first response in `bytes`, if it starts with an HTTP status line.
    package static func status(of bytes: [UInt8]) -> Int? {
        let head = String(decoding: bytes.prefix(64), as: UTF8.self)
        let parts = head.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.") else { return nil }
        return Int(parts[1])
    }
}
