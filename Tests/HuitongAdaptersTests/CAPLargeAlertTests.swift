import Foundation
import HuitongCore
import Testing
@testable import HuitongAdapters

/// Alerts up to the adapter's 16 MiB file limit are read, whatever makes them large: an
/// embedded resource, a long description, many areas. libxml2 refuses a document given to it
/// whole beyond 10,000,000 bytes, so the reader feeds it in chunks.
@Suite("CAP adapter: large alerts up to 16 MiB")
struct CAPLargeAlertTests {
    static let area = "<area><areaDesc>崇川区</areaDesc><polygon>31.98,120.86 32.02,120.90 31.97,120.93 31.98,120.86</polygon>"
        + "<geocode><valueName>GB2260</valueName><value>320613</value></geocode></area>"

    /// An Actual alert whose first `info` holds `description`, `resource` and then `areas`.
    static func alert(description: String, resource: String = "", areas: String = area) -> String {
        CAPFixtures.alert(identifier: "NT-BIG-1", info: "<info><category>Met</category><event>台风</event>"
            + "<urgency>Immediate</urgency><severity>Severe</severity><certainty>Likely</certainty>"
            + "<headline>台风红色预警</headline><description>\(description)</description>\(resource)\(areas)</info>")
    }

    /// Reads one alert file through the adapter, as a run does.
    func read(_ text: String) async throws -> CAPRun {
        let scratch = try CAPScratchDirectory()
        try scratch.write("big.xml", text)
        return try await CAPRun(CAPDirectoryAdapter(directory: scratch.path))
    }

    @Test("a 12 MB alert with an embedded resource (base64 in <derefUri>) is a record with its fields")
    func embeddedResource() async throws {
        let base64 = String(repeating: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg", count: 130_000)
        let resource = "<resource><resourceDesc>卫星云图</resourceDesc><mimeType>image/png</mimeType>"
            + "<size>\(base64.utf8.count * 3 / 4)</size><derefUri>\(base64)</derefUri></resource>"
        let text = Self.alert(description: "台风将于今夜登陆。", resource: resource)
        #expect(text.utf8.count > 12_000_000)
        let run = try await read(text)
        #expect(run.completeness == .complete)
        let record = try #require(run.records["big.xml"], "\(run.reasons)")
        #expect(record["identifier"] == "NT-BIG-1")
        #expect(record["event"] == "台风")
        #expect(record["description"] == "台风将于今夜登陆。")
        #expect(record["areaDesc"] == "崇川区")
        #expect(record["geocode_gb2260"] == "320613")
    }

    @Test("a 12 MB description, one text node, is kept whole")
    func longDescription() async throws {
        let sentence = "受台风影响，预计今夜起我市将出现大风和强降雨，请做好防范。"  // 29 characters, 87 bytes
        let description = "开始" + String(repeating: sentence, count: 140_000) + "结束"
        #expect(description.utf8.count > 12_000_000)
        let run = try await read(Self.alert(description: description))
        let record = try #require(run.records["big.xml"], "\(run.reasons)")
        let kept = try #require(record["description"]?.stringValue)
        #expect(kept.utf8.count == description.utf8.count)
        #expect(kept.hasPrefix("开始受台风影响") && kept.hasSuffix("请做好防范。结束"))
        #expect(kept == description)
    }

    @Test("a 12 MB alert of many areas is a record with the first area")
    func manyAreas() async throws {
        let first = "<area><areaDesc>海门区</areaDesc><circle>31.87,121.18 5</circle></area>"
        let areas = first + String(repeating: Self.area, count: 70_000)
        let text = Self.alert(description: "大风", areas: areas)
        #expect(text.utf8.count > 12_000_000)
        let record = try #require(try await read(text).records["big.xml"])
        #expect(record["areaDesc"] == "海门区")
        #expect(record["circle"] == "31.87,121.18 5")
        #expect(record["polygon"] == nil)
    }

    @Test("a file over the 16 MiB limit is set aside unparsed, saying the limit and what to ask the sender")
    func overTheLimit() async throws {
        let text = Self.alert(description: String(repeating: "a", count: 16 << 20))
        let run = try await read(text)
        #expect(run.records.isEmpty)
        #expect(run.completeness == .complete)
        #expect(run.reasons["big.xml"] == "the file has \(text.utf8.count) bytes, more than the 16 MiB (16777216 bytes) one CAP alert may have; it was not parsed. Ask the sender for the alert without embedded content (a <resource> with a <uri> to fetch rather than a <derefUri> holding the file)")
    }

    @Test("a single comment over 10,000,000 bytes meets libxml2's own limit, and the reason says so")
    func constructOverTheParserLimit() async throws {
        let text = Self.alert(description: "大风<!--" + String(repeating: "x", count: 10_500_000) + "-->")
        let run = try await read(text)
        let reason = try #require(run.reasons["big.xml"])
        #expect(reason.hasPrefix("not well-formed XML at line"))
        #expect(reason.contains("the XML parser's limit was reached: an attribute value, comment, CDATA section or processing instruction over 10000000 bytes"))
    }
}
