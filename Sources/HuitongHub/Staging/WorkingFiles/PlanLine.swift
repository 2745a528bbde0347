import HuitongCore

import HuitongPlatforms

/// Where a staged record's line is in `staged.jsonl`: its offset and length (travelling with the
/// record through its batch, so each fate is journaled with its line).
typealias StagedPlace = RecordPlace

/// One line of a target's plan (`plan.jsonl`): an upsert of the staged record at a place, or a
/// delete of a key. Upserts come in staged order, then deletes in key order; the pusher cuts the
/// plan into batches in that order, so a resumed run makes the same batches.
///
///     {"u": offset, "n": length}      an upsert
///     {"d": key}                      a delete
enum PlanLine: Sendable, Equatable {
    case upsert(StagedPlace)
    case delete(key: String)

    static let format = "huitong plan"

    var jsonValue: Value {
        switch self {
        case let .upsert(place): ["u": .integer(Int64(place.offset)), "n": .integer(Int64(place.length))]
        case let .delete(key): ["d": .string(key)]
        }
    }

    init(decoding value: Value) throws(FormatProblem) {
        var fields = try FormatFields(value, path: "", format: Self.format)
        if fields.has("d") {
            self = .delete(key: try fields.string("d"))
        } else {
            self = .upsert(StagedPlace(offset: try fields.count("u"), length: try fields.count("n", minimum: 2)))
        }
        try fields.finish()
    }
}
