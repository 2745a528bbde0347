internal import CLibCurl
import Dispatch
import HuitongCore
import Synchronization

/// An HTTP/1.1 client over libcurl.
///
/// Easy handles are pooled and reused, so consecutive requests to one host share a kept-alive
/// connection. `curl_easy_perform` blocks, so each transfer runs on a serial Dispatch queue of
/// its own, never on Swift's cooperative thread pool; at most `maxConcurrentRequests` run at once.
///
/// Why a queue per transfer: serial queues draw on Dispatch's overcommitting threads, which
/// are added while others block. A shared concurrent queue draws on the pool sized to the
/// cores, so on a 2-core machine four blocked transfers ran two at a time (and starved every
/// other Dispatch work item, signal handlers included, while they waited).
package final class HTTPClient: Sendable {
    package let configuration: HTTPClientConfiguration
    private let idleHandles = Mutex<[CurlEasyHandleBox]>([])
    private let slots: DispatchSemaphore

    package init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
        slots = DispatchSemaphore(value: max(1, configuration.maxConcurrentRequests))
    }

    /// Sends a request and returns the platform's answer, whatever its status.
    ///
    /// Throws `TransportError` only when no HTTP answer arrived (DNS, refused, timeout, TLS,
    /// reset) or the answer exceeded `maxResponseBytes`.
    package func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let result: Result<HTTPResponse, TransportError> = await withCheckedContinuation { continuation in
            DispatchQueue(label: "huitong.transport").async {
                self.slots.wait()
                defer { self.slots.signal() }
                continuation.resume(returning: self.perform(request))
            }
        }
        return try result.get()
    }

    private func perform(_ request: HTTPRequest) -> Result<HTTPResponse, TransportError> {
        let box = idleHandles.withLock { $0.popLast() } ?? CurlEasyHandleBox(handle: CurlEasyHandle())
        defer { idleHandles.withLock { $0.append(box) } }
        return CurlTransfer(handle: box.handle, configuration: configuration).run(request)
    }
}

/// Moves a handle between threads through the pool.
///
/// `@unchecked Sendable` is sound because a handle is only ever reachable from the pool (under
/// its lock) or from the one transfer that popped it; it is never shared by two at once.
final class CurlEasyHandleBox: @unchecked Sendable {
    let handle: CurlEasyHandle
    init(handle: CurlEasyHandle) { self.handle = handle }
}
