import HuitongCore
import HuitongMapping

/// Writes every winner of a de-duplicated read as canonical JSON into one reused buffer, as a
/// stage would store them, and counts records and bytes so the work cannot be optimised away.
func canonicalOutput<Reference>(of resolver: DuplicateResolver<Reference>) throws -> (records: Int, bytes: Int) {
    var writer = CanonicalJSONWriter()
    var buffer: [UInt8] = []
    buffer.reserveCapacity(4096)
    var bytes = 0
    let winners = resolver.results
    for winner in winners {
        buffer.removeAll(keepingCapacity: true)
        try writer.append(.object(winner.record), to: &buffer)
        bytes += buffer.count
    }
    return (winners.count, bytes)
}

/// The same for winners waiting in a spill file, read back in first-seen order.
func canonicalOutput<Reference>(of resolver: SpillingDuplicateResolver<Reference>) throws -> (records: Int, bytes: Int) {
    var writer = CanonicalJSONWriter()
    var buffer: [UInt8] = []
    buffer.reserveCapacity(4096)
    var bytes = 0
    try resolver.forEachWinner { record, _ in
        buffer.removeAll(keepingCapacity: true)
        try writer.append(.object(record), to: &buffer)
        bytes += buffer.count
    }
    return (resolver.count, bytes)
}
