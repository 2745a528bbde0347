import HuitongCore

/// A record that did not reach the platform's dataset: set aside before sending, or
/// rejected by the platform, with every reason.
///
/// In `rejects.jsonl` each line is the canonical JSON of
/// `{"key", "location", "stage", "reasons": [{"field", "rule", "message"}]}`; lines come in
/// ascending order of key, then stage, then location (see ``RecordOrder``).
package struct RejectedRecord: Sendable, Hashable {
    /// Where a record was stopped.
    package enum Stage: String, Sendable, Hashable, CaseIterable {
        /// Set aside by the pipeline before sending (a mapping rule, a duplicate key).
        case setAside = "set-aside"
        /// Sent, and refused by the platform.
        case rejected
    }

    /// One reason, as close to the mapping's or the platform's own words as possible: the field,
    /// the mapping rule or platform code, the message, and the value when known.
    package typealias Reason = RecordReason

    /// The record's key; empty when the record has none (the reasons then say why and
    /// `location` says where it came from).
    package var key: String
    /// Where the record came from (`shelters.csv:19`, `cap-004.xml`, `page 2#3`), when known.
    package var location: String?
    package var stage: Stage
    /// At least one reason.
    package var reasons: [Reason]

    package init(key: String, location: String?, stage: Stage, reasons: [Reason]) {
        self.key = key
        self.location = location
        self.stage = stage
        self.reasons = reasons
    }

    /// The record as its line holds it (before canonical ordering of the members).
    package var jsonValue: Value {
        [
            "key": .string(key),
            "location": location.map(Value.string) ?? .null,
            "stage": .string(stage.rawValue),
            "reasons": .array(reasons.map(\.jsonValue)),
        ]
    }

    init(decoding value: Value) throws(FormatProblem) {
        var fields = try FormatFields(value, path: "")
        key = try fields.string("key")
        location = try fields.optionalString("location")
        let stageText = try fields.string("stage")
        guard let stage = Stage(rawValue: stageText) else {
            throw FormatProblem(path: "stage", message: "is \"\(stageText)\", not set-aside or rejected")
        }
        self.stage = stage
        reasons = try RecordReason.decodeList(try fields.value("reasons"), path: "reasons", format: LedgerFormat.identifier)
        try fields.finish()
    }
}
