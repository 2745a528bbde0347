import Foundation
import HuitongCore

/// JSON Lines parse + canonical write: stream a file of sensor readings, parse each line to a
/// `Value`, write its canonical JSON into one reused buffer, and sum the output bytes (so that
/// nothing can be optimised away). Python's `json` does the same on the same file as a baseline.
enum JSONLinesCanonicalBenchmark {
    static let benchmark = Benchmark(
        name: "jsonl-canonical",
        summary: "JSON Lines parse + canonical (RFC 8785) write of sensor readings, against python3 json",
        run: run
    )

    /// Readings generated when `--records` is not given.
    static let defaultRecords = 1_000_000

    private struct Measurement {
        var records: Int
        var outputBytes: Int
        var rejected: Int
        var seconds: Double
    }

    private static func run(_ settings: BenchmarkSettings) throws {
        let (path, temporaryDirectory) = try dataPath(settings)
        defer {
            if let temporaryDirectory { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
        }
        let inputBytes = try SensorReadingsFile.write(records: settings.records ?? defaultRecords, to: path)

        var best: Measurement?
        for _ in 0..<settings.runs {
            let measurement = try measureHuitong(path)
            if let fastest = best, fastest.seconds <= measurement.seconds { continue }
            best = measurement
        }
        guard let huitong = best else { return }
        guard huitong.rejected == 0 else {
            throw BenchmarkFailure("\(huitong.rejected) generated records were rejected")
        }

        let megabytes = Double(inputBytes) / 1e6
        var line = "JSON Lines parse + canonical write, \(grouped(huitong.records)) records (\(fixed(megabytes, 1)) MB): "
        line += "huitong \(fixed(megabytes / huitong.seconds, 1)) MB/s (\(fixed(Double(huitong.records) / huitong.seconds / 1e6, 2)) M rec/s)"
        var notes: [String] = []
        if settings.runsBaselines {
            do {
                let python = try PythonBaseline.run(on: path, runs: settings.runs)
                line += " | python3 json \(fixed(megabytes / python.seconds, 1)) MB/s | ratio \(fixed(python.seconds / huitong.seconds, 1))x"
                if python.records == huitong.records, python.outputBytes == huitong.outputBytes {
                    notes.append("output checked: both wrote \(grouped(huitong.outputBytes)) bytes for \(grouped(huitong.records)) records")
                } else {
                    notes.append("OUTPUT DIFFERS: huitong \(grouped(huitong.outputBytes)) bytes / \(grouped(huitong.records)) records, "
                                 + "python3 \(grouped(python.outputBytes)) bytes / \(grouped(python.records)) records")
                }
            } catch {
                line += " | python3 json: not run (\(error))"
            }
        }
        if settings.keepPath != nil {
            notes.append("data kept in \(path)")
        }
        print(line)
        for note in notes {
            print("  " + note)
        }
    }

    /// One timed pass over the file.
    private static func measureHuitong(_ path: String) throws -> Measurement {
        let start = ContinuousClock.now
        let reader = try JSONLinesReader(path: path)
        var writer = CanonicalJSONWriter()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        var measurement = Measurement(records: 0, outputBytes: 0, rejected: 0, seconds: 0)
        while let line = try reader.next() {
            switch line.content {
            case .success(let value):
                buffer.removeAll(keepingCapacity: true)
                try writer.append(value, to: &buffer)
                measurement.outputBytes += buffer.count
                measurement.records += 1
            case .failure:
                measurement.rejected += 1
            }
        }
        measurement.seconds = seconds(ContinuousClock.now - start)
        return measurement
    }

    /// The kept path, or a file in a new temporary directory (returned so it can be removed).
    private static func dataPath(_ settings: BenchmarkSettings) throws -> (path: String, temporaryDirectory: String?) {
        if let keepPath = settings.keepPath {
            return (keepPath, nil)
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("huitong-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory.appendingPathComponent("readings.jsonl").path, directory.path)
    }
}
