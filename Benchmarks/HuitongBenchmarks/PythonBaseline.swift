import Foundation

/// The same work done by CPython's `json` module, timed inside Python so that interpreter
/// start-up is not counted: read line by line, `json.loads`, `json.dumps` with sorted keys and
/// no white space (what canonical JSON gives for this data), and sum the UTF-8 output bytes.
enum PythonBaseline {
    /// What one Python run reports, best of its timed runs.
    struct Result {
        var records: Int
        var outputBytes: Int
        var seconds: Double
    }

    private static let script = """
    import json, sys, time
    path, runs = sys.argv[1], int(sys.argv[2])
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        records = output = 0
        with open(path, "rb") as lines:
            for line in lines:
                if not line.strip():
                    continue
                text = json.dumps(json.loads(line), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                output += len(text.encode("utf-8"))
                records += 1
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"records={records} output_bytes={output} seconds={best:.6f}")
    """

    /// Runs `python3` over the file at `path`, timing `runs` passes.
    static func run(on path: String, runs: Int) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path, String(runs)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            throw BenchmarkFailure("cannot start python3: \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BenchmarkFailure("python3 exited with status \(process.terminationStatus)")
        }
        return try parse(text)
    }

    /// Reads `records=… output_bytes=… seconds=…`.
    private static func parse(_ text: String) throws -> Result {
        var fields: [String: String] = [:]
        for pair in text.split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard let records = fields["records"].flatMap({ Int($0) }),
              let outputBytes = fields["output_bytes"].flatMap({ Int($0) }),
              let seconds = fields["seconds"].flatMap({ Double($0) }) else {
            throw BenchmarkFailure("unexpected output from python3: \(text)")
        }
        return Result(records: records, outputBytes: outputBytes, seconds: seconds)
    }
}
