import HuitongCore
import HuitongHTTPServer

extension CityPlatform {
    /// A batch answer (`{"success": true, "result": {"total", "succeeded", "failed"}}`)
    /// rewritten as `lie` says; other answers only get the envelope-free lies.
    package func retell(_ answer: ServerResponse, as lie: AnswerLie) -> ServerResponse {
        if let replaced = lie.bodyReplacement(of: answer) { return replaced }
        return AnswerLie.rewriting(answer) { envelope in
            guard envelope["success"] == .bool(true), case var .object(result)? = envelope["result"],
                  let total = result["total"]?.integerValue, let succeeded = result["succeeded"]?.integerValue else { return false }
            switch lie {
            case .shortCount:
                result["succeeded"] = .integer(max(0, succeeded - 1))
            case .nullData:
                envelope["result"] = .null
                return true
            case .strayRejection:
                result["succeeded"] = .integer(max(0, succeeded - 1))
                var failed = result["failed"]?.arrayValue ?? []
                failed.append(["id": "NEVER-SENT-999", "message": "lat out of range"])
                result["failed"] = .array(failed)
            case .foreignAnswer:
                // The first answer of a larger request, as if the key had been mixed up.
                result["total"] = .integer(total + 7)
                result["succeeded"] = .integer(succeeded + 7)
            case .emptyBody, .htmlBody:
                return false
            }
            envelope["result"] = .object(result)
            return true
        }
    }
}
