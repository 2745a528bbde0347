import HuitongCore

extension Schema {
    /// The data dictionary a person reads: for each entity a heading with its label and
    /// description, its key, a table of its parameters, and the code lists they use.
    ///
    /// - Parameter entityNames: the entities to show, in this order; `nil` for all of them, under
    ///   a heading with the schema's version and content hash.
    package func markdown(entityNames: [String]? = nil) -> String {
        var lines: [String] = []
        let shown = entityNames.map { $0.compactMap(entity(named:)) } ?? entities
        if entityNames == nil {
            lines += [
                "# \(label) (schema \(version))", "",
                MarkdownText.paragraph(description), "",
                "Schema version **\(version)**, content hash `sha256:\(contentHash.hex)`. Conventions: `mappings/schema/README.md`.", "",
            ]
            lines += shown.map { "- [`\($0.name)` — \($0.label)](#\($0.name))" } + [""]
        }
        let level = entityNames == nil ? "##" : "#"
        for entity in shown {
            lines += markdownSection(for: entity, heading: level)
        }
        return lines.joined(separator: "\n")
    }

    private func markdownSection(for entity: SchemaEntity, heading: String) -> [String] {
        var lines = [
            // An explicit anchor: the heading's own slug depends on the renderer's handling of CJK.
            "<a id=\"\(entity.name)\"></a>", "",
            "\(heading) \(entity.name) — \(entity.label)", "",
            MarkdownText.paragraph(entity.description), "",
            "Key: " + entity.key.map { "`\($0)`" }.joined(separator: ", ") + " · schema \(version)", "",
            "| parameter | 中文标签 | type | unit | required | constraints | description |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for parameter in entity.parameters {
            let rule = parameter.rule
            let cells = [
                "`\(parameter.name)`", rule.label ?? "", rule.type.rawValue, rule.unit ?? "", rule.required ? "yes" : "no",
                rule.constraintPhrases.map { "`\($0)`" }.joined(separator: "; "), rule.description ?? "",
            ]
            lines.append("| " + cells.map(MarkdownText.cell).joined(separator: " | ") + " |")
        }
        lines.append("")
        let tables = entity.codeTableNames.compactMap { codeTables[$0] }
        if !tables.isEmpty {
            lines += ["\(heading)# Code lists of \(entity.name)", ""]
            for table in tables {
                lines += markdownCodeList(table, heading: heading + "##")
            }
        }
        return lines
    }

    private func markdownCodeList(_ table: CodeTable, heading: String) -> [String] {
        var lines = ["\(heading) `\(table.name)` — \(table.label)", ""]
        if !table.description.isEmpty { lines += [MarkdownText.paragraph(table.description), ""] }
        for entry in table.entries {
            var line = "- `\(entry.code)` — \(entry.label)"
            var notes: [String] = []
            if !entry.aliases.isEmpty { notes.append("aliases: " + entry.aliases.joined(separator: ", ")) }
            if !entry.retired.isEmpty { notes.append("retired codes: " + entry.retired.joined(separator: ", ")) }
            if !notes.isEmpty { line += " (" + notes.joined(separator: "; ") + ")" }
            lines.append(line)
        }
        lines.append("")
        return lines
    }
}

/// Text made safe for the places it lands in Markdown.
enum MarkdownText {
    /// One line: folded YAML text may hold line breaks, which would end a table row.
    static func paragraph(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// A table cell: one line, and `|` escaped so it does not start a new cell (GitHub
    /// Markdown needs the escape inside code spans too).
    static func cell(_ text: String) -> String {
        paragraph(text).split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
