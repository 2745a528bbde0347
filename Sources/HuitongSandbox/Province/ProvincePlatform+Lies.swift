import HuitongCore
import HuitongHTTPServer

extension ProvincePlatform {
    /// A batch answer (`{"code": 0, "data": {"batchId", "accepted", "deleted", "duplicate",
    /// "rejected"}}`) rewritten as `lie` says; other answers only get the envelope-free lies.
    package func retell(_ answer: ServerResponse, as lie: AnswerLie) -> ServerResponse {
        if let replaced = lie.bodyReplacement(of: answer) { return replaced }
        return AnswerLie.rewriting(answer) { envelope in
            guard envelope["code"] == .integer(0), case var .object(data)? = envelope["data"],
                  let accepted = data["accepted"]?.integerValue else { return false }
            switch lie {
            case .shortCount:
                data["accepted"] = .integer(max(0, accepted - 1))
            case .nullData:
                envelope["data"] = .null
                return true
            case .strayRejection:
                data["accepted"] = .integer(max(0, accepted - 1))
                var rejected = data["rejected"]?.arrayValue ?? []
                rejected.append([
                    "index": 999, "key": "NEVER-SENT-999",
                    "errors": [["field": "gcbm", "reason": "unknown record"]],
                ])
                data["rejected"] = .array(rejected)
            case .foreignAnswer:
                data["duplicate"] = true
                data["batchId"] = .string("another-batch-" + (data["batchId"]?.stringValue ?? "").prefix(12))
            case .emptyBody, .htmlBody:
                return false
            }
            envelope["data"] = .object(data)
            return true
        }
    }
}
