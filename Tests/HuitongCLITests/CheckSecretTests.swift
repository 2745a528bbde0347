import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongCLI

/// `huitong check` and `huitong run` on a configuration whose secret's line is broken: the
/// errors name the line and show the key, never the value — in text and in JSON.
@Suite("huitong check and run never show a secret")
struct CheckSecretTests {
    @Test("check prints the line number and the masked line, not the secret", arguments: BrokenSecretLine.all)
    func check(_ example: BrokenSecretLine) async throws {
        let path = try example.office()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let text = await runHuitong(["check", path])
        #expect(text.status == HuitongCore.ExitStatus.invalidInput)
        let json = await runHuitong(["check", "--json", path])
        let run = await runHuitong(["run", "--config", path])
        #expect(run.status == HuitongCore.ExitStatus.invalidInput)
        for output in [text.output, text.errors, json.output, json.errors, run.output, run.errors] {
            #expect(!output.contains(example.secret), "\(output)")
        }
        #expect(text.output.contains("huitong.yaml:\(example.line):"), "\(text.output)")
        #expect(text.output.contains(example.shows), "\(text.output)")
        #expect(run.errors.contains("huitong.yaml:\(example.line):") && run.errors.contains(example.shows), "\(run.errors)")
    }

    @Test("the huitong process itself prints no secret for a broken secret line")
    func process() throws {
        let example = BrokenSecretLine.all[0]
        let path = try example.office()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.path(of: "huitong"))
        process.arguments = ["check", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 3)
        #expect(!text.contains(example.secret), "\(text)")
        #expect(text.contains("huitong.yaml:12:") && text.contains("app_secret: ********"), "\(text)")
    }
}
