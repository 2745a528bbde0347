import Foundation
import HuitongHTTPServer
import HuitongTestSupport
import Synchronization
import Testing
@testable import HuitongTransport

@Suite("HTTP client over libcurl, against a loopback server")
struct HTTPClientTests {
    @Test("a POST carries its exact body and headers and the answer comes back whole")
    func postRoundTrip() async throws {
        let seen = Mutex<ServerRequest?>(nil)
        let server = try HTTPServer { request in
            seen.withLock { $0 = request }
            return .json(201, Array(#"{"code":0}"#.utf8), headers: [("X-Answer", "yes")])
        }
        defer { server.stop() }
        let body: [UInt8] = Array("{\"名称\":\"人防\"}".utf8) + [0, 1, 2]
        let response = try await HTTPClient().send(HTTPRequest(
            method: "POST", url: server.baseURL + "/api/v1/x?page=2&size=5",
            headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("X-Nonce", "abc")],
            body: body
        ))
        #expect(response.status == 201)
        #expect(response.bodyText == #"{"code":0}"#)
        #expect(response.headers.value(of: "x-answer") == "yes")
        let request = try #require(seen.withLock { $0 })
        #expect(request.method == "POST")
        #expect(request.target == "/api/v1/x?page=2&size=5")
        #expect(request.body == body)
        #expect(request.header("x-nonce") == "abc")
        #expect(request.header("expect") == nil)
    }

    @Test("consecutive requests reuse one kept-alive connection")
    func keepAlive() async throws {
        // A server that never closes an idle connection on its own: on a loaded machine the
        // gap between two requests can pass the default idle timeout, which is not under test.
        var configuration = HTTPServer.Configuration()
        configuration.idleTimeout = 600
        let server = try HTTPServer(configuration: configuration) { _ in .text(200, "ok") }
        defer { server.stop() }
        let client = HTTPClient(configuration: {
            var configuration = HTTPClientConfiguration()
            configuration.maxConcurrentRequests = 1
            return configuration
        }())
        for _ in 0..<5 {
            let response = try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/ping"))
            #expect(response.status == 200)
        }
        #expect(server.acceptedConnections == 1)
    }

    @Test("transfers that wait on a slow server all run at once, up to the limit, whatever the core count")
    func slowTransfersRunSideBySide() async throws {
        // The server holds each request until six are in, so the client must have six in
        // flight at once (it once ran them two at a time on a 2-core machine).
        let inFlight = Mutex((now: 0, most: 0))
        let server = try HTTPServer { _ in
            inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            // Long enough for six threads to start on any machine; far too short for Dispatch's
            // core-sized pool to grow to six (it took seconds on 2 cores).
            let deadline = Date().addingTimeInterval(1.5)
            while inFlight.withLock({ $0.most }) < 6, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            inFlight.withLock { $0.now -= 1 }
            return .text(200, "ok")
        }
        defer { server.stop() }
        let client = HTTPClient(configuration: {
            var configuration = HTTPClientConfiguration()
            configuration.maxConcurrentRequests = 6
            return configuration
        }())
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask { try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/slow/\(index)")).status }
            }
            for try await status in group { #expect(status == 200) }
        }
        #expect(inFlight.withLock { $0.most } == 6)
    }

    @Test("DELETE and PUT are sent with their own method words")
    func customMethods() async throws {
        let methods = Mutex<[String]>([])
        let server = try HTTPServer { request in
            methods.withLock { $0.append(request.method) }
            return .answer(status: 204, headers: [], body: [])
        }
        defer { server.stop() }
        let client = HTTPClient()
        _ = try await client.send(HTTPRequest(method: "DELETE", url: server.baseURL + "/r/1"))
        _ = try await client.send(HTTPRequest(method: "PUT", url: server.baseURL + "/r/1", body: Array("{}".utf8)))
        #expect(methods.withLock { $0 } == ["DELETE", "PUT"])
    }

    @Test("a port nobody listens on is a 'connection refused' error naming the request")
    func refused() async throws {
        let closed = ClosedPort()
        let url = closed.baseURL + "/gone?token=secret"
        let error = await #expect(throws: TransportError.self) {
            try await HTTPClient().send(HTTPRequest(method: "GET", url: url))
        }
        #expect(error?.kind == .refused)
        #expect(error?.description.contains("GET http://127.0.0.1:") == true)
        #expect(error?.description.contains("secret") == false)
    }

    @Test("a connection closed without an answer is a 'reset' error")
    func droppedConnection() async throws {
        let server = try HTTPServer { _ in .dropConnection }
        defer { server.stop() }
        let error = await #expect(throws: TransportError.self) {
            try await HTTPClient().send(HTTPRequest(method: "POST", url: server.baseURL + "/b", body: [1]))
        }
        #expect(error?.kind == .reset)
    }

    @Test("an answer slower than the total timeout is a 'timed out' error")
    func timeout() async throws {
        let server = try HTTPServer { _ in
            Thread.sleep(forTimeInterval: 1.5)
            return .text(200, "late")
        }
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.totalTimeout = 0.3
        let error = await #expect(throws: TransportError.self) {
            try await HTTPClient(configuration: configuration).send(HTTPRequest(method: "GET", url: server.baseURL))
        }
        #expect(error?.kind == .timeout)
    }

    @Test("an answer over the size limit is refused as too large")
    func tooLarge() async throws {
        let server = try HTTPServer { _ in .answer(status: 200, headers: [], body: [UInt8](repeating: 65, count: 10_000)) }
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.maxResponseBytes = 1000
        let error = await #expect(throws: TransportError.self) {
            try await HTTPClient(configuration: configuration).send(HTTPRequest(method: "GET", url: server.baseURL))
        }
        #expect(error?.kind == .tooLarge)
    }

    @Test("requests in flight at once are all answered")
    func concurrentRequests() async throws {
        let server = try HTTPServer { request in .text(200, request.target) }
        defer { server.stop() }
        let client = HTTPClient()
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<20 {
                group.addTask { try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/\(index)")).bodyText }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(answers == Set((0..<20).map { "/\($0)" }))
    }

    @Test("only http and https URLs are accepted")
    func otherSchemesRefused() async throws {
        let error = await #expect(throws: TransportError.self) {
            try await HTTPClient().send(HTTPRequest(method: "GET", url: "file:///etc/passwd"))
        }
        #expect(error?.kind == .invalidRequest)
    }

    @Test("a request URL is shown without its userinfo and its query, even when the password holds ? or / unencoded",
          arguments: [
              ("http://u:p?ss@host/x?token=t", "http://host/x"),
              ("http://u:p#ss@host/x", "http://host/x"),
              ("http://u:p/ss@host/x?token=t", "http://host/x"),
              ("https://u:p@host:8443/a?b=c", "https://host:8443/a"),
          ])
    func redactedURL(_ url: String, _ shown: String) {
        #expect(TransportError.redacted(url) == shown)
    }
}
