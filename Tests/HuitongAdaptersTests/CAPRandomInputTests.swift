import Foundation
import HuitongCore
import Testing
@testable import HuitongAdapters

@Suite("CAP reader on random and damaged input")
struct CAPRandomInputTests {
    @Test("a file of random bytes is set aside and the run goes on to the next file")
    func randomFileInDirectory() async throws {
        let scratch = try CAPScratchDirectory()
        var generator = SeededRandom(seed: 12)
        try scratch.write("cap-000.xml", (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try scratch.copy(["cap-001.xml"], from: CAPFixtures.alerts)
        let run = try await CAPRun(CAPDirectoryAdapter(directory: scratch.path))
        #expect(run.files == ["cap-000.xml", "cap-001.xml"])
        #expect(run.reasons["cap-000.xml"] != nil)
        #expect(run.records["cap-001.xml"] != nil)
    }

    @Test("two thousand buffers of random bytes, some behind a plausible start, are all set aside without a crash")
    func randomBytes() {
        var generator = SeededRandom(seed: 2026)
        let starts: [[UInt8]] = [
            [], Array("<?xml version=\"1.0\"?>".utf8), Array("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">".utf8),
            [0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF], [0x00, 0x00, 0xFE, 0xFF], [0x4C, 0x6F, 0xA7, 0x94],
        ]
        var setAside = 0
        for round in 0..<2000 {
            let length = Int.random(in: 0...600, using: &generator)
            let bytes = starts[round % starts.count] + (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if case .failure(let failure) = CAPFixtures.read(bytes), !failure.description.isEmpty { setAside += 1 }
        }
        #expect(setAside == 2000)
    }

    @Test("a valid alert cut short at every length is set aside as cut short; only the whole file is a record")
    func everyTruncation() throws {
        let bytes = try CAPFixtures.bytes(CAPFixtures.alerts, "cap-001.xml")
        let closingTag = Array("</alert>".utf8)
        let tagStart = try #require((0...(bytes.count - closingTag.count)).last {
            bytes[$0..<$0 + closingTag.count].elementsEqual(closingTag)
        })
        let complete = tagStart + closingTag.count
        #expect(CAPFixtures.read([]) == .failure(.empty))
        for length in 1..<complete {
            switch CAPFixtures.read(Array(bytes.prefix(length))) {
            case .success:
                Issue.record("a prefix of \(length) bytes was read as a record")
            case .failure(let failure):
                #expect(failure.description.contains("cut short"), "prefix of \(length) bytes: \(failure)")
            }
        }
        #expect((try? CAPFixtures.read(bytes).get()) != nil)
    }

    @Test("random damage to a valid alert gives a record or a reason, never a crash")
    func flippedBytes() throws {
        let original = try CAPFixtures.bytes(CAPFixtures.world, "canada.cap")
        var generator = SeededRandom(seed: 7)
        var outcomes = (records: 0, setAside: 0)
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            switch CAPFixtures.read(bytes) {
            case .success: outcomes.records += 1
            case .failure: outcomes.setAside += 1
            }
        }
        #expect(outcomes.records + outcomes.setAside == 300)
        #expect(outcomes.setAside > 0)
    }
}
