import HuitongCore

/// Walks the entries in sequence order and checks that each manifest names its
/// predecessor's, telling removed, inserted and reordered entries apart.
struct ChainWalk {
    /// Every readable manifest's hash, to find which entry a wrong previous-hash points at.
    private let sequenceByManifest: [Digest: Int]
    /// The entry checked last, which the next one must name.
    private(set) var head: EntryInspection?
    private var expectedSequence = 1
    /// Sequences already reported as part of a reordering, so the other side of a swap is not
    /// reported again as an insertion.
    private var reordered: Set<Int> = []

    init(_ inspections: [EntryInspection]) {
        var sequences: [Digest: Int] = [:]
        for inspection in inspections {
            if let hash = inspection.manifestSHA256, sequences[hash] == nil { sequences[hash] = inspection.name.sequence }
        }
        sequenceByManifest = sequences
    }

    /// The chain problems of the entries with the next sequence number (usually one entry;
    /// more when entries were inserted with a number already taken). `successors` are the
    /// entries with the number after it, which tell which of several is the original.
    mutating func check(_ group: [EntryInspection], successors: [EntryInspection]) -> [LedgerProblem] {
        guard let first = group.first else { return [] }
        let sequence = first.name.sequence
        // Of several entries with one number, the original is the one that names the
        // predecessor and that the successor names; the others were inserted.
        let named = Set(successors.compactMap { $0.manifest?.previousManifestSHA256 })
        let linked = group.filter { $0.manifest?.previousManifestSHA256 == head?.manifestSHA256 }
        let kept = linked.first { $0.manifestSHA256.map(named.contains) ?? false } ?? linked.first ?? first
        let certain = group.count == 1 || named.contains { $0 == kept.manifestSHA256 }
        var problems = group.filter { $0.name != kept.name }.map { twin in
            LedgerProblem(.entryInserted, twin.name,
                          "\(twin.name.directoryName) has the same sequence number as \(kept.name.directoryName); "
                              + (certain ? "the chain runs through the other, so this one was inserted" : "one of the two was inserted"))
        }
        let gap = sequence > expectedSequence
        if gap {
            let missing = expectedSequence == sequence - 1
                ? "entry \(EntryName.paddedSequence(expectedSequence)) is missing"
                : "entries \(EntryName.paddedSequence(expectedSequence)) to \(EntryName.paddedSequence(sequence - 1)) are missing"
            problems.append(LedgerProblem(.entryMissing, kept.name, "\(missing): the sequence jumps to \(sequence); entries were removed"))
        }
        // After a gap, or after a manifest already reported, a mismatch here says nothing new.
        if !gap, head?.manifestIsSuspect != true, let manifest = kept.manifest {
            problems += link(of: kept.name, naming: manifest.previousManifestSHA256)
        }
        head = kept
        expectedSequence = sequence + 1
        return problems
    }

    /// Whether `previous`, as entry `name` states it, is the current head's manifest hash.
    private mutating func link(of name: EntryName, naming previous: Digest?) -> [LedgerProblem] {
        let expected = head?.manifestSHA256
        guard previous != expected else { return [] }
        let before = EntryName.paddedSequence(name.sequence - 1)
        guard let previous else {
            return [LedgerProblem(.chainBroken, name,
                                  "the manifest says it is the first entry (no previous manifest), but entry \(before) comes before it")]
        }
        guard let target = sequenceByManifest[previous] else {
            if head == nil {
                return [LedgerProblem(.entryMissing, name,
                                      "the first entry names a previous manifest (\(previous.hex)): the entries before it were removed")]
            }
            return [LedgerProblem(.chainBroken, name,
                                  "previousManifestSHA256 is \(previous.hex), but entry \(before)'s manifest hashes to \(expected?.hex ?? "nothing") and no manifest in the ledger matches: that manifest was replaced, or entries were removed and the rest renumbered")]
        }
        let padded = EntryName.paddedSequence(target)
        if target >= name.sequence || (target + 1..<name.sequence).contains(where: reordered.contains) {
            reordered.formUnion([name.sequence, target])
            return [LedgerProblem(.entriesReordered, name,
                                  "the manifest names entry \(padded)'s manifest as its previous one, not entry \(before)'s: the entries were reordered")]
        }
        let inserted = target + 1 == name.sequence - 1
            ? "entry \(EntryName.paddedSequence(target + 1)) was inserted"
            : "entries \(EntryName.paddedSequence(target + 1)) to \(before) were inserted"
        return [LedgerProblem(.entryInserted, name,
                              "the manifest follows entry \(padded) directly: \(inserted) after this entry was written")]
    }
}
