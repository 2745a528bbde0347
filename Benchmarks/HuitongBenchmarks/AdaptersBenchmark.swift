import Foundation
import HuitongCore
import HuitongMapping

/// Read + normalise through the real source adapters, with peak memory: the sensor gateway's
/// hourly JSON Lines files through `JSONLinesDirectoryAdapter` and `sensor-readings.yaml`, and
/// the registry's GB18030 CSV export through `CSVSourceAdapter` (encoding detected),
/// `shelter-registry.yaml` and its dedupe.
///
/// Each Swift measurement runs in a child process (see ``AdaptersChild``) whose peak resident
/// memory is read with `wait4` after it exits. The sensor case runs at two sizes, a quarter
/// and the whole, to show that the adapters stream: peak memory should not follow file size.
/// The registry case runs at two sizes too: its dedupe is an external sort
/// (`SortingDuplicateResolver`: records in a spill file, sorted runs of index entries merged
/// when the read ends), so memory holds one chunk, whatever the rows. python3 scripts do the same work as a
/// baseline and report their own peak; both sides must agree on the counts and output bytes.
/// The generated readings include a known number out of range (``SensorReadingsFile``), so the
/// sensor case also checks the set-aside count against the data, not only against Python.
enum AdaptersBenchmark {
    static let benchmark = Benchmark(
        name: "adapters",
        summary: "sensor JSON Lines directory and GB18030 registry CSV read through the adapters + mapped, with peak memory, against python3",
        run: run
    )

    /// Readings generated when `--records` is not given.
    static let defaultReadings = 1_000_000
    /// Registry rows generated when `--rows` is not given, as in mapping-shelter.
    static let defaultRows = 200_000

    private static func run(_ settings: BenchmarkSettings) throws {
        let mappings = MappingsDirectory(path: settings.mappingsPath)
        let schema: Schema
        do {
            schema = try SchemaLoader.load(mappings: mappings)
        } catch {
            throw BenchmarkFailure("cannot load the schema from \(mappings.path) (run from the repository root or pass --mappings DIR):\n\(error)")
        }
        let scratch = settings.keepPath ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("huitong-bench-adapters-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer {
            if settings.keepPath == nil { try? FileManager.default.removeItem(atPath: scratch) }
        }
        let codesPath = scratch + "/codes.json"
        try ShelterMappingBenchmark.writeCodeTables(schema.codeTables, to: codesPath)

        try runSensor(settings, scratch: scratch, codesPath: codesPath)
        try runShelter(settings, scratch: scratch, codesPath: codesPath)
    }

    private static func runSensor(_ settings: BenchmarkSettings, scratch: String, codesPath: String) throws {
        let readings = settings.records ?? defaultReadings
        let smallReadings = max(1, readings / 4)
        let directory = scratch + "/sensors"
        let smallDirectory = scratch + "/sensors-small"
        let (bytes, files) = try AdaptersData.writeHourlySensorFiles(records: readings, to: directory)
        _ = try AdaptersData.writeHourlySensorFiles(records: smallReadings, to: smallDirectory)

        let huitong = try AdaptersChild.measure(kind: "sensor", input: directory, settings: settings)
        let small = try AdaptersChild.measure(kind: "sensor", input: smallDirectory, settings: settings)
        var line = "Adapters: sensor readings, \(grouped(readings)) lines (\(fixed(Double(bytes) / 1e6, 1)) MB, \(grouped(files)) files): "
        line += "huitong \(rate(huitong.records, per: huitong.seconds)) rec/s, peak \(megabytes(huitong.peakBytes))"
        line += " (\(grouped(smallReadings)) lines: peak \(megabytes(small.peakBytes)))"
        var python: AdaptersPythonBaseline.Result?
        if settings.runsBaselines {
            do {
                python = try AdaptersPythonBaseline.runSensor(directory: directory, codeTables: codesPath, runs: settings.runs)
            } catch {
                line += " | python3: not run (\(error))"
            }
        }
        report(
            line, huitong: huitong, python: python, unit: "readings",
            generatedSetAside: SensorReadingsFile.outOfRangeReadings(records: readings), settings: settings, kept: directory
        )
    }

    private static func runShelter(_ settings: BenchmarkSettings, scratch: String, codesPath: String) throws {
        let rows = settings.records ?? defaultRows
        let path = scratch + "/shelters.csv"
        let bytes = try AdaptersData.writeGB18030Registry(rows: rows, to: path)
        let smallRows = max(1, rows / 4)
        let smallPath = scratch + "/shelters-small.csv"
        _ = try AdaptersData.writeGB18030Registry(rows: smallRows, to: smallPath)

        let huitong = try AdaptersChild.measure(kind: "shelter", input: path, settings: settings)
        let small = try AdaptersChild.measure(kind: "shelter", input: smallPath, settings: settings)
        var line = "Adapters: shelter registry CSV (GB18030), \(grouped(rows)) rows (\(fixed(Double(bytes) / 1e6, 1)) MB): "
        line += "huitong \(rate(huitong.records, per: huitong.seconds)) rec/s, peak \(megabytes(huitong.peakBytes))"
        line += " (\(grouped(smallRows)) rows: peak \(megabytes(small.peakBytes)))"
        var python: AdaptersPythonBaseline.Result?
        if settings.runsBaselines {
            do {
                python = try AdaptersPythonBaseline.runShelter(path: path, codeTables: codesPath, runs: settings.runs)
            } catch {
                line += " | python3: not run (\(error))"
            }
        }
        report(line, huitong: huitong, python: python, unit: "rows", generatedSetAside: nil, settings: settings, kept: path)
    }

    /// Prints the result line, with the baseline when it ran, and the checked line under it.
    /// `generatedSetAside`, when the data generator knows it, is how many records must be set aside.
    private static func report(
        _ line: String, huitong: AdaptersChild.Result, python: AdaptersPythonBaseline.Result?,
        unit: String, generatedSetAside: Int?, settings: BenchmarkSettings, kept: String
    ) {
        var line = line
        var notes: [String] = []
        if let generatedSetAside, huitong.setAside != generatedSetAside {
            notes.append("SET-ASIDE COUNT DIFFERS from the generated data: huitong set aside \(grouped(huitong.setAside)) \(unit), "
                         + "the generator made \(grouped(generatedSetAside)) out of range")
        }
        if let python {
            line += " | python3 \(rate(python.records, per: python.seconds)) rec/s, peak \(megabytes(python.peakBytes))"
            line += " | ratio \(fixed(python.seconds / huitong.seconds, 1))x"
            let same = huitong.records == python.records && huitong.mapped == python.mapped
                && huitong.setAside == python.setAside && huitong.outputBytes == python.outputBytes
            if same {
                notes.append("checked: both read \(grouped(huitong.records)) \(unit), mapped \(grouped(huitong.mapped)) and set aside "
                             + "\(grouped(huitong.setAside)) (\(grouped(huitong.outputBytes)) bytes of canonical JSON)")
            } else {
                func outcome(_ records: Int, _ mapped: Int, _ setAside: Int, _ bytes: Int) -> String {
                    "read \(grouped(records)), mapped \(grouped(mapped)), set aside \(grouped(setAside)), \(grouped(bytes)) bytes"
                }
                notes.append("OUTCOMES DIFFER: huitong " + outcome(huitong.records, huitong.mapped, huitong.setAside, huitong.outputBytes)
                             + "; python3 " + outcome(python.records, python.mapped, python.setAside, python.outputBytes))
            }
        } else {
            notes.append("read \(grouped(huitong.records)) \(unit), mapped \(grouped(huitong.mapped)) and set aside \(grouped(huitong.setAside))")
        }
        if settings.keepPath != nil {
            notes.append("data kept in \(kept)")
        }
        print(line)
        for note in notes {
            print("  " + note)
        }
    }

    /// Bytes as result lines print memory: `21 MB` (decimal megabytes, like the file sizes).
    private static func megabytes(_ bytes: Int) -> String {
        "\(fixed(Double(bytes) / 1e6, 0)) MB"
    }
}
