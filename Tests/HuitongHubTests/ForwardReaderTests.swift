import Foundation
import Testing
@testable import HuitongHub

/// The staged file read at the places the journal names, mostly forwards.
@Suite struct ForwardReaderTests {
    @Test func placesForwardsBackwardsAndAcrossTheWindowReadTheBytesThatAreThere() throws {
        let path = NSTemporaryDirectory() + "/forward-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var lines: [[UInt8]] = []
        var bytes: [UInt8] = []
        var places: [(offset: Int, length: Int)] = []
        for index in 0..<30_000 {
            let line = Array("{\"k\":\"\(index)\",\"pad\":\"\(String(repeating: "x", count: index % 97))\"}".utf8)
            places.append((bytes.count, line.count))
            lines.append(line)
            bytes += line + [10]
        }
        #expect(bytes.count > 2 * ForwardReader.windowSize, "the places cross several windows")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = try ForwardReader(path: path)
        for index in stride(from: 0, to: lines.count, by: 7) {
            #expect(try reader.bytes(at: places[index].offset, length: places[index].length) == lines[index])
        }
        #expect(try reader.bytes(at: places[3].offset, length: places[3].length) == lines[3], "behind the window")
        #expect(try reader.bytes(at: places[29_999].offset, length: places[29_999].length) == lines[29_999])
        #expect(throws: HubError.self) { try reader.bytes(at: bytes.count - 5, length: 50) }
    }
}
