import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongCLI

@Suite("huitong sandbox as a process")
struct SandboxCommandTests {
    /// Starts `huitong sandbox`, waits for its ports file, and returns the process and endpoints.
    func start(in directory: URL, extra: [String] = []) throws -> (Process, Value) {
        let portsFile = directory.appendingPathComponent("ports.json").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.path(of: "huitong"))
        process.arguments = ["sandbox", "--ports-file", portsFile, "--dump", directory.appendingPathComponent("dump.json").path] + extra
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if let data = FileManager.default.contents(atPath: portsFile), !data.isEmpty {
                return (process, try JSONReader().value(from: Array(data)))
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        throw SandboxTestFailure("the sandbox did not write its ports file within 10 s")
    }

    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("huitong-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("runs until SIGTERM, answers on the ports it wrote, then exits 0 and writes its dump", arguments: [SIGTERM, SIGINT])
    func stopsCleanly(signal: Int32) throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (process, endpoints) = try start(in: directory)
        let port = try #require(endpoints["province"]?["port"]?.integerValue)
        let answer = try #require(RawConnection.exchange(
            port: UInt16(port), bytes: Array("GET /exchange/api/v1/ping HTTP/1.1\r\nConnection: close\r\n\r\n".utf8)
        ))
        #expect(RawConnection.status(of: answer) == 401)  // unsigned: the province refuses it
        #expect(process.isRunning)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let dump = try JSONReader().value(from: Array(try Data(contentsOf: directory.appendingPathComponent("dump.json"))))
        #expect(dump["province"]?["requests"] == .integer(1))
        #expect(dump["city"] != nil && dump["facilities"] != nil)
    }

    @Test("--help documents every option")
    func help() async {
        let result = await runHuitong(["sandbox", "--help"])
        #expect(result.status == HuitongCore.ExitStatus.success)
        for option in SandboxCommand().spec.options { #expect(result.output.contains("--\(option.name)")) }
    }

    @Test("a port that is taken is a clear error with exit 3")
    func portTaken() async throws {
        let closed = ClosedPort()
        let result = await runHuitong(["sandbox", "--province-port", String(closed.port)])
        #expect(result.status == HuitongCore.ExitStatus.invalidInput)
        #expect(result.errors.contains("province could not listen on 127.0.0.1:\(closed.port)"))
    }
}

struct SandboxTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
