import Foundation
import HuitongCore
import HuitongMapping

/// What `huitong plugin new NAME --lang LANGUAGE --entity ENTITY` writes: a working Singer tap
/// (Python with the standard library only, or POSIX shell) over a JSON Lines file, its manifest,
/// a source mapping to the entity, a fixture whose records map without a set-aside row, the
/// source `huitong plugin test` runs it with, and a README. The files are values: the command
/// writes them, the tests read them.
package struct PluginScaffold: Sendable {
    package enum Language: String, Sendable, CaseIterable {
        case python
        case shell
    }

    /// One file to write: its path under the plugins directory (`plugins`) or the mappings
    /// directory (`mappings`), its text, and whether it is executable.
    package struct File: Sendable, Equatable {
        package enum Root: Sendable, Equatable { case plugins, mappings }
        package let root: Root
        package let path: String
        package let text: String
        package let executable: Bool
    }

    package let name: String
    package let language: Language
    package let entity: SchemaEntity
    /// The fields of the fixture and the mapping: the entity's key and required parameters.
    package let fields: [SchemaParameter]
    /// Parameters whose example value could not be made from their rule (a pattern no example
    /// fits): the fixture holds `TODO` for them, to be replaced by a real value.
    package private(set) var unresolved: [String] = []
    private var examples: [String: [String]] = [:]

    /// A plugin name: lower-case letters, digits and hyphens, starting with a letter.
    package static func nameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), allowed, name.count <= 64 else {
            return "a plugin name is lower-case letters, digits and hyphens, starting with a letter (such as tap-shelter-db), at most 64 characters"
        }
        return nil
    }

    package init(name: String, language: Language, entity: SchemaEntity, codeTables: CodeTableSet) {
        self.name = name
        self.language = language
        self.entity = entity
        let key = Set(entity.key)
        fields = entity.parameters.filter { key.contains($0.name) || $0.rule.required }
        for parameter in fields {
            var rows: [String] = []
            for row in 1...Self.fixtureRows {
                guard let text = Self.example(parameter, row: row, codeTables: codeTables, key: key.contains(parameter.name)) else {
                    unresolved.append(parameter.name)
                    rows = Array(repeating: "TODO", count: Self.fixtureRows)
                    break
                }
                rows.append(text)
            }
            examples[parameter.name] = rows
        }
    }

    static let fixtureRows = 3

    package var stream: String { name }
    private var executable: String { language == .python ? "tap.py" : "tap.sh" }
    private var directory: String { "sources/\(name)" }
    package var mappingFile: String { "sources/\(name).yaml" }

    package var files: [File] {
        [
            File(root: .plugins, path: "\(directory)/plugin.yaml", text: manifest, executable: false),
            File(root: .plugins, path: "\(directory)/\(executable)", text: language == .python ? pythonTap : shellTap, executable: true),
            File(root: .plugins, path: "\(directory)/fixture.jsonl", text: fixture, executable: false),
            File(root: .plugins, path: "\(directory)/conformance.yaml", text: conformance, executable: false),
            File(root: .plugins, path: "\(directory)/README.md", text: readme, executable: false),
            File(root: .mappings, path: mappingFile, text: mapping, executable: false),
        ]
    }

    // MARK: - The fixture's values

    /// A source text for `parameter` in fixture row `row` that the mapping turns into a value the
    /// schema accepts, or nil when none of the tried examples fits the rule.
    static func example(_ parameter: SchemaParameter, row: Int, codeTables: CodeTableSet, key: Bool) -> String? {
        let rule = parameter.rule
        func fits(_ value: Value) -> Bool { rule.violations(of: value, codeTables: codeTables).isEmpty }
        switch rule.type {
        case .string:
            let unique = ["\(parameter.name.uppercased().replacingOccurrences(of: "_", with: "-"))-000\(row)", "SAMPLE-000\(row)"]
            let plain = ["示例\(rule.label ?? parameter.name)\(row)", "sample \(row)"]
            let shaped = ["1380000000\(row)", "91320600MA1X00000\(row)", "0000000000000000\(row)"]
            return (key ? unique + shaped : plain + unique + shaped).first { fits(.string($0)) }
        case .integer:
            if let table = rule.codes {
                return codeTables[table]?.codes.first { Int64($0).map { fits(.integer($0)) } ?? false }
            }
            return [Int64(row), 1, 0, 10, 100, 1000, -1].first { fits(.integer($0)) }.map { String($0) }
        case .decimal:
            return [Double(row) + 0.5, 1, 0, 10.5, 50, 100, -10].first { fits(.double($0)) }.map { "\($0)" }
        case .boolean:
            return row % 2 == 1 ? "true" : "false"
        case .date:
            return "2026-01-0\(row)"
        case .datetime:
            return "2026-01-0\(row) 08:00:00"
        case .code:
            guard let table = rule.codes.flatMap({ codeTables[$0] }) else { return nil }
            let codes = table.codes
            return codes.isEmpty ? nil : codes[(row - 1) % codes.count]
        case .point:
            return "120.86\(row),32.01\(row)"
        case .area:
            return "32.0,120.8 32.1,120.8 32.1,120.9 32.0,120.8"
        }
    }

    /// The fixture record of row `row`: a point's two coordinates are two source fields.
    private func record(_ row: Int) -> OrderedObject {
        var record = OrderedObject()
        for parameter in fields {
            let text = examples[parameter.name]![row - 1]
            if parameter.rule.type == .point {
                let parts = text.split(separator: ",").map(String.init)
                record["\(parameter.name)_lon"] = .string(parts.first ?? "TODO")
                record["\(parameter.name)_lat"] = .string(parts.count > 1 ? parts[1] : "TODO")
            } else {
                record[parameter.name] = .string(text)
            }
        }
        return record
    }

    private var sourceFields: [String] {
        fields.flatMap { $0.rule.type == .point ? ["\($0.name)_lon", "\($0.name)_lat"] : [$0.name] }
    }

    var fixture: String {
        (1...Self.fixtureRows).map { (try? JSONWriter().string(for: .object(record($0)))) ?? "{}" }.joined(separator: "\n") + "\n"
    }

    // MARK: - The mapping

    private func steps(_ parameter: SchemaParameter) -> String? {
        let rule = parameter.rule
        switch rule.type {
        case .string: return nil
        case .integer: return rule.codes.map { "[integer, {lookup: {table: \($0), match: [code]}}]" } ?? "[integer]"
        case .decimal: return "[number]"
        case .boolean: return #"[{to_bool: {true: ["true"], false: ["false"]}}]"#
        case .date: return "[date]"
        case .datetime: return #"[{datetime: {formats: ["yyyy-MM-dd HH:mm:ss"], zone: "+08:00"}}]"#
        case .code: return "[{lookup: {table: \(rule.codes ?? "TODO"), match: [code, label, alias]}}]"
        case .point: return "[number, point]"
        case .area: return "[polygon]"
        }
    }

    var mapping: String {
        var lines = [
            "# \(name) → \(entity.name) (\(entity.label)): made by `huitong plugin new`. Each field below is",
            "# one of the entity's key or required parameters, read from the field of the same name.",
            "# Rename the `from:` fields to your system's, add the steps it needs (docs/mapping-language.md),",
            "# and map the optional parameters listed at the end.",
            "mapping: \(name)",
            "kind: source",
            "version: 1",
            "description: \(name) records → the shared \(entity.name) entity.",
            "",
            "input:",
            "  source: \(name)",
            "  fields:",
        ]
        lines += sourceFields.map { "    \($0): string" }
        lines += ["", "output:", "  entity: \(entity.name)", "", "fields:"]
        for parameter in fields {
            let from = parameter.rule.type == .point ? "[\(parameter.name)_lon, \(parameter.name)_lat]" : parameter.name
            if let steps = steps(parameter) {
                lines += ["  \(parameter.name):", "    from: \(from)", "    steps: \(steps)"]
            } else {
                lines.append("  \(parameter.name): {from: \(from)}")
            }
        }
        let optional = entity.parameters.filter { parameter in !fields.contains { $0.name == parameter.name } }
        if !optional.isEmpty {
            lines += ["", "# The entity's optional parameters, not mapped yet:"]
            lines += optional.map { "#   \($0.name): \($0.rule.type)\($0.rule.label.map { ", \($0)" } ?? "")" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - The plugin's own files

    var manifest: String {
        """
        # \(name): a Singer tap made by `huitong plugin new` (\(language.rawValue)). It reads the JSON Lines
        # file given as `path` and writes each line as a RECORD of the stream \(stream); its state is
        # the number of lines read, so a run given the state reads only the lines added since.
        # A job names it:  source: {adapter: \(name), path: exports/\(name).jsonl}
        # Check it with:   huitong plugin test \(name)
        plugin: \(name)
        kind: source
        version: "0.1.0"
        description: Singer tap (\(language == .python ? "Python, standard library" : "POSIX shell")) over a JSON Lines file of \(entity.name) records
        runtime:
          process:
            command: [\(language == .python ? "python3" : "sh"), \(executable)]
            protocol: singer
            stream: \(stream)
            time_limit_seconds: 300
            max_line_bytes: 1048576
        incremental: true
        entity: \(entity.name)
        mapping: \(mappingFile)
        options:
          path: {type: path, required: true, description: "the JSON Lines file to read, relative to huitong.yaml"}

        """
    }

    var conformance: String {
        """
        # What `huitong plugin test \(name)` runs the plugin with: a source exactly as a job writes it,
        # paths relative to this directory. The test runs it twice (the second time with the state
        # the first returned) and once with a configuration missing its required options.
        source: {adapter: \(name), path: fixture.jsonl}

        """
    }

    private var keyJSON: String { "[" + entity.key.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
    private var schemaJSON: String {
        "{\"type\":\"object\",\"properties\":{" + sourceFields.map { "\"\($0)\":{\"type\":[\"string\",\"null\"]}" }.joined(separator: ",") + "}}"
    }

    var pythonTap: String {
        """
        #!/usr/bin/env python3
        \"\"\"\(name): a Singer tap (Python standard library only), made by `huitong plugin new`.

            tap.py --config CONFIG [--state STATE] [--catalog CATALOG]
            tap.py --config CONFIG --discover

        CONFIG holds "path", a JSON Lines file; each line is written as a RECORD of the stream
        "\(stream)". The state is the number of lines read: a run given it starts after them, so a
        file that only grows is read incrementally (a file shorter than the state is read again
        from its start). Replace read_lines() with your system's reader and keep the rest.
        Standard output carries Singer messages only; say anything else on standard error.
        \"\"\"
        import argparse
        import json
        import sys

        STREAM = "\(stream)"
        KEY = \(keyJSON)
        SCHEMA = \(schemaJSON)


        def emit(message):
            sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\\n")


        def state_message(offset):
            return {"type": "STATE", "value": {"bookmarks": {STREAM: {"offset": offset}}}}


        def read_lines(path):
            # The file's lines as bytes, split at line feeds only (JSON strings may hold U+2028,
            # which str.splitlines() would break at), the last one even without a line feed.
            try:
                with open(path, "rb") as handle:
                    return [line.rstrip(b"\\r\\n") for line in handle]
            except OSError as error:
                raise SystemExit(f"\(name): cannot read {path}: {error}")


        def main():
            parser = argparse.ArgumentParser(description="Singer tap over a JSON Lines file")
            parser.add_argument("--config", required=True)
            parser.add_argument("--state")
            parser.add_argument("--catalog")
            parser.add_argument("--properties")
            parser.add_argument("--discover", action="store_true")
            arguments = parser.parse_args()
            with open(arguments.config, encoding="utf-8") as handle:
                config = json.load(handle)
            path = config.get("path")
            if not path:
                raise SystemExit("\(name): the config has no \\"path\\" (the JSON Lines file to read)")
            if arguments.discover:
                emit({"streams": [{"tap_stream_id": STREAM, "stream": STREAM, "schema": SCHEMA, "key_properties": KEY,
                                   "metadata": [{"breadcrumb": [], "metadata": {"selected-by-default": True}}]}]})
                return
            offset = 0
            if arguments.state:
                with open(arguments.state, encoding="utf-8") as handle:
                    offset = int(json.load(handle).get("bookmarks", {}).get(STREAM, {}).get("offset", 0))
            lines = read_lines(path)
            if offset > len(lines):
                print(f"\(name): {path} has {len(lines)} lines, fewer than the {offset} already read; reading it from the start", file=sys.stderr)
                offset = 0
            emit({"type": "SCHEMA", "stream": STREAM, "schema": SCHEMA, "key_properties": KEY})
            emitted = 0
            for number, line in enumerate(lines[offset:], start=offset + 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line.decode("utf-8"))
                except ValueError as error:
                    raise SystemExit(f"\(name): {path}:{number}: not JSON ({error})")
                emit({"type": "RECORD", "stream": STREAM, "record": record})
                emitted += 1
                if emitted % 1000 == 0:
                    emit(state_message(number))
            emit(state_message(len(lines)))
            print(f"\(name): {emitted} records from line {offset + 1} of {path}", file=sys.stderr)


        if __name__ == "__main__":
            main()

        """
    }

    var shellTap: String {
        """
        #!/bin/sh
        # \(name): a Singer tap (POSIX shell), made by `huitong plugin new`.
        #
        #   tap.sh --config CONFIG [--state STATE] [--catalog CATALOG]
        #   tap.sh --config CONFIG --discover
        #
        # CONFIG holds "path", a JSON Lines file (a path without a double quote or a backslash);
        # each line, one JSON object, is written as a RECORD of the stream "\(stream)". The state is
        # the number of lines read: a run given it starts after them (a file shorter than the state
        # is read again from its start). Standard output carries Singer messages only.
        set -eu
        STREAM='\(stream)'
        KEY='\(keyJSON)'
        SCHEMA='\(schemaJSON)'

        config='' state='' discover=''
        while [ $# -gt 0 ]; do
            case "$1" in
                --config) config=$2; shift 2 ;;
                --state) state=$2; shift 2 ;;
                --catalog|--properties) shift 2 ;;
                --discover) discover=1; shift ;;
                *) echo "\(name): unknown argument $1" >&2; exit 2 ;;
            esac
        done
        [ -n "$config" ] || { echo "\(name): --config FILE is required" >&2; exit 2; }
        path=$(sed -n 's/.*"path" *: *"\\([^"]*\\)".*/\\1/p' "$config")
        [ -n "$path" ] || { echo "\(name): the config has no \\"path\\" (the JSON Lines file to read)" >&2; exit 1; }
        if [ -n "$discover" ]; then
            printf '{"streams":[{"tap_stream_id":"%s","stream":"%s","schema":%s,"key_properties":%s,"metadata":[{"breadcrumb":[],"metadata":{"selected-by-default":true}}]}]}\\n' \\
                "$STREAM" "$STREAM" "$SCHEMA" "$KEY"
            exit 0
        fi
        [ -r "$path" ] || { echo "\(name): cannot read $path" >&2; exit 1; }
        offset=0
        if [ -n "$state" ]; then
            offset=$(sed -n 's/.*"offset" *: *\\([0-9][0-9]*\\).*/\\1/p' "$state")
            offset=${offset:-0}
        fi
        # Lines as awk counts them: the last one too when it has no line break.
        lines=$(awk 'END { print NR }' "$path")
        if [ "$offset" -gt "$lines" ]; then
            echo "\(name): $path has $lines lines, fewer than the $offset already read; reading it from the start" >&2
            offset=0
        fi
        printf '{"type":"SCHEMA","stream":"%s","schema":%s,"key_properties":%s}\\n' "$STREAM" "$SCHEMA" "$KEY"
        tail -n +"$((offset + 1))" "$path" | head -n "$((lines - offset))" | while IFS= read -r line || [ -n "$line" ]; do
            [ -n "$line" ] || continue
            printf '{"type":"RECORD","stream":"%s","record":%s}\\n' "$STREAM" "$line"
        done
        printf '{"type":"STATE","value":{"bookmarks":{"%s":{"offset":%s}}}}\\n' "$STREAM" "$lines"
        echo "\(name): read $path from line $((offset + 1))" >&2

        """
    }

    var readme: String {
        """
        # \(name)

        A source plugin for Huitong made by `huitong plugin new \(name) --lang \(language.rawValue) --entity \(entity.name)`:
        a Singer tap (\(language == .python ? "Python, standard library only" : "POSIX shell")) that reads a JSON Lines file
        and feeds the shared schema's `\(entity.name)` entity (\(entity.label)) through the source mapping
        `mappings/\(mappingFile)`.

        | file | what it is |
        | --- | --- |
        | `plugin.yaml` | the manifest: how the hub runs the tap, the options a job gives it |
        | `\(executable)` | the tap: replace its reading with your system's, keep its messages |
        | `fixture.jsonl` | \(Self.fixtureRows) records that map without a set-aside row |
        | `conformance.yaml` | the source `huitong plugin test` runs the tap with |

        Try it, then wire it into a job:

        ```sh
        huitong plugin test \(name)          # the conformance checks, a pass/fail list
        huitong check                        # the manifest, the mapping, the jobs
        ```

        ```yaml
        jobs:
          \(name):
            source: {adapter: \(name), path: exports/\(name).jsonl}
            targets: …
        ```

        The tap's state is the number of lines read, so each run sends only what was appended
        since the last complete run. See docs/plugins.md for the Singer messages, the limits the hub
        enforces and how the state is kept.

        """
    }
}
