#if canImport(Glibc)
import Glibc
#endif

/// A loopback port that is bound but not listening: connecting to it is refused, and no other
/// server can take the port while this object lives (a stopped server's port could be reused).
package final class ClosedPort: Sendable {
    package let port: UInt16
    private let descriptor: Int32

    package init() {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: actual.sin_port)
    }

    deinit { close(descriptor) }

    /// `http://127.0.0.1:PORT`
    package var baseURL: String { "http://127.0.0.1:\(port)" }
}
