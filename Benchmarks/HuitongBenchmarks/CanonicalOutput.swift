import HuitongCore
import HuitongMapping

/// Writes each record a stage lets through as canonical JSON into one reused buffer, as a
/// stage's caller would store it, and counts records and bytes so that the work cannot be
/// optimised away.
struct CanonicalOutput {
    private(set) var records = 0
    private(set) var bytes = 0
    private var writer = CanonicalJSONWriter()
    private var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(4096)
    }

    /// Writes the record of a mapped outcome; other fates write nothing.
    mutating func write(_ outcome: MappingStageOutcome) throws {
        guard case let .mapped(record, _, _) = outcome else { return }
        buffer.removeAll(keepingCapacity: true)
        try writer.append(.object(record), to: &buffer)
        bytes += buffer.count
        records += 1
    }
}
