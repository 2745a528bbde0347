import Foundation
import HuitongHub
import HuitongTestSupport
import Synchronization
import Testing
@testable import HuitongCLI

/// The progress bar: its line as a value, its redraws, and that it appears only on a terminal.
@Suite("Progress display")
struct ProgressDisplayTests {
    @Test("the line: a bar, the count, the share, the rate and the time left; a read without a total counts records")
    func line() {
        #expect(ProgressDisplay.line(job: "shelters", phase: "→ province-rfgc", done: 3_500, total: 10_000, seconds: 2.5)
            == "  shelters → province-rfgc [███████░░░░░░░░░░░░░] 3,500/10,000 35%  1,400 rec/s  ETA 5s")
        #expect(ProgressDisplay.line(job: "sensors", phase: "reading sources/sensors", done: 1_234_567, total: nil, seconds: 10)
            == "  sensors reading sources/sensors  1,234,567 records  123,457 rec/s")
        #expect(ProgressDisplay.line(job: "a", phase: "→ b", done: 10, total: 10, seconds: 1).hasSuffix("10/10 100%  10 rec/s"), "no ETA once done")
        #expect(ProgressDisplay.line(job: "a", phase: "→ b", done: 0, total: 10, seconds: 0) == "  a → b [░░░░░░░░░░░░░░░░░░░░] 0/10 0%")
        #expect(ProgressDisplay.duration(185) == "3m05s" && ProgressDisplay.duration(7_800) == "2h10m" && ProgressDisplay.duration(0.2) == "1s")
    }

    @Test("redrawn in place, at most ten times a second, the last count always drawn; a new phase keeps the old line")
    func redraws() {
        let written = Mutex<[String]>([])
        let display = ProgressDisplay(job: "j", write: { text in written.withLock { $0.append(text) } })
        display.show(.reading(source: "s.csv", records: 0))
        for records in 1...50 { display.show(.reading(source: "s.csv", records: records)) }
        #expect(written.withLock { $0.count } < 5, "throttled: \(written.withLock { $0 })")
        display.show(.sending(target: "p-d", answered: 0, total: 2))
        display.show(.sending(target: "p-d", answered: 2, total: 2))
        display.finish()
        let all = written.withLock { $0 }
        #expect(all.first?.hasPrefix("\r  j reading s.csv  0 records") == true, "\(all)")
        #expect(all.contains { $0.hasPrefix("\n\r  j → p-d [") }, "the reading line stays: \(all)")
        #expect(all.suffix(2).first?.contains("2/2 100%") == true, "the end is drawn: \(all)")
        #expect(all.last == "\n")
    }

    @Test("huitong run draws it on a terminal only, on standard error, never with --json")
    func onlyOnATerminal() async throws {
        let office = try TestOffice()
        try office.copyFixture("sources/teams.json", to: "teams.json")
        try office.configurationFile(jobs: ["""
            teams:
              source: {adapter: json, path: teams.json}
              mapping: sources/rescue-teams.yaml
              targets:
                - {platform: province, mapping: targets/province/zyd.yaml}
            """], state: "state", ledger: "ledger").write()
        let terminal = await runHuitong(["run", "--config", office.configurationPath], interactive: true)
        #expect(terminal.errors.contains("\r  teams → province-zyd [") && terminal.errors.contains(" 100%"), "\(terminal.errors)")
        #expect(!terminal.output.contains("\r"), "never on standard output")
        try FileManager.default.removeItem(atPath: office.path("state"))
        try FileManager.default.removeItem(atPath: office.path("ledger"))
        let json = await runHuitong(["run", "--config", office.configurationPath, "--json"], interactive: true)
        #expect(!json.errors.contains("\r") && !json.output.contains("\r"), "\(json.errors)")
        let plain = await runHuitong(["run", "--config", office.configurationPath])
        #expect(!plain.errors.contains("\r"))
    }
}
