import Foundation
import HuitongCore
import HuitongPlatforms
import HuitongTransport

/// The service's webhook: a JSON summary POSTed when a run fails, ends incomplete, or a job's
/// freshness is breached — retried, and never carrying a secret (the summary holds names,
/// counts, times and the run's operator-facing error; the URL, which may hold a token, appears
/// in no log line: only its host does).
package struct Notifier: Sendable {
    package let settings: ServiceSettings.Notification
    let client: HTTPClient
    let sleep: @Sendable (Double) async -> Void
    /// Tries in all; the waits between them double from one second.
    let attempts: Int

    package init(
        settings: ServiceSettings.Notification, attempts: Int = 4,
        sleep: @escaping @Sendable (Double) async -> Void = { try? await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }
    ) {
        self.settings = settings
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = 5
        configuration.totalTimeout = 15
        configuration.maxResponseBytes = 1 << 20
        client = HTTPClient(configuration: configuration)
        self.sleep = sleep
        self.attempts = max(1, attempts)
    }

    /// The host the webhook is at, for the log.
    package var host: String { URL(string: settings.url.reveal())?.host ?? "the webhook" }

    /// Whether the event is one the configuration asks for.
    package func wants(_ event: ServiceSettings.Notification.Event) -> Bool { settings.events.contains(event) }

    /// POSTs `summary`; true once the webhook answered 2xx. A 4xx other than 408/429 is final
    /// (the webhook refuses the summary), other failures are tried again.
    /// - Returns: whether it was delivered, how many attempts it took, and the last failure.
    package func send(_ summary: Value) async -> (delivered: Bool, attempts: Int, failure: String?) {
        let body = Array(((try? JSONWriter().string(for: summary)) ?? "{}").utf8)
        let request = HTTPRequest(method: "POST", url: settings.url.reveal(),
                                  headers: [HTTPHeader("Content-Type", "application/json; charset=utf-8"), HTTPHeader("User-Agent", "huitong/\(HuitongVersion.current)")],
                                  body: body)
        var failure: String?
        var wait = 1.0
        for attempt in 1...attempts {
            do {
                let response = try await client.send(request)
                if (200..<300).contains(response.status) { return (true, attempt, nil) }
                failure = "HTTP \(response.status)"
                if (400..<500).contains(response.status), ![408, 429].contains(response.status) { return (false, attempt, failure) }
            } catch {
                // The transport's message names the URL: only its kind is kept.
                failure = "\(error.kind)"
            }
            if attempt < attempts {
                await sleep(wait)
                wait *= 2
            }
        }
        return (false, attempts, failure)
    }
}
