import HuitongCore

/// Collects errors while turning YAML into configuration objects, so one bad entry does not
/// hide the next and the operator sees every problem of a file in one pass.
package struct YAMLErrorCollector: Sendable {
    package private(set) var errors: [YAMLError] = []

    package init() {}

    package mutating func add(_ error: YAMLError) { errors.append(error) }

    /// Runs `body`; on error records it and returns nil.
    package mutating func attempt<T>(_ body: () throws(YAMLError) -> T) -> T? {
        do {
            return try body()
        } catch {
            errors.append(error)
            return nil
        }
    }
}

extension YAMLNode {
    /// The entries of a mapping node whose keys are all in `allowed`; reports the others
    /// (with the nearest allowed name as a suggestion) and a node that is not a mapping.
    package func entries(allowing allowed: Set<String>, what: String, into collector: inout YAMLErrorCollector) -> [String: YAMLNode] {
        guard let entries = mappingEntries else {
            collector.add(error(.typeMismatch, "\(what) must be a mapping of keys to values"))
            return [:]
        }
        var result: [String: YAMLNode] = [:]
        for entry in entries {
            let key = entry.key.scalar?.text ?? ""
            if allowed.contains(key) {
                result[key] = entry.value
            } else {
                let hint = NameSuggestion.nearest(to: key, among: allowed).map { "did you mean \"\($0)\"? " } ?? ""
                collector.add(entry.key.error(
                    .unknownKey,
                    "\(what) has no key \(entry.key.quotedKeyText()); \(hint)allowed: \(allowed.sorted().joined(separator: ", "))"
                ))
            }
        }
        return result
    }

    /// The node's value as a `Value`: scalars by their core-schema resolution (an integer
    /// too large for `Int64` stays text), sequences as arrays, mappings as objects in order.
    package var constantValue: Value {
        switch content {
        case let .scalar(scalar):
            switch scalar.resolution {
            case .null: return .null
            case let .bool(flag): return .bool(flag)
            case let .int(number): return .integer(number)
            case let .float(number): return .double(number)
            case .integerOutOfRange, .string: return .string(scalar.text)
            }
        case let .sequence(items):
            return .array(items.map(\.constantValue))
        case let .mapping(entries):
            var object = OrderedObject()
            for entry in entries { object[entry.key.scalar?.text ?? ""] = entry.value.constantValue }
            return .object(object)
        }
    }
}
