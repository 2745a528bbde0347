/// Positions by key text for ``DuplicateResolver``: an open-addressing table that keeps each
/// key's hash beside it, so that a probe compares hashes and compares texts only on a match.
///
/// `Dictionary<String, Int>` keeps no hashes and compares the sought key with every key on
/// its probe path; for 200k registry ids that share long prefixes (`320613-RF-000039`) those
/// comparisons were a third of the resolver's time. Keys are still hashed with `String`'s own
/// seeded hash and matched with `String` equality, so two texts are one key exactly when they
/// were one key in a dictionary.
struct KeyPositions: Sendable {
    /// The key of each position, in the order positions were given.
    private var keys: [String] = []
    /// Per slot: the key's hash, and its position plus one (0 for an empty slot).
    private var slots: [(hash: Int, position: Int32)]
    private var mask: Int

    init() {
        slots = Array(repeating: (0, 0), count: 64)
        mask = 63
    }

    /// The position of `key`; if it has none, it gets the next one (the number of keys so far)
    /// and nil is returned.
    mutating func position(of key: String) -> Int? {
        let hash = key.hashValue
        var slot = hash & mask
        while true {
            let entry = slots[slot]
            if entry.position == 0 { break }
            if entry.hash == hash, keys[Int(entry.position) - 1] == key { return Int(entry.position) - 1 }
            slot = (slot + 1) & mask
        }
        keys.append(key)
        slots[slot] = (hash, Int32(keys.count))
        if keys.count * 4 >= slots.count * 3 { grow() }
        return nil
    }

    /// Twice the slots, refilled from the stored hashes without hashing a key again.
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: (0, 0), count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry.position != 0 {
            var slot = entry.hash & mask
            while slots[slot].position != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}
