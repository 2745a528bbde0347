/// What a parser carries from one document to the next, so a stream of records reuses it.
struct JSONParserWorkspace {
    /// How many nesting levels get their own size hint; deeper containers share the last one.
    private static let hintedDepths = 8

    /// Unescaped string bytes, for strings that contain backslash escapes.
    var stringBytes: [UInt8] = []
    /// The `String`s of recent keys.
    var keys: JSONKeyCache
    /// The key fingerprints of the objects being parsed, outermost first (see
    /// `JSONParser.checkUnique`).
    var keyFingerprints: [UInt64] = []
    /// Sizes recently seen per nesting depth: objects first, then arrays.
    private var sizeHints: [Int] = []

    /// A workspace for one document, or (`forStream`) for a stream of records, whose key
    /// cache is larger.
    init(forStream: Bool) {
        keys = JSONKeyCache(setCount: forStream ? JSONKeyCache.streamSetCount : JSONKeyCache.documentSetCount)
    }

    /// The capacity to reserve for a container at `depth`, so that it is built in one allocation.
    ///
    /// Records in a stream have the same shape, so the size of the last container at the same
    /// depth is a good guess; the hint decays slowly, so optional members do not cause regrowth.
    func expectedSize(ofObject isObject: Bool, atDepth depth: Int) -> Int {
        let slot = JSONParserWorkspace.slot(isObject: isObject, depth: depth)
        return slot < sizeHints.count ? sizeHints[slot] : 4
    }

    /// Records the size of a finished container.
    mutating func noteSize(_ size: Int, ofObject isObject: Bool, atDepth depth: Int) {
        if sizeHints.isEmpty {
            sizeHints = Array(repeating: 4, count: 2 * JSONParserWorkspace.hintedDepths)
        }
        let slot = JSONParserWorkspace.slot(isObject: isObject, depth: depth)
        let previous = sizeHints[slot]
        sizeHints[slot] = min(size >= previous ? size : max(size, previous - 1), 256)
    }

    private static func slot(isObject: Bool, depth: Int) -> Int {
        min(depth, hintedDepths) - 1 + (isObject ? 0 : hintedDepths)
    }
}
