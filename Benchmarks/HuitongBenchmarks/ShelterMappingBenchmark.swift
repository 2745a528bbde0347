import Foundation
import HuitongCore
import HuitongMapping

/// Mapping throughput on the shelter registry, the largest source: read a JSON Lines export,
/// map every row with `mappings/sources/shelter-registry.yaml`, apply its dedupe rule over the
/// read, and write each surviving record's canonical JSON into one reused buffer, summing the
/// bytes and counting mapped and set-aside rows so that nothing can be optimised away.
///
/// A hand-written python3 script does the same steps on the same file as a baseline (see
/// ``ShelterMappingPythonBaseline``); both sides must agree on the counts, the warnings and
/// the output bytes. The map step is also timed alone, on rows parsed beforehand.
enum ShelterMappingBenchmark {
    static let benchmark = Benchmark(
        name: "mapping-shelter",
        summary: "shelter-registry rows: JSON Lines read + mapping + dedupe + canonical write, against a python3 script",
        run: run
    )

    /// Registry rows generated when `--rows` is not given: a large city's export.
    static let defaultRows = 200_000

    /// The source mapping under the mappings directory's `sources/`.
    private static let mappingFile = "shelter-registry.yaml"

    /// What one timed pass produced.
    private struct Measurement {
        var mapped = 0
        var setAside = 0
        var skipped = 0
        var warnings = 0
        var outputBytes = 0
        var unknownValues = 0
        var seconds = 0.0
    }

    private static func run(_ settings: BenchmarkSettings) throws {
        let (schema, mapping) = try load(MappingsDirectory(path: settings.mappingsPath))

        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("huitong-bench-shelter-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let path = settings.keepPath ?? scratch + "/shelters.jsonl"
        let rows = settings.records ?? defaultRows
        let inputBytes = try ShelterRegistryFile.write(rows: rows, to: path)

        var best: Measurement?
        for _ in 0..<settings.runs {
            let measurement = try measurePipeline(path, mapping: mapping)
            if let fastest = best, fastest.seconds <= measurement.seconds { continue }
            best = measurement
        }
        guard let huitong = best else { return }
        let records = try parsedRecords(path)
        var mapSeconds = Double.infinity
        for _ in 0..<settings.runs {
            mapSeconds = min(mapSeconds, measureMapStep(records, mapping: mapping))
        }

        let megabytes = Double(inputBytes) / 1e6
        var line = "Mapping shelter registry → \(mapping.output.name), \(grouped(rows)) rows (\(fixed(megabytes, 1)) MB): "
        line += "huitong \(rate(rows, per: huitong.seconds)) rec/s (\(fixed(megabytes / huitong.seconds, 1)) MB/s)"
        var mapLine = "map step alone (rows parsed beforehand): huitong \(rate(rows, per: mapSeconds)) rec/s"
        var notes: [String] = []
        var python: ShelterMappingPythonBaseline.Result?
        if settings.runsBaselines {
            do {
                let codesPath = scratch + "/codes.json"
                try writeCodeTables(schema.codeTables, to: codesPath)
                python = try ShelterMappingPythonBaseline.run(on: path, codeTables: codesPath, runs: settings.runs)
            } catch {
                line += " | python3: not run (\(error))"
            }
        }
        if let python {
            line += " | python3 \(rate(rows, per: python.seconds)) rec/s | ratio \(fixed(python.seconds / huitong.seconds, 1))x"
            mapLine += " | python3 \(rate(rows, per: python.mapSeconds)) rec/s (timed per row)"
            mapLine += " | ratio \(fixed(python.mapSeconds / mapSeconds, 1))x"
            notes.append(check(huitong, against: python))
        } else {
            notes.append("mapped \(grouped(huitong.mapped)) and set aside \(grouped(huitong.setAside)) rows")
        }
        notes.append(mapLine)
        if huitong.skipped > 0 {
            notes.append("\(grouped(huitong.skipped)) rows skipped by a filter rule")
        }
        if settings.keepPath != nil {
            notes.append("data kept in \(path)")
        }
        print(line)
        for note in notes {
            print("  " + note)
        }
    }

    /// The schema with its code tables and the compiled shelter mapping, which has a dedupe rule.
    private static func load(_ mappings: MappingsDirectory) throws -> (Schema, CompiledMapping) {
        let schema: Schema
        let mapping: CompiledMapping
        do {
            schema = try SchemaLoader.load(mappings: mappings)
            mapping = try MappingCompiler(schema: schema).compile(path: mappings.sourcesDirectory + "/" + mappingFile)
        } catch {
            throw BenchmarkFailure("cannot load the shelter mapping from \(mappings.path) (run from the repository root or pass --mappings DIR):\n\(error)")
        }
        guard mapping.deduplication != nil else {
            throw BenchmarkFailure("\(mappingFile) has no dedupe rule; the Python baseline assumes one")
        }
        return (schema, mapping)
    }

    /// One timed pass: read, then map, dedupe (in memory: the rule's winners in first-seen
    /// order, as the Python baseline keeps them) and write through `MappingStage`.
    private static func measurePipeline(_ path: String, mapping: CompiledMapping) throws -> Measurement {
        let start = ContinuousClock.now
        let reader = try JSONLinesReader(path: path)
        let stage = try MappingStage(mapping: mapping, context: MappingContext(), deduplication: .inMemory)
        var output = CanonicalOutput()
        while let line = try reader.next() {
            let origin = Value.integer(Int64(line.lineNumber))
            guard case .success(.object(let record)) = line.content else {
                // An unreadable line is set aside like a bad row.
                try stage.addUnreadable(origin: origin, reason: "not a JSON object") { try output.write($0) }
                continue
            }
            try stage.add(record, origin: origin) { try output.write($0) }
        }
        try stage.finish { try output.write($0) }
        var measurement = Measurement()
        measurement.mapped = output.records
        measurement.outputBytes = output.bytes
        measurement.setAside = stage.counts.setAside
        measurement.skipped = stage.counts.skipped
        measurement.warnings = stage.counts.warnings
        measurement.seconds = seconds(ContinuousClock.now - start)
        measurement.unknownValues = stage.unknownValues.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        return measurement
    }

    /// The map step alone over rows already in memory. `map` lives in another module and adds
    /// to the run's tally, so the calls stay even though their outcomes are dropped.
    private static func measureMapStep(_ records: [OrderedObject], mapping: CompiledMapping) -> Double {
        var run = MappingRun()
        let start = ContinuousClock.now
        for record in records {
            _ = mapping.map(record, run: &run)
        }
        return seconds(ContinuousClock.now - start)
    }

    private static func parsedRecords(_ path: String) throws -> [OrderedObject] {
        let reader = try JSONLinesReader(path: path)
        var records: [OrderedObject] = []
        while let line = try reader.next() {
            if case .success(.object(let record)) = line.content { records.append(record) }
        }
        return records
    }

    /// Every code table as `{"table": [{"code", "label", "aliases", "retired"}…]}`, so the script looks
    /// values up in the same tables without a YAML parser (python3 has none built in).
    static func writeCodeTables(_ tables: CodeTableSet, to path: String) throws {
        var object = OrderedObject()
        for table in tables.tables {
            object[table.name] = .array(table.entries.map { entry in
                .object(OrderedObject(uniqueKeysWithValues: [
                    ("code", .string(entry.code)), ("label", .string(entry.label)),
                    ("aliases", .array(entry.aliases.map(Value.string))), ("retired", .array(entry.retired.map(Value.string))),
                ]))
            })
        }
        let bytes = try JSONWriter().bytes(for: .object(object))
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw BenchmarkFailure("cannot write \(path)")
        }
    }

    /// The line saying whether both sides reached the same outcome.
    private static func check(_ huitong: Measurement, against python: ShelterMappingPythonBaseline.Result) -> String {
        let same = huitong.mapped == python.mapped && huitong.setAside == python.setAside
            && huitong.warnings == python.warnings && huitong.unknownValues == python.unknownValues
            && huitong.outputBytes == python.outputBytes
        if same {
            return "checked: both mapped \(grouped(huitong.mapped)) and set aside \(grouped(huitong.setAside)) rows"
                + " (\(grouped(huitong.warnings)) warnings, \(grouped(huitong.unknownValues)) unknown code values,"
                + " \(grouped(huitong.outputBytes)) bytes of canonical JSON)"
        }
        func outcome(_ mapped: Int, _ setAside: Int, _ warnings: Int, _ unknown: Int, _ bytes: Int) -> String {
            "mapped \(grouped(mapped)), set aside \(grouped(setAside)), \(grouped(warnings)) warnings, "
                + "\(grouped(unknown)) unknown code values, \(grouped(bytes)) bytes"
        }
        return "OUTCOMES DIFFER: huitong "
            + outcome(huitong.mapped, huitong.setAside, huitong.warnings, huitong.unknownValues, huitong.outputBytes)
            + "; python3 " + outcome(python.mapped, python.setAside, python.warnings, python.unknownValues, python.outputBytes)
    }
}
