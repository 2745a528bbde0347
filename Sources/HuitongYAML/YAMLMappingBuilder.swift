import HuitongCore

/// Collects the entries of one mapping while it is parsed, rejects duplicate keys, and
/// applies `<<` merge keys when the mapping ends.
///
/// Merge rules (the YAML merge-key convention): the value of `<<` is a mapping or a
/// sequence of mappings; keys written in the mapping itself win over merged ones wherever
/// they appear; among merged mappings the earlier one wins. Merged entries take the place
/// of the `<<` entry, in their source order. Keys that arrive through a merge are never
/// duplicate-key errors.
struct YAMLMappingBuilder {
    /// The entries written in the mapping, in order, merge keys left out.
    private var entries: [YAMLMappingEntry] = []
    /// The mappings each `<<` brings in, with the number of entries written before it.
    private var merges: [(position: Int, sources: [YAMLNode])] = []
    /// Where each explicitly written key first appeared.
    private var explicitKeys: [YAMLKeyIdentity: SourceLocation] = [:]
    /// The key waiting for its value.
    private var pendingKey: YAMLNode?

    /// Takes the next node of the mapping (keys and values alternate) and returns the
    /// errors it causes.
    mutating func add(_ node: YAMLNode) -> [YAMLError] {
        guard let key = pendingKey else {
            pendingKey = node
            return []
        }
        pendingKey = nil
        // A stand-in key (an undefined alias) already has its error; do not compare it.
        if !key.isStandIn, let identity = YAMLKeyIdentity(key) {
            if let first = explicitKeys.updateValue(key.mark, forKey: identity) {
                explicitKeys[identity] = first
                return [duplicateKeyError(key, first: first)]
            }
        }
        if Self.isMergeKey(key) {
            return addMerge(node)
        }
        entries.append(YAMLMappingEntry(key: key, value: node))
        return []
    }

    /// The entries in document order, merges applied.
    func build() -> [YAMLMappingEntry] {
        // The common case, no `<<`: hand over the array without copying it.
        guard !merges.isEmpty else { return entries }
        var result: [YAMLMappingEntry] = []
        var mergedKeys: Set<YAMLKeyIdentity> = []
        var written = 0
        for merge in merges {
            result.append(contentsOf: entries[written..<merge.position])
            written = merge.position
            for case .mapping(let sourceEntries) in merge.sources.lazy.map(\.content) {
                for entry in sourceEntries {
                    if let identity = YAMLKeyIdentity(entry.key) {
                        guard explicitKeys[identity] == nil, mergedKeys.insert(identity).inserted else { continue }
                    }
                    result.append(entry)
                }
            }
        }
        result.append(contentsOf: entries[written...])
        return result
    }

    /// A plain `<<`; a quoted `"<<"` is an ordinary key.
    private static func isMergeKey(_ key: YAMLNode) -> Bool {
        guard case .scalar(let scalar) = key.content else { return false }
        return scalar.style == .plain && scalar.text == "<<"
    }

    private mutating func addMerge(_ value: YAMLNode) -> [YAMLError] {
        switch value.content {
        case .mapping:
            merges.append((entries.count, [value]))
            return []
        case .sequence(let items):
            let errors = items.filter { !$0.isStandIn && !Self.isMapping($0) }.map(Self.invalidMergeError)
            merges.append((entries.count, items.filter(Self.isMapping)))
            return errors
        case .scalar:
            // A stand-in already has its own error (undefined alias, depth limit).
            return value.isStandIn ? [] : [Self.invalidMergeError(value)]
        }
    }

    private static func isMapping(_ node: YAMLNode) -> Bool {
        if case .mapping = node.content { true } else { false }
    }

    private static func invalidMergeError(_ node: YAMLNode) -> YAMLError {
        YAMLError(
            .invalidMerge,
            "the merge key << needs a mapping or a sequence of mappings here, found \(YAMLNode.kindDescription(node)); use an alias to a mapping, such as <<: *defaults",
            at: node.mark,
            in: node.source
        )
    }

    private func duplicateKeyError(_ key: YAMLNode, first: SourceLocation) -> YAMLError {
        YAMLError(
            .duplicateKey,
            "duplicate key \(YAMLKeyIdentity.describe(key)) (first at line \(first.line), column \(first.column)); keys must be unique within a mapping; remove or rename one",
            at: key.mark,
            in: key.source
        )
    }
}
