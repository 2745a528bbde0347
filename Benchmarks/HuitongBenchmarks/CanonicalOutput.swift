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

/// The same for a read de-duplicated by an external sort: writes the winners (in key order)
/// and counts the losers, which are set aside.
func canonicalOutput(of resolver: SortingDuplicateResolver) throws -> (records: Int, bytes: Int, losers: Int) {
    var writer = CanonicalJSONWriter()
    var buffer: [UInt8] = []
    buffer.reserveCapacity(4096)
    var bytes = 0
    var winners = 0
    var losers = 0
    try resolver.finish(winner: { record, _ in
        buffer.removeAll(keepingCapacity: true)
        try writer.append(.object(record), to: &buffer)
        bytes += buffer.count
        winners += 1
    }, loser: { _, _ in losers += 1 })
    return (winners, bytes, losers)
}
