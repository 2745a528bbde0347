import Foundation
import HuitongTransport

/// The `curl` command-line tool sending prepared requests one after another, as a shell script
/// would: each body in a file, and one config file with a section per request (`next`), so
/// that one curl process sends them all in order and may keep its connection alive.
///
/// The requests arrive complete (signed, with their token and digest), so curl only sends.
/// Like huitong's transport it sends no `Expect: 100-continue`, accepts compressed answers and
/// ignores proxy variables. Each answer's status and whether it opened a connection are
/// printed with `--write-out` and read back.
enum CurlCLIBaseline {
    /// What one curl run did.
    struct Result {
        /// From launch to exit, reading the config and bodies included.
        var seconds: Double
        /// Each answer's HTTP status, in request order (0 when curl got none).
        var statuses: [Int]
        /// Connections curl opened over the run.
        var connections: Int
        /// Request body bytes sent.
        var bodyBytes: Int
    }

    /// Writes the bodies and the config into `directory`, then runs one `curl --config`.
    ///
    /// - Throws: ``BenchmarkFailure`` when curl cannot start, exits with a failure or prints
    ///   something other than one line per request.
    static func send(_ requests: [HTTPRequest], directory: String) throws -> Result {
        var config = "silent\nshow-error\n"
        var bodyBytes = 0
        for (index, request) in requests.enumerated() {
            let bodyPath = directory + String(format: "/body-%05d.json", index + 1)
            guard FileManager.default.createFile(atPath: bodyPath, contents: Data(request.body)) else {
                throw BenchmarkFailure("cannot write \(bodyPath)")
            }
            bodyBytes += request.body.count
            if index > 0 { config += "next\n" }
            config += "url = \(quoted(request.url))\n"
            if request.method != "POST" { config += "request = \(quoted(request.method))\n" }
            for header in request.headers {
                config += "header = \(quoted("\(header.name): \(header.value)"))\n"
            }
            config += "header = \"Expect:\"\n"
            config += "data-binary = \(quoted("@" + bodyPath))\n"
            config += "compressed\nnoproxy = \"*\"\noutput = \"/dev/null\"\n"
            config += "write-out = \"%{http_code} %{num_connects}\\n\"\n"
        }
        let configPath = directory + "/curl.config"
        guard FileManager.default.createFile(atPath: configPath, contents: Data(config.utf8)) else {
            throw BenchmarkFailure("cannot write \(configPath)")
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "--config", configPath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        let start = ContinuousClock.now
        do {
            try process.run()
        } catch {
            throw BenchmarkFailure("cannot start curl: \(error)")
        }
        // curl's standard output closes when it exits: the clock stops there, because
        // Foundation's `waitUntilExit` polls its run loop every 50 ms and would add up to that.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let elapsed = seconds(ContinuousClock.now - start)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkFailure("curl exited with status \(process.terminationStatus)")
        }

        var statuses: [Int] = []
        var connections = 0
        for line in String(decoding: printed, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let status = Int(fields[0]), let connects = Int(fields[1]) else {
                throw BenchmarkFailure("curl printed \"\(line)\" where a status and a connection count belong")
            }
            statuses.append(status)
            connections += connects
        }
        guard statuses.count == requests.count else {
            throw BenchmarkFailure("curl reported \(statuses.count) answers for \(requests.count) requests")
        }
        return Result(seconds: elapsed, statuses: statuses, connections: connections, bodyBytes: bodyBytes)
    }

    /// A config-file string: in double quotes, with backslash and quote escaped.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
