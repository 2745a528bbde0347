/// The order the ledger's files keep, for callers that sort before writing.
///
/// Keys compare by their UTF-8 bytes (which is Unicode code point order), not by Swift's
/// `String` ordering, so the order is the same in any language that reads the files back:
/// `"B" < "a" < "é" < "中"`.
package enum RecordOrder {
    /// Whether the dataset record with key `first` comes before the one with key `second`.
    package static func keyPrecedes(_ first: String, _ second: String) -> Bool {
        compare(first, second) < 0
    }

    /// Whether `first` comes before `second` in `rejects.jsonl`: by key, then stage
    /// (`rejected` before `set-aside`), then location (none first).
    package static func rejectPrecedes(_ first: RejectedRecord, _ second: RejectedRecord) -> Bool {
        compare(first, second) < 0
    }

    /// Negative, zero or positive as `first` sorts before, with, or after `second`.
    static func compare(_ first: String, _ second: String) -> Int {
        var first = first
        var second = second
        return first.withUTF8 { left in
            second.withUTF8 { right in
                let common = min(left.count, right.count)
                for index in 0..<common where left[index] != right[index] {
                    return left[index] < right[index] ? -1 : 1
                }
                return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
            }
        }
    }

    static func compare(_ first: RejectedRecord, _ second: RejectedRecord) -> Int {
        let byKey = compare(first.key, second.key)
        if byKey != 0 { return byKey }
        let byStage = compare(first.stage.rawValue, second.stage.rawValue)
        if byStage != 0 { return byStage }
        switch (first.location, second.location) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (left?, right?): return compare(left, right)
        }
    }
}
