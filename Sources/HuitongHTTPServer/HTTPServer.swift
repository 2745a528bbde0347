#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1, for the sandbox platforms, the test servers and the
/// scheduler's status endpoint.
///
/// One thread per connection (connections are few: a hub and a test harness), keep-alive,
/// `Content-Length` bodies, request size limits, and a clean 4xx for anything malformed.
/// It binds to the loopback address only: nothing it serves is reachable from elsewhere.
package final class HTTPServer: Sendable {
    package struct Configuration: Sendable {
        /// 0 lets the system pick a free port; `port` tells which one it picked.
        package var port: UInt16 = 0
        package var maxHeaderBytes: Int = 64 * 1024
        package var maxBodyBytes: Int = 16 << 20
        /// A connection idle this long (seconds) is closed.
        package var idleTimeout: Int = 15
        /// Connections open at once; further ones are answered 503 and closed.
        package var maxConnections: Int = 128

        package init(port: UInt16 = 0) { self.port = port }
    }

    package let configuration: Configuration
    /// The port the server listens on (the chosen one when configured with 0).
    package let port: UInt16
    private let listener: Int32
    private let handler: ServerHandler
    private let state = Mutex(State())

    private struct State {
        var stopped = false
        var connections: Set<Int32> = []
        var acceptedConnections = 0
    }

    /// Binds and starts accepting. Throws when the port cannot be bound.
    package init(configuration: Configuration = Configuration(), handler: @escaping ServerHandler) throws {
        self.configuration = configuration
        self.handler = handler
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw HTTPServerError.socket(errno: errno, step: "socket") }
        var yes: Int32 = 1
        setsockopt(socketDescriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = configuration.port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socketDescriptor, 128) == 0 else {
            let code = errno
            close(socketDescriptor)
            throw HTTPServerError.socket(errno: code, step: "bind 127.0.0.1:\(configuration.port)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        listener = socketDescriptor
        port = UInt16(bigEndian: actual.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "huitong.http.accept"
        thread.start()
    }

    deinit { stop() }

    /// Connections accepted since start: tells a test whether a client kept its connection alive.
    package var acceptedConnections: Int { state.withLock { $0.acceptedConnections } }

    /// `http://127.0.0.1:PORT`
    package var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting and closes every open connection. Safe to call more than once.
    package func stop() {
        let connections: Set<Int32>? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            return state.connections
        }
        guard let connections else { return }
        // Wake the accept loop but leave closing the descriptor to it: closing here would let
        // the number be reused by another socket while the loop still calls accept() on it.
        shutdown(listener, Int32(SHUT_RDWR))
        for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            var peerAddress = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let connection = withUnsafeMutablePointer(to: &peerAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listener, $0, &length) }
            }
            if connection < 0 {
                if (errno == EINTR || errno == ECONNABORTED) && !state.withLock({ $0.stopped }) { continue }
                close(listener)  // stop() shut the listener down; this loop owns closing it
                return
            }
            let admitted = state.withLock { state -> Bool in
                guard !state.stopped, state.connections.count < configuration.maxConnections else { return false }
                state.connections.insert(connection)
                state.acceptedConnections += 1
                return true
            }
            guard admitted else {
                ConnectionIO(descriptor: connection).writeAll(Self.encode(
                    status: 503, headers: [("Content-Type", "text/plain")], body: Array("busy\n".utf8), keepAlive: false
                ))
                close(connection)
                continue
            }
            var timeout = timeval(tv_sec: configuration.idleTimeout, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var noDelay: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            let peer = Self.describe(peerAddress)
            let thread = Thread { [self] in
                serve(connection, peer: peer)
                state.withLock { _ = $0.connections.remove(connection) }
                close(connection)
            }
            thread.name = "huitong.http.connection"
            thread.start()
        }
    }

    private func serve(_ descriptor: Int32, peer: String) {
        let io = ConnectionIO(descriptor: descriptor)
        let parser = RequestParser(maxHeaderBytes: configuration.maxHeaderBytes, maxBodyBytes: configuration.maxBodyBytes)
        var buffer: [UInt8] = []
        while true {
            switch parser.parse(buffer) {
            case .needMoreBytes:
                guard io.read(into: &buffer) else { return }
            case let .malformed(status, reason):
                io.writeAll(Self.encode(
                    status: status, headers: [("Content-Type", "text/plain; charset=utf-8")],
                    body: Array("\(reason)\n".utf8), keepAlive: false
                ))
                return
            case let .request(head, bodyRange, consumed):
                let request = ServerRequest(
                    method: head.method, target: head.target, headers: head.headers,
                    body: Array(buffer[bodyRange]), peer: peer
                )
                buffer.removeFirst(consumed)
                switch handler(request) {
                case .dropConnection:
                    return
                case let .answer(status, headers, body):
                    let keepAlive = head.keepAlive
                    guard io.writeAll(Self.encode(status: status, headers: headers, body: body, keepAlive: keepAlive)),
                          keepAlive else { return }
                }
            }
        }
    }

    static func encode(status: Int, headers: [(name: String, value: String)], body: [UInt8], keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(reasonPhrase(status))\r\n"
        for header in headers where header.name.lowercased() != "content-length" && header.name.lowercased() != "connection" {
            head += "\(header.name): \(header.value)\r\n"
        }
        head += "Content-Length: \(body.count)\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Payload Too Large"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status \(status)"
        }
    }

    private static func describe(_ address: sockaddr_in) -> String {
        var copy = address.sin_addr
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &copy, &text, socklen_t(INET_ADDRSTRLEN))
        let host = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return "\(host):\(UInt16(bigEndian: address.sin_port))"
    }
}

/// Why the server could not start.
package enum HTTPServerError: Error, CustomStringConvertible {
    case socket(errno: Int32, step: String)

    package var description: String {
        switch self {
        case let .socket(code, step):
            "HTTP server: \(step) failed: \(String(cString: strerror(code))). Choose another port or stop the process using it."
        }
    }
}

/// Blocking reads and writes on one connected socket, retried on EINTR and short writes.
struct ConnectionIO {
    let descriptor: Int32

    /// Appends what arrived; false on end of stream, error or idle timeout.
    func read(into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return true
            }
            if count < 0 && errno == EINTR { continue }
            return false
        }
    }

    @discardableResult
    func writeAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}
