import Foundation
import HuitongCore
import HuitongHTTPServer
import Synchronization

/// Puts a sandbox platform on the air: injects its faults, logs its requests and serves the
/// inspection endpoint `GET /_sandbox/state` (add `?records=false` to leave the records out).
package final class SandboxHost: Sendable {
    package let platform: any SandboxPlatform
    package let log: RequestLog
    private let clock: any WallClock
    private let plan: Mutex<FaultPlan>

    package init(platform: any SandboxPlatform, faults: FaultPlan = .none, clock: any WallClock = SystemWallClock()) {
        self.platform = platform
        plan = Mutex(faults)
        self.log = RequestLog()
        self.clock = clock
    }

    /// The faults requests get now.
    package var faults: FaultPlan { plan.withLock { $0 } }

    /// From now on, requests get `faults` instead (`.none`: the platform turns honest). What
    /// the platform holds and remembers stays; the clock skew stays the one it started with.
    package func replaceFaults(with faults: FaultPlan) {
        plan.withLock { $0 = faults }
    }

    /// The handler to give an `HTTPServer`.
    package var handler: ServerHandler {
        { [self] request in respond(to: request) }
    }

    /// `PUT /_sandbox/records/DATASET/KEY` (the record as the body) and `DELETE` of the same:
    /// the platform's records changed behind the client's back. `?test=true` for joint-test records.
    private func administer(_ request: ServerRequest, _ rest: String) -> ServerResponse {
        let parts = rest.split(separator: "/", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
        guard parts.count == 2 else { return .json(404, Array(#"{"error":"PUT or DELETE /_sandbox/records/DATASET/KEY"}"#.utf8)) }
        let test = request.query.first { $0.name == "test" }?.value == "true"
        let change: SandboxRecordChange
        if request.method == "PUT" {
            guard let record = try? JSONReader().value(from: request.body), case .object = record else {
                return .json(400, Array(#"{"error":"the body is the record, a JSON object"}"#.utf8))
            }
            change = .put(dataset: parts[0], key: parts[1], record: record, test: test)
        } else {
            change = .delete(dataset: parts[0], key: parts[1], test: test)
        }
        let done = platform.administer(change)
        log.append(RequestLog.Entry(time: clock.now(), method: request.method, target: request.target, status: done ? 200 : 404, fault: nil))
        return .json(done ? 200 : 404, Array((done ? #"{"changed":true}"# : #"{"changed":false}"#).utf8))
    }

    func respond(to request: ServerRequest) -> ServerResponse {
        if let range = request.path.range(of: "/_sandbox/records/"), ["PUT", "DELETE"].contains(request.method) {
            return administer(request, String(request.path[range.upperBound...]))
        }
        if request.path.hasSuffix("/_sandbox/state") && request.method == "GET" {
            let includeRecords = request.query.first { $0.name == "records" }?.value != "false"
            return .json(200, (try? JSONWriter(style: .pretty).bytes(for: state(includeRecords: includeRecords))) ?? [])
        }
        var response: ServerResponse?
        var applied: [String] = []
        var dropAfterApply = false
        var lies: [AnswerLie] = []
        for fault in faults.faults(method: request.method, path: request.path) {
            switch fault {
            case let .status(status):
                response = response ?? platform.failureResponse(status: status, retryAfterSeconds: nil)
                applied.append("status \(status)")
            case let .rateLimited(seconds):
                response = response ?? platform.failureResponse(status: 429, retryAfterSeconds: seconds)
                applied.append("rate limited \(seconds)s")
            case let .slow(seconds):
                Thread.sleep(forTimeInterval: seconds)
                applied.append("slow \(seconds)s")
            case .dropAfterApply:
                dropAfterApply = true
                applied.append("drop after apply")
            case .revokeTokens:
                platform.revokeAllTokens()
                applied.append("tokens revoked")
            case let .lie(lie):
                lies.append(lie)
                applied.append("lie \(lie.rawValue)")
            }
        }
        var answer = response ?? platform.handle(request)
        // Told after the honest handling, so the platform remembers the honest answer.
        if response == nil { for lie in lies { answer = platform.retell(answer, as: lie) } }
        let final: ServerResponse = (dropAfterApply && response == nil) ? .dropConnection : answer
        let status: Int = switch final {
        case let .answer(status, _, _): status
        case .dropConnection: 0
        }
        log.append(RequestLog.Entry(
            time: clock.now(), method: request.method, target: request.target, status: status,
            fault: applied.isEmpty ? nil : applied.joined(separator: ", ")
        ))
        return final
    }

    /// The platform's snapshot with the request counters and log added.
    package func state(includeRecords: Bool = true) -> Value {
        var object = OrderedObject()
        object["platform"] = .string(platform.name)
        let totals = log.totals
        object["requests"] = .integer(Int64(totals.requests))
        object["faultsInjected"] = .integer(Int64(totals.faults))
        object["state"] = platform.snapshot(includeRecords: includeRecords)
        object["requestLog"] = log.json
        return .object(object)
    }
}
