import HuitongCore
import HuitongYAML

/// Reads one code-table file and checks it on its own (see ``CodeTableLoader`` for the list).
struct CodeTableFileReader {
    let root: YAMLNode
    /// The file's path under `mappings/codes/` (`province/kljb.yaml`).
    let relativePath: String
    var errors: ErrorCollector

    static let tableKeys: Set<String> = ["table", "label", "description", "platform", "canonical_table", "entries"]
    static let entryKeys: Set<String> = ["code", "label", "aliases", "retired", "history", "canonical"]

    /// The table name its file implies: the path without `.yaml`, with `.` for `/`.
    var expectedName: String {
        let withoutExtension = relativePath.hasSuffix(".yaml") ? relativePath.dropLast(5) : relativePath.dropLast(4)
        return withoutExtension.split(separator: "/").joined(separator: ".")
    }

    /// The platform its folder implies (`province` for `province/kljb.yaml`), or `nil` at the top.
    var expectedPlatform: String? {
        let parts = relativePath.split(separator: "/")
        return parts.count > 1 ? String(parts[0]) : nil
    }

    mutating func read() -> ParsedCodeTable? {
        let keys = root.entries(allowing: Self.tableKeys, what: "a code table", into: &errors)
        guard root.mappingEntries != nil else { return nil }
        for key in ["table", "label", "entries"] where keys[key] == nil {
            errors.add(root.error(.missingKey, "a code table needs \"\(key)\""))
        }
        guard let nameNode = keys["table"], let name = text(nameNode) else { return nil }
        if name != expectedName {
            errors.add(nameNode.error(.invalidValue, "the table in \(relativePath) must be named \"\(expectedName)\", not \"\(name)\"; rename the table or move the file"))
        }
        let platform = keys["platform"].flatMap { text($0) }
        checkPlatform(platform, node: keys["platform"])
        let canonicalTable = keys["canonical_table"].flatMap { text($0) }
        let (entries, canonicalNodes) = keys["entries"].map { readEntries($0, hasCanonicalTable: canonicalTable != nil) } ?? ([], [])
        let table = CodeTable(
            name: name,
            label: keys["label"].flatMap { text($0) } ?? "",
            description: keys["description"].flatMap { text($0) } ?? "",
            platform: platform,
            canonicalTable: canonicalTable,
            entries: entries,
            file: root.mark.file,
            mark: root.mark
        )
        return ParsedCodeTable(table: table, nameNode: nameNode, canonicalTableNode: keys["canonical_table"], canonicalNodes: canonicalNodes)
    }

    private mutating func checkPlatform(_ platform: String?, node: YAMLNode?) {
        switch (expectedPlatform, platform) {
        case let (expected?, nil):
            errors.add(root.error(.missingKey, "a table under \(expected)/ is that platform's code list; add platform: \(expected)"))
        case let (nil, given?):
            errors.add((node ?? root).error(.invalidValue, "platform \(given) is for tables under \(given)/; move the file there or remove the key"))
        case let (expected?, given?) where expected != given:
            errors.add((node ?? root).error(.invalidValue, "a table under \(expected)/ belongs to platform \(expected), not \(given)"))
        default:
            break
        }
    }

    /// A non-empty string.
    private mutating func text(_ node: YAMLNode) -> String? {
        guard let text = errors.attempt({ () throws(YAMLError) in try node.requireString() }) else { return nil }
        guard !text.isEmpty else {
            errors.add(node.error(.invalidValue, "expected text here, found an empty string"))
            return nil
        }
        return text
    }

    private mutating func texts(_ node: YAMLNode) -> [(String, YAMLNode)] {
        if node.scalar != nil, let single = text(node) { return [(single, node)] }
        guard let items = errors.attempt({ () throws(YAMLError) in try node.requireSequence() }) else { return [] }
        return items.compactMap { item in text(item).map { ($0, item) } }
    }

    private mutating func readEntries(
        _ node: YAMLNode, hasCanonicalTable: Bool
    ) -> (entries: [CodeEntry], canonical: [(code: String, node: YAMLNode)]) {
        guard let items = errors.attempt({ () throws(YAMLError) in try node.requireSequence() }) else { return ([], []) }
        var entries: [CodeEntry] = []
        var canonicalNodes: [(code: String, node: YAMLNode)] = []
        var claims = TextClaims()
        for item in items {
            let keys = item.entries(allowing: Self.entryKeys, what: "a code table entry", into: &errors)
            guard item.mappingEntries != nil else { continue }
            for key in ["code", "label"] where keys[key] == nil {
                errors.add(item.error(.missingKey, "a code table entry needs \"\(key)\""))
            }
            guard let code = keys["code"].flatMap({ text($0) }), let label = keys["label"].flatMap({ text($0) }) else { continue }
            let aliases = keys["aliases"].map { texts($0) } ?? []
            let retired = keys["retired"].map { texts($0) } ?? []
            let canonical = keys["canonical"].map { texts($0) } ?? []
            if !canonical.isEmpty, !hasCanonicalTable, let canonicalNode = keys["canonical"] {
                errors.add(canonicalNode.error(.invalidValue, "canonical codes need canonical_table at the top of the file, naming the table they belong to"))
            }
            let position = entries.count
            var columns: [(column: String, text: String, node: YAMLNode)] = [("code", code, keys["code"]!), ("label", label, keys["label"]!)]
            columns += aliases.map { ("alias", $0.0, $0.1) } + retired.map { ("retired code", $0.0, $0.1) }
            for claim in columns {
                if let problem = claims.claim(claim.text, column: claim.column, entry: position, code: code, node: claim.node) {
                    errors.add(problem)
                }
            }
            for (text, textNode) in canonical {
                if let problem = claims.claimCanonical(text, entry: position, code: code, node: textNode) { errors.add(problem) }
                canonicalNodes.append((text, textNode))
            }
            entries.append(CodeEntry(
                code: code, label: label, aliases: aliases.map(\.0), retired: retired.map(\.0),
                history: keys["history"].map { readHistory($0) } ?? [], canonical: canonical.map(\.0), mark: item.mark
            ))
        }
        return (entries, canonicalNodes)
    }

    private mutating func readHistory(_ node: YAMLNode) -> [CodeHistoryNote] {
        guard let items = errors.attempt({ () throws(YAMLError) in try node.requireSequence() }) else { return [] }
        return items.compactMap { item in
            let keys = item.entries(allowing: ["change", "since"], what: "a history note", into: &errors)
            guard item.mappingEntries != nil else { return nil }
            guard let changeNode = keys["change"] else {
                errors.add(item.error(.missingKey, "a history note needs \"change\": what changed"))
                return nil
            }
            guard let change = text(changeNode) else { return nil }
            return CodeHistoryNote(change: change, since: keys["since"].flatMap { text($0) })
        }
    }
}

/// Which entry each text of a table stands for, so a text that would make a lookup ambiguous
/// is reported where it is written.
private struct TextClaims {
    private var owners: [String: (entry: Int, column: String, code: String, node: YAMLNode)] = [:]
    private var canonicalOwners: [String: (entry: Int, code: String, node: YAMLNode)] = [:]

    /// Records that `text` in `column` stands for entry `entry`; the error when another entry has it.
    mutating func claim(_ text: String, column: String, entry: Int, code: String, node: YAMLNode) -> YAMLError? {
        guard let owner = owners[text] else {
            owners[text] = (entry, column, code, node)
            return nil
        }
        guard owner.entry != entry else { return nil }
        let place = "line \(owner.node.mark.line), column \(owner.node.mark.column)"
        if column == "code" && owner.column == "code" {
            return node.error(.invalidValue, "duplicate code \"\(text)\" (first at \(place)); codes must be unique within a table")
        }
        return node.error(
            .invalidValue,
            "\(column) \"\(text)\" of \(code) is already the \(owner.column) of \(owner.code) (\(place)); a text may stand for one code only"
        )
    }

    /// Records that platform code `code` stands for canonical `text`; the error when another does.
    mutating func claimCanonical(_ text: String, entry: Int, code: String, node: YAMLNode) -> YAMLError? {
        guard let owner = canonicalOwners[text] else {
            canonicalOwners[text] = (entry, code, node)
            return nil
        }
        guard owner.entry != entry else { return nil }
        return node.error(
            .invalidValue,
            "canonical code \"\(text)\" already has the platform code \(owner.code) (line \(owner.node.mark.line)); each canonical code may have one"
        )
    }
}
