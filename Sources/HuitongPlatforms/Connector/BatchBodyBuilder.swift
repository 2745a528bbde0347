import HuitongCore

/// Writes a batch body: the envelope template (or a bare array) around items that were
/// encoded once by the planner. The items are spliced into the rendered envelope as bytes,
/// so a 4 MiB batch is not decoded and re-encoded for each attempt.
struct BatchBodyBuilder: Sendable {
    let push: PushShape
    let lookup: @Sendable (String) -> Value?

    /// Lists the envelope may name, in the order they are replaced.
    private static let lists = ["upserts", "deletes", "items"]
    /// A private-use character around each list's marker: never produced by the writer's escaping.
    private static func marker(_ name: String) -> String { "\u{E000}huitong:\(name)\u{E000}" }

    struct Items {
        var upserts: [[UInt8]]
        var deletes: [[UInt8]]
        var flagDeletes: [[UInt8]]
    }

    /// The body's size with no items, for the planner's byte accounting (an upper bound: an
    /// omitted empty list only makes the real body smaller).
    func overhead(test: Bool, dataset: String) -> Int {
        let probe = body(
            items: Items(upserts: [], deletes: [], flagDeletes: []), idempotencyKey: String(repeating: "0", count: 64),
            test: test, dataset: dataset, now: Timestamp(millisecondsSinceEpoch: 4_102_444_799_999), omitEmpty: false
        )
        return probe.count + 16
    }

    func body(items: Items, idempotencyKey: String, test: Bool, dataset: String, now: Timestamp, omitEmpty: Bool = true) -> [UInt8] {
        let lists: [String: [[UInt8]]] = [
            "upserts": items.upserts + items.flagDeletes,
            "items": items.upserts + items.flagDeletes,
            "deletes": items.deletes,
        ]
        guard case let .envelope(template, omitWhenEmpty) = push.body else {
            return Self.array(lists["items"]!)
        }
        let omitted = omitEmpty ? Set(omitWhenEmpty.filter { lists[$0]?.isEmpty ?? false }) : []
        let count = (items.upserts.count + items.flagDeletes.count + items.deletes.count)
        let lookup = self.lookup
        let rendered: Value
        do {
            rendered = try Self.dropping(omitted, from: template).render { name in
                switch name {
                case "upserts", "deletes", "items": .string(Self.marker(name))
                case "idempotency_key": .string(idempotencyKey)
                case "test": .bool(test)
                case "dataset": .string(dataset)
                case "count": .integer(Int64(count))
                default:
                    if name.hasPrefix("now:"), let format = timeFormatNames[String(name.dropFirst(4))] {
                        format == .epochMilliseconds ? .integer(now.millisecondsSinceEpoch)
                            : format == .epochSeconds ? .integer(now.secondsSinceEpoch)
                            : .string(now.formatted(format, in: .beijing))
                    } else {
                        lookup(name)
                    }
                }
            }
        } catch {
            preconditionFailure("a checked envelope template failed to render: \(error)")
        }
        var bytes = (try? JSONWriter().bytes(for: rendered)) ?? []
        for name in Self.lists {
            let needle = (try? JSONWriter().bytes(for: .string(Self.marker(name)))) ?? []
            if let range = Self.firstRange(of: needle, in: bytes) {
                bytes.replaceSubrange(range, with: Self.array(lists[name]!))
            }
        }
        return bytes
    }

    private static func array(_ items: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(items.reduce(2) { $0 + $1.count + 1 })
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: item)
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }

    private static func dropping(_ names: Set<String>, from template: PlatformTemplate) -> PlatformTemplate {
        guard !names.isEmpty else { return template }
        switch template {
        case let .object(members):
            return .object(members.compactMap { member in
                if case let .variable(name) = member.value, names.contains(name) { return nil }
                return (key: member.key, value: dropping(names, from: member.value))
            })
        case let .array(items):
            return .array(items.map { dropping(names, from: $0) })
        default:
            return template
        }
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index..<(index + needle.count)
            }
            index += 1
        }
        return nil
    }
}
