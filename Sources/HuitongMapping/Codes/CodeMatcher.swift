/// One `lookup` step's search, compiled: the texts of the columns it matches, merged into one
/// open-addressing table keyed by UTF-8 bytes and hashed with FNV-1a, so that a lookup costs
/// one short hash and one byte comparison instead of a `Hasher` pass per column and a copy of
/// the entry. Every row of a source runs several lookups, mostly of short Chinese labels.
///
/// The answer is always `CodeTable.lookup(_:matching:)`'s: the merged table keeps, for each
/// text, the column the table searches first, and a text it does not hold is handed to the
/// table, which also knows the canonically equal spellings.
struct CodeMatcher: Sendable {
    let table: CodeTable
    let columns: MatchColumns
    /// The UTF-8 bytes of every text, one after another.
    private let bytes: [UInt8]
    /// For each text: where its bytes start and end in `bytes`, and the entry it names.
    private let texts: [(start: Int, end: Int, position: Int)]
    /// Open addressing: an index into `texts`, or -1 for an empty slot. A power of two long,
    /// at least twice the number of texts.
    private let slots: [Int32]

    init(table: CodeTable, columns: MatchColumns) {
        self.table = table
        self.columns = columns
        var bytes: [UInt8] = []
        var texts: [(start: Int, end: Int, position: Int)] = []
        var seen: Set<[UInt8]> = []
        for (text, position) in table.exactTexts(matching: columns) {
            let utf8 = Array(text.utf8)
            // An earlier column holding the same bytes is the one the table answers from.
            guard seen.insert(utf8).inserted else { continue }
            texts.append((bytes.count, bytes.count + utf8.count, position))
            bytes += utf8
        }
        var capacity = 8
        while capacity < texts.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        bytes.withUnsafeBufferPointer { all in
            for (index, text) in texts.enumerated() {
                var slot = Self.hash(UnsafeBufferPointer(rebasing: all[text.start..<text.end])) & (capacity - 1)
                while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
                slots[slot] = Int32(index)
            }
        }
        self.bytes = bytes
        self.texts = texts
        self.slots = slots
    }

    /// The position in `table.entries` of the entry `text` names, or nil if none does.
    func position(of text: String) -> Int? {
        let found: Int? = UTF8Search.withBytes(of: text) { key in
            let mask = slots.count - 1
            var slot = Self.hash(key) & mask
            return bytes.withUnsafeBufferPointer { all in
                while true {
                    let index = Int(slots[slot])
                    if index < 0 { return nil }
                    let entry = texts[index]
                    if entry.end - entry.start == key.count, Self.equal(all, from: entry.start, key) {
                        return entry.position
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        return found ?? table.position(of: text, matching: columns)
    }

    @inline(__always)
    private static func equal(_ all: UnsafeBufferPointer<UInt8>, from start: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        for offset in 0..<key.count where all[start + offset] != key[offset] {
            return false
        }
        return true
    }

    /// FNV-1a over the bytes, folded to a non-negative `Int`.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 32)) & Int.max
    }
}
