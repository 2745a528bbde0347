import HuitongCore
import HuitongPlatforms

/// One line of a target's journal (`journal.jsonl`): what became of one batch, appended and
/// flushed as soon as the platform answered. A batch may have several lines (answered open, then
/// resent); the last line per batch index wins.
///
///     {"b": index, "key": idempotency key, "final": true, "duplicate": false, "retries": 0, "waited": 0.0, "ms"?: latency,
///      "requests": [{"method", "path", "status", "code", "attempts"}], "failures": ["…"],
///      "fates": [{"k": key, "op": "upsert" | "delete", "fate": "accepted" | "rejected" | "notSent" | "unconfirmed",
///                 "reasons"?: [reason], "o"?: staged offset, "n"?: length, "verified"?: "read-back"}],
///      "verified"?: "read-back"}
///
/// A batch is final when the platform cannot still apply it: every record accepted, rejected or
/// not sent for good. An open batch is resent by the next run under the same key.
struct JournalLine: Sendable, Equatable {
    static let format = "huitong journal"

    /// One request of the batch after its retries.
    struct Request: Sendable, Equatable {
        var method: String
        var path: String
        var status: Int?
        var code: String?
        var attempts: Int
    }

    enum Operation: String, Sendable {
        case upsert
        case delete
    }

    /// What became of one record.
    enum Outcome: Sendable, Equatable {
        case accepted
        case rejected([RecordReason])
        case notSent([RecordReason])
        /// The answer did not account for it: neither accepted nor rejected; resent under the same key.
        case unconfirmed([RecordReason])

        var name: String {
            switch self {
            case .accepted: "accepted"
            case .rejected: "rejected"
            case .notSent: "notSent"
            case .unconfirmed: "unconfirmed"
            }
        }

        var reasons: [RecordReason] {
            switch self {
            case .accepted: []
            case let .rejected(reasons), let .notSent(reasons), let .unconfirmed(reasons): reasons
            }
        }
    }

    struct Fate: Sendable, Equatable {
        var key: String
        var operation: Operation
        var outcome: Outcome
        /// Where the upsert's staged record is (upserts accepted, rejected or unconfirmed).
        var place: StagedPlace?
        /// Settled by reading back what the platform holds, not by its answer.
        var verifiedByReadBack = false
    }

    var batch: Int
    var idempotencyKey: String
    var final: Bool
    var duplicate: Bool
    var retries: Int
    var waitedSeconds: Double
    /// Milliseconds from sending the batch to its answer, retries and waits included (nil in
    /// journals written before it was measured).
    var milliseconds: Int64?
    var requests: [Request]
    var failures: [String]
    var fates: [Fate]
    var verifiedByReadBack = false

    /// Open only because the answer did not account for records: every fate accepted, rejected
    /// or unconfirmed, and at least one unconfirmed (settled by read-back when answered so again).
    var isOnlyUnconfirmedOpen: Bool {
        guard !final else { return false }
        var unconfirmed = false
        for fate in fates {
            switch fate.outcome {
            case .unconfirmed: unconfirmed = true
            case .notSent: return false
            case .accepted, .rejected: break
            }
        }
        return unconfirmed
    }

    var jsonValue: Value {
        var object: OrderedObject = [
            "b": .integer(Int64(batch)), "key": .string(idempotencyKey), "final": .bool(final),
            "duplicate": .bool(duplicate), "retries": .integer(Int64(retries)), "waited": .double(waitedSeconds),
            "requests": .array(requests.map { request in
                [
                    "method": .string(request.method), "path": .string(request.path),
                    "status": request.status.map { .integer(Int64($0)) } ?? .null,
                    "code": request.code.map(Value.string) ?? .null, "attempts": .integer(Int64(request.attempts)),
                ]
            }),
            "failures": .array(failures.map(Value.string)),
            "fates": .array(fates.map(Self.encode)),
        ]
        if verifiedByReadBack { object["verified"] = "read-back" }
        if let milliseconds { object["ms"] = .integer(milliseconds) }
        return .object(object)
    }

    private static func encode(_ fate: Fate) -> Value {
        var object: OrderedObject = ["k": .string(fate.key), "op": .string(fate.operation.rawValue), "fate": .string(fate.outcome.name)]
        if fate.outcome != .accepted { object["reasons"] = .array(fate.outcome.reasons.map(\.jsonValue)) }
        if let place = fate.place {
            object["o"] = .integer(Int64(place.offset))
            object["n"] = .integer(Int64(place.length))
        }
        if fate.verifiedByReadBack { object["verified"] = "read-back" }
        return .object(object)
    }

    init(
        batch: Int, idempotencyKey: String, final: Bool, duplicate: Bool, retries: Int, waitedSeconds: Double, milliseconds: Int64? = nil,
        requests: [Request], failures: [String], fates: [Fate]
    ) {
        self.milliseconds = milliseconds
        self.batch = batch
        self.idempotencyKey = idempotencyKey
        self.final = final
        self.duplicate = duplicate
        self.retries = retries
        self.waitedSeconds = waitedSeconds
        self.requests = requests
        self.failures = failures
        self.fates = fates
    }

    init(decoding value: Value) throws(FormatProblem) {
        var fields = try FormatFields(value, path: "", format: Self.format)
        batch = try fields.count("b")
        idempotencyKey = try fields.string("key")
        final = try fields.bool("final")
        duplicate = try fields.bool("duplicate")
        retries = try fields.count("retries")
        waitedSeconds = try fields.number("waited")
        milliseconds = try fields.optionalValue("ms").map { (value) throws(FormatProblem) in
            guard case let .integer(number) = value, number >= 0 else { throw FormatProblem(path: "ms", message: "must be a whole number of milliseconds") }
            return number
        }
        requests = []
        for (index, element) in try fields.array("requests").enumerated() {
            var request = try FormatFields(element, path: "requests[\(index)]", format: Self.format)
            requests.append(Request(
                method: try request.string("method"), path: try request.string("path"), status: try request.optionalCount("status"),
                code: try request.optionalString("code"), attempts: try request.count("attempts")
            ))
            try request.finish()
        }
        failures = []
        for (index, element) in try fields.array("failures").enumerated() {
            guard case let .string(text) = element else { throw FormatProblem(path: "failures[\(index)]", message: "must be a string") }
            failures.append(text)
        }
        fates = []
        for (index, element) in try fields.array("fates").enumerated() {
            fates.append(try Self.decodeFate(element, path: "fates[\(index)]"))
        }
        verifiedByReadBack = try Self.readBackMark(&fields, path: "verified")
        try fields.finish()
    }

    private static func decodeFate(_ value: Value, path: String) throws(FormatProblem) -> Fate {
        var fields = try FormatFields(value, path: path, format: format)
        let key = try fields.string("k")
        let operationText = try fields.string("op")
        guard let operation = Operation(rawValue: operationText) else {
            throw FormatProblem(path: path + ".op", message: "is \"\(operationText)\", not upsert or delete")
        }
        let name = try fields.string("fate")
        let reasons: [RecordReason] = name == "accepted" ? [] : try RecordReason.decodeList(try fields.value("reasons"), path: path + ".reasons", format: format)
        let outcome: Outcome
        switch name {
        case "accepted": outcome = .accepted
        case "rejected": outcome = .rejected(reasons)
        case "notSent": outcome = .notSent(reasons)
        case "unconfirmed": outcome = .unconfirmed(reasons)
        default: throw FormatProblem(path: path + ".fate", message: "is \"\(name)\", not accepted, rejected, notSent or unconfirmed")
        }
        var place: StagedPlace?
        if fields.has("o") {
            place = StagedPlace(offset: try fields.count("o"), length: try fields.count("n", minimum: 2))
        }
        let verified = try readBackMark(&fields, path: path + ".verified")
        try fields.finish()
        return Fate(key: key, operation: operation, outcome: outcome, place: place, verifiedByReadBack: verified)
    }

    private static func readBackMark(_ fields: inout FormatFields, path: String) throws(FormatProblem) -> Bool {
        guard fields.has("verified") else { return false }
        let mark = try fields.string("verified")
        guard mark == "read-back" else { throw FormatProblem(path: path, message: "is \"\(mark)\", not read-back") }
        return true
    }
}
