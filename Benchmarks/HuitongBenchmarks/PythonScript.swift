import Foundation

/// Runs a baseline script in `python3` and reads the one line it prints: `name=value` pairs
/// separated by spaces. Scripts time themselves, so interpreter start-up is not counted.
enum PythonScript {
    /// Runs `script` with `arguments` (`sys.argv[1...]`) and returns the pairs it printed.
    ///
    /// - Throws: ``BenchmarkFailure`` when `python3` cannot start or exits with a failure;
    ///   the script's standard error goes to ours, so a traceback is seen.
    static func run(_ script: String, arguments: [String]) throws -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
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
        guard process.terminationStatus == 0 else {
            throw BenchmarkFailure("python3 exited with status \(process.terminationStatus)")
        }
        var fields: [String: String] = [:]
        for pair in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }
}

extension Dictionary where Key == String, Value == String {
    /// The whole number printed as `name=…`, or a failure naming what is missing.
    func integer(_ name: String) throws -> Int {
        guard let value = self[name].flatMap({ Int($0) }) else { throw BenchmarkFailure("python3 did not report \(name)") }
        return value
    }

    /// The number printed as `name=…`, or a failure naming what is missing.
    func double(_ name: String) throws -> Double {
        guard let value = self[name].flatMap({ Double($0) }) else { throw BenchmarkFailure("python3 did not report \(name)") }
        return value
    }
}
