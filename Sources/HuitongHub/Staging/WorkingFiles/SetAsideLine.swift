import HuitongCore
import HuitongLedger

/// A record set aside by the run (`set-aside.jsonl` of the run and of each target): where it came
/// from, its key when it has one, and why. The same members as a rejected record in a job's
/// `rejects.jsonl` and in the ledger (``RejectedRecord``), so the reasons keep their field and rule
/// all the way.
///
///     {"key": "320602-0009" | null, "location": "shelters.csv:12" | null, "stage": "source" | "target",
///      "reasons": [{"field": …, "rule": …, "message": …, "value"?: …}]}
struct SetAsideLine: Sendable, Equatable {
    enum Stage: String, Sendable {
        /// By the source mapping (or the source's de-duplication), for every target.
        case source
        /// By one target's mapping (or its de-duplication).
        case target
    }

    static let format = "huitong set-aside"

    var key: String?
    var location: String?
    var stage: Stage
    var reasons: [RecordReason]

    var jsonValue: Value {
        [
            "key": key.map(Value.string) ?? .null, "location": location.map(Value.string) ?? .null,
            "stage": .string(stage.rawValue), "reasons": .array(reasons.map(\.jsonValue)),
        ]
    }

    init(key: String?, location: String?, stage: Stage, reasons: [RecordReason]) {
        self.key = key
        self.location = location
        self.stage = stage
        self.reasons = reasons
    }

    init(decoding value: Value) throws(FormatProblem) {
        var fields = try FormatFields(value, path: "", format: Self.format)
        key = try fields.optionalString("key")
        location = try fields.optionalString("location")
        let stageText = try fields.string("stage")
        guard let stage = Stage(rawValue: stageText) else {
            throw FormatProblem(path: "stage", message: "is \"\(stageText)\", not source or target")
        }
        self.stage = stage
        reasons = try RecordReason.decodeList(try fields.value("reasons"), path: "reasons", format: Self.format)
        try fields.finish()
    }

    /// As the ledger and `rejects.jsonl` hold it.
    var rejectedRecord: RejectedRecord {
        RejectedRecord(key: key ?? "", location: location, stage: .setAside, reasons: reasons)
    }
}
