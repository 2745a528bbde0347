import HuitongCore
import HuitongYAML

/// Loads every code table under a `mappings/codes/` directory and checks them, reporting every
/// problem at once with its `file:line:col`.
///
/// Checked: unknown keys; missing `table`, `label`, `entries`, `code` or `label`; a table name
/// that does not match its file (`province/kljb.yaml` holds `province.kljb`); a `platform`
/// that does not match its folder; two tables of one name; a code, label, alias or retired code
/// that stands for two entries of one table (so no lookup is ever ambiguous); a `canonical`
/// code that is not in `canonical_table`, or that two platform codes claim.
package enum CodeTableLoader {
    /// The tables under `directory` (searched recursively for `*.yaml` and `*.yml`).
    ///
    /// - Throws: ``SchemaLoadFailure`` with every problem found in every file.
    package static func load(directory: String) throws(SchemaLoadFailure) -> CodeTableSet {
        let result = collect(directory: directory)
        guard result.errors.isEmpty else { throw SchemaLoadFailure(errors: result.errors) }
        return result.tables
    }

    /// What loading a directory gave: every table that could be read (even one with
    /// problems, so that references to it are not reported again), the problems, and the files.
    struct Collected {
        var tables: CodeTableSet
        var errors: [YAMLError]
        var files: [(relative: String, path: String)]
    }

    static func collect(directory: String) -> Collected {
        var errors = ErrorCollector()
        guard MappingsDirectory.isDirectory(directory) else {
            // Loading the missing path yields the loader's own "does not exist" error for it.
            do {
                _ = try YAMLLoader.load(path: directory)
            } catch {
                error.errors.forEach { errors.add($0) }
            }
            return Collected(tables: CodeTableSet([]), errors: errors.errors, files: [])
        }
        let files = MappingsDirectory.yamlFiles(under: directory)
        var parsed: [ParsedCodeTable] = []
        for file in files {
            guard let root = MappingsDirectory.document(at: file.path, into: &errors) else { continue }
            var reader = CodeTableFileReader(root: root, relativePath: file.relative, errors: errors)
            if let table = reader.read() { parsed.append(table) }
            errors = reader.errors
        }
        crossCheck(parsed, errors: &errors)
        return Collected(tables: CodeTableSet(parsed.map(\.table)), errors: errors.errors, files: files)
    }

    /// Checks what needs every table: unique names and canonical codes that exist.
    private static func crossCheck(_ parsed: [ParsedCodeTable], errors: inout ErrorCollector) {
        var first: [String: ParsedCodeTable] = [:]
        for table in parsed {
            if let earlier = first[table.table.name] {
                errors.add(table.nameNode.error(
                    .invalidValue,
                    "duplicate table name \"\(table.table.name)\" (first in \(earlier.nameNode.mark)); rename or remove one"
                ))
            } else {
                first[table.table.name] = table
            }
        }
        for table in parsed {
            guard let canonicalName = table.table.canonicalTable, let node = table.canonicalTableNode else { continue }
            guard let target = first[canonicalName]?.table else {
                let canonicalNames = first.values.filter { $0.table.platform == nil }.map(\.table.name)
                let hint = NameSuggestion.nearest(to: canonicalName, among: canonicalNames).map { "did you mean \($0)? " } ?? ""
                errors.add(node.error(.unknownReference, "no code table named \"\(canonicalName)\"; \(hint)name a canonical table"))
                continue
            }
            guard target.platform == nil else {
                errors.add(node.error(.invalidValue, "canonical_table must name a canonical table, not the platform table \(canonicalName)"))
                continue
            }
            for (code, codeNode) in table.canonicalNodes where target.entry(code: code) == nil {
                let hint = NameSuggestion.nearest(to: code, among: target.codes).map { "did you mean \($0)? " } ?? ""
                errors.add(codeNode.error(
                    .unknownReference,
                    "canonical code \"\(code)\" is not a code of table \(canonicalName); \(hint)its codes are \(target.codes.joined(separator: ", "))"
                ))
            }
        }
    }
}

/// A table read from one file, with the nodes later checks point at.
struct ParsedCodeTable {
    let table: CodeTable
    let nameNode: YAMLNode
    let canonicalTableNode: YAMLNode?
    /// Every `canonical` code written, with its node.
    let canonicalNodes: [(code: String, node: YAMLNode)]
}
