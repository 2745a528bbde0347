import HuitongCore

/// A record that did not reach the platform's dataset: set aside before sending, or
/// rejected by the platform, with every reason.
///
/// In `rejects.jsonl` each line is the canonical JSON of
/// `{"key", "location", "stage", "reasons": [{"field", "rule", "message"}]}`; lines come in
/// ascending order of key, then stage, then location (see ``RecordOrder``).
public struct RejectedRecord: Sendable, Hashable {
    /// Where a record was stopped.
    public enum Stage: String, Sendable, Hashable, CaseIterable {
        /// Set aside by the pipeline before sending (a mapping rule, a duplicate key).
        case setAside = "set-aside"
        /// Sent, and refused by the platform.
        case rejected
    }

    /// One reason, as close to the mapping's or the platform's own words as possible.
    public struct Reason: Sendable, Hashable {
        /// The field concerned, when there is one.
        public var field: String?
        /// The mapping rule or the platform's error code, when there is one.
        public var rule: String?
        /// What was wrong, for a person.
        public var message: String

        public init(field: String? = nil, rule: String? = nil, message: String) {
            self.field = field
            self.rule = rule
            self.message = message
        }
    }

    /// The record's key; empty when the record has none (the reasons then say why and
    /// `location` says where it came from).
    public var key: String
    /// Where the record came from (`shelters.csv:19`, `cap-004.xml`, `page 2#3`), when known.
    public var location: String?
    public var stage: Stage
    /// At least one reason.
    public var reasons: [Reason]

    public init(key: String, location: String?, stage: Stage, reasons: [Reason]) {
        self.key = key
        self.location = location
        self.stage = stage
        self.reasons = reasons
    }

    /// The record as its line holds it (before canonical ordering of the members).
    public var jsonValue: Value {
        [
            "key": .string(key),
            "location": location.map(Value.string) ?? .null,
            "stage": .string(stage.rawValue),
            "reasons": .array(reasons.map { reason in
                [
                    "field": reason.field.map(Value.string) ?? .null,
                    "rule": reason.rule.map(Value.string) ?? .null,
                    "message": .string(reason.message),
                ]
            }),
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
        var reasons: [Reason] = []
        for (index, element) in try fields.array("reasons").enumerated() {
            var reason = try FormatFields(element, path: "reasons[\(index)]")
            reasons.append(Reason(field: try reason.optionalString("field"), rule: try reason.optionalString("rule"),
                                  message: try reason.string("message")))
            try reason.finish()
        }
        self.reasons = reasons
        try fields.finish()
    }
}
