import Foundation
import HuitongCore
import HuitongTransport

/// What `huitong ping` found out about a platform.
package struct PingReport: Sendable {
    package var platform: String
    /// The request, without its query.
    package var request: String
    package var status: Int
    /// Round trip of the ping request (after authentication), in milliseconds.
    package var milliseconds: Int64
    /// The platform's own time, when it tells it.
    package var serverTime: Timestamp?
    /// Platform time minus local time, corrected for half the round trip.
    package var skewMilliseconds: Int64?
    /// How the request proved who sent it (`signed HMAC-SHA256`, `token`, `basic, signed HMAC-SM3`, `none`).
    package var authentication: String
    /// Whether the answer proves the credentials: the profile says the platform checks them on
    /// its ping (`ping.authenticated: true`). False: reachable, and nothing more is known —
    /// a push may still be refused.
    package var credentialsProven: Bool
    package var tokenRequests: Int
}

extension PlatformConnector {
    /// Checks reachability and clock skew, and the credentials (signature, token, Basic) where
    /// the profile says the platform checks them on its ping: the request is authenticated and
    /// signed as a batch is either way, but only such a platform's success proves them.
    package func ping(test: Bool = false) async throws(PlatformError) -> PingReport {
        guard let ping = profile.ping else {
            throw PlatformError(kind: .configuration, platform: settings.name, request: "ping", attempts: 0, detail: "the profile \(profile.name) describes no ping request")
        }
        var query: [(name: String, value: String)] = []
        for parameter in ping.query where !parameter.onlyInTestMode || test {
            query.append((parameter.name, (try? parameter.value.renderText { _ in nil }) ?? ""))
        }
        let request = PlannedRequest(method: ping.method, path: ping.path, query: query, test: test)
        if let tokens {
            // Fetch the token first, so the round trip measures the ping alone.
            _ = try await tokens.current { () async throws(PlatformError) in try await self.fetchToken(test: test) }
        }
        let sent = clock.now()
        let exchange = await self.exchange(request)
        let received = clock.now()
        guard case let .success(response, answer) = exchange.outcome else {
            if case let .failure(error) = exchange.outcome { throw error }
            throw PlatformError(kind: .unreadableAnswer, platform: settings.name, request: describe(request), attempts: exchange.summary.attempts, detail: "unexpected answer to the ping")
        }
        let roundTrip = received.millisecondsSinceEpoch - sent.millisecondsSinceEpoch
        var serverTime: Timestamp?
        switch ping.serverTime {
        case let .field(path, format, offset)?:
            if let answer, case let .string(text)? = path.value(in: answer) {
                serverTime = try? Timestamp(parsing: text, as: format, in: offset)
            } else if let answer, case let .integer(number)? = path.value(in: answer) {
                serverTime = Timestamp(millisecondsSinceEpoch: format == .epochSeconds ? number * 1000 : number)
            }
        case let .dateHeader(name)?:
            serverTime = response.headers.value(of: name).flatMap(HTTPDate.parse)
        case nil:
            break
        }
        let midpoint = sent.millisecondsSinceEpoch + roundTrip / 2
        let scheme: String? = switch profile.authentication {
        case .none: nil
        case .staticHeader: "static header"
        case .basic: "basic"
        case .tokenEndpoint: "token"
        }
        // A platform may want both (HTTP Basic and a signature): name both.
        let proofs = [scheme, signingAlgorithm.map { "signed \($0.rawValue)" }].compactMap { $0 }
        let authentication = proofs.isEmpty ? "none" : proofs.joined(separator: ", ")
        return PingReport(
            platform: settings.name, request: describe(request), status: response.status, milliseconds: roundTrip,
            serverTime: serverTime, skewMilliseconds: serverTime.map { $0.millisecondsSinceEpoch - midpoint },
            authentication: authentication, credentialsProven: ping.authenticated, tokenRequests: await tokenRequests
        )
    }
}

/// The HTTP `Date` header (RFC 9110 IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`).
enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parse(_ text: String) -> Timestamp? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]),
              let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]) else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        let text = String(format: "%04d-%02d-%02d %02d:%02d:%02d", year, month + 1, day, clock[0], clock[1], clock[2])
        return try? Timestamp(parsing: text, as: .dateTime, in: .utc)
    }
}
