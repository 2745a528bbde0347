import HuitongCore

/// Applies a `dedupe` rule over one read of a source: among records with the same key the
/// rule's preferred one wins; every displaced record comes back at once as a loser.
///
/// Memory grows with the number of distinct keys in the read (one record each), which is
/// what a register holds; append-only streams have no dedupe rule.
package struct DuplicateResolver<Reference: Sendable>: Sendable {
    package let rule: DeduplicationRule
    /// The current winners in the order their keys were first seen, kept in the shape
    /// `results` hands out, so that it is the array itself rather than a copy of every winner
    /// (this code is generic and unspecialised across modules, so each copied element would
    /// go through the runtime's value witnesses).
    private var winners: [(record: OrderedObject, reference: Reference)] = []
    /// The position in `winners` of each key's winner.
    private var positions = KeyPositions()

    package init(rule: DeduplicationRule) {
        self.rule = rule
    }

    /// Offers a mapped record. Returns the record that lost, if this key was seen before:
    /// the earlier winner when the new record is preferred, otherwise the new record itself.
    package mutating func add(_ record: OrderedObject, reference: Reference) -> (record: OrderedObject, reference: Reference)? {
        let key = rule.keyText(of: record)
        // A new key takes the next position, which is where its winner is appended.
        guard let position = positions.position(of: key) else {
            winners.append((record, reference))
            return nil
        }
        let current = winners[position]
        if rule.prefers(record, over: current.record) {
            winners[position] = (record, reference)
            return (current.record, current.reference)
        }
        return (record, reference)
    }

    /// The winners, in the order their keys were first seen.
    package var results: [(record: OrderedObject, reference: Reference)] {
        winners
    }

    /// The reason a loser is set aside with.
    package func reason(for loser: OrderedObject) -> MappingIssue {
        let key = rule.keyText(of: loser)
        return MappingIssue(
            field: rule.key.joined(separator: "+"), value: key, rule: "duplicate",
            message: rule.orderBy.map { orderBy in
                "duplicate: another record with this key wins (\(rule.keep == .latest ? "a later" : "an earlier") \(orderBy), or the same and read \(rule.keep == .latest ? "later" : "earlier"))"
            } ?? "duplicate: another record with this key, read \(rule.keep == .latest ? "later" : "earlier"), wins"
        )
    }
}
