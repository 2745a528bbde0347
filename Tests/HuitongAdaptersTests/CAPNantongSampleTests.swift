import HuitongCore
import Testing
@testable import HuitongAdapters

@Suite("CAP adapter on the Nantong release system's samples")
struct CAPNantongSampleTests {
    @Test("every alert file becomes one item, in file-name order; the .tmp file being written is not read")
    func oneItemPerFileInNameOrder() async throws {
        let run = try await CAPRun(CAPDirectoryAdapter(directory: CAPFixtures.alerts))
        #expect(run.files == [
            "cap-000.xml", "cap-001.xml", "cap-002.xml", "cap-003.xml",
            "cap-004-cancel.xml", "cap-004-update.xml", "cap-004.xml",
            "cap-005.xml", "cap-006.xml", "cap-007.xml", "cap-008.xml", "cap-009.xml", "cap-010.xml", "cap-011.xml",
            "cap-broken.xml", "cap-noarea.xml",
        ])
        #expect(!run.files.contains("cap-incoming.xml.tmp"))
        #expect(run.records.count == 15)
        #expect(Array(run.reasons.keys) == ["cap-broken.xml"])
    }

    @Test("cap-000.xml: an Exercise alert with a circle, a GB2260 geocode and no headline or onset")
    func exerciseWithCircle() async throws {
        let record = try #require(try await records()["cap-000.xml"])
        let expected: OrderedObject = [
            "identifier": "32060041600000000020261120080000",
            "sender": "ntyj@nantong.gov.cn",
            "sent": "2026-11-20T08:00:00+08:00",
            "status": "Exercise",
            "msgType": "Alert",
            "event": "暴雨橙色预警",
            "category": "Met",
            "severity": "Severe",
            "urgency": "Expected",
            "certainty": "Likely",
            "description": "暴雨橙色预警。请注意防范,人防工程已做好开放准备。",
            "areaDesc": "南通市海门区",
            "circle": "31.87238,121.13858 10.0",
            "geocode_gb2260": "320614",
        ]
        #expect(record == expected)
        #expect(record.keys == expected.keys)
    }

    @Test("cap-001.xml: an Actual typhoon alert with onset, headline, a closed polygon and its geocode")
    func actualWithPolygon() async throws {
        let record = try #require(try await records()["cap-001.xml"])
        let expected: OrderedObject = [
            "identifier": "32060041600000000120261120150000",
            "sender": "ntyj@nantong.gov.cn",
            "sent": "2026-11-20T15:00:00+08:00",
            "status": "Actual",
            "msgType": "Alert",
            "event": "台风蓝色预警",
            "category": "Met",
            "severity": "Moderate",
            "urgency": "Expected",
            "certainty": "Likely",
            "onset": "2026-11-20T16:00:00+08:00",
            "headline": "南通市气象台发布台风蓝色预警",
            "description": "台风蓝色预警。请注意防范,人防工程已做好开放准备。",
            "areaDesc": "南通市海安市",
            "polygon": "32.53973,120.44067 32.50497,120.38082 32.55550,120.46139 32.55469,120.46737 32.53973,120.44067",
            "geocode_gb2260": "320685",
        ]
        #expect(record == expected)
        #expect(record.keys == expected.keys)
    }

    @Test("cap-004-cancel.xml: a Cancel message keeps its own identifier and the cancelled alert's area")
    func cancelMessage() async throws {
        let record = try #require(try await records()["cap-004-cancel.xml"])
        let expected: OrderedObject = [
            "identifier": "32060041600000000420261121120000-C1",
            "sender": "ntyj@nantong.gov.cn",
            "sent": "2026-11-21T17:00:00+08:00",
            "status": "Actual",
            "msgType": "Cancel",
            "event": "森林火险黄色预警",
            "category": "Fire",
            "severity": "Moderate",
            "urgency": "Expected",
            "certainty": "Likely",
            "description": "解除:森林火险黄色预警",
            "areaDesc": "南通市崇川区",
            "polygon": "32.01630,120.96690 31.94423,120.89710 32.01089,120.93544 32.01630,120.96690",
            "geocode_gb2260": "320613",
        ]
        #expect(record == expected)
        #expect(record.keys == expected.keys)
    }

    @Test("cap-noarea.xml is a record with its areaDesc and no polygon, circle or geocode")
    func alertWithoutGeometry() async throws {
        let record = try #require(try await records()["cap-noarea.xml"])
        let expected: OrderedObject = [
            "identifier": "3206004160000099999",
            "sender": "ntyj@nantong.gov.cn",
            "sent": "2026-11-20T08:00:00+08:00",
            "status": "Actual",
            "msgType": "Alert",
            "event": "暴雨蓝色预警",
            "category": "Met",
            "severity": "Minor",
            "urgency": "Expected",
            "certainty": "Likely",
            "headline": "无区域",
            "description": "无区域",
            "areaDesc": "南通市",
        ]
        #expect(record == expected)
        #expect(record["polygon"] == nil && record["circle"] == nil && record["geocode_gb2260"] == nil)
    }

    /// file, identifier suffix, status, msgType, event, geometry member, GB2260 code.
    static let summaries: [(String, String, String, String, String, String, String)] = [
        ("cap-002.xml", "0220261120220000", "Actual", "Alert", "防空警报试鸣公告", "polygon", "320682"),
        ("cap-003.xml", "0320261121050000", "Actual", "Alert", "城市内涝风险提示", "circle", "320682"),
        ("cap-004-update.xml", "0420261121120000-U1", "Actual", "Update", "森林火险黄色预警", "polygon", "320613"),
        ("cap-004.xml", "0420261121120000", "Actual", "Alert", "森林火险黄色预警", "polygon", "320613"),
        ("cap-005.xml", "0520261121190000", "Actual", "Alert", "危化品泄漏事故预警", "polygon", "320613"),
        ("cap-006.xml", "0620261122020000", "Test", "Alert", "地质灾害气象风险预警", "circle", "320623"),
        ("cap-007.xml", "0720261122090000", "Actual", "Alert", "大风蓝色预警", "polygon", "320685"),
        ("cap-008.xml", "0820261122160000", "Actual", "Alert", "暴雨橙色预警", "polygon", "320623"),
        ("cap-009.xml", "0920261122230000", "Actual", "Alert", "台风蓝色预警", "circle", "320681"),
        ("cap-010.xml", "1020261123060000", "Actual", "Alert", "防空警报试鸣公告", "polygon", "320613"),
        ("cap-011.xml", "1120261123130000", "Actual", "Alert", "城市内涝风险提示", "polygon", "320682"),
    ]

    @Test("each other Nantong alert gives its identifier, status, msgType, event, one geometry and geocode", arguments: summaries)
    func sampleSummary(
        file: String, identifierSuffix: String, status: String, msgType: String, event: String, geometry: String, geocode: String
    ) throws {
        let record = try CAPFixtures.read(CAPFixtures.bytes(CAPFixtures.alerts, file)).get()
        #expect(record["identifier"]?.stringValue == "3206004160000000" + identifierSuffix)
        #expect(record["status"]?.stringValue == status)
        #expect(record["msgType"]?.stringValue == msgType)
        #expect(record["event"]?.stringValue == event)
        #expect(record[geometry] != nil)
        #expect(record[geometry == "polygon" ? "circle" : "polygon"] == nil)
        #expect(record["geocode_gb2260"]?.stringValue == geocode)
        #expect(record["sender"]?.stringValue == "ntyj@nantong.gov.cn")
    }

    @Test("cap-broken.xml is set aside with the line, the column and the element left open where it breaks off")
    func brokenFile() async throws {
        let run = try await CAPRun(CAPDirectoryAdapter(directory: CAPFixtures.alerts))
        #expect(run.reasons["cap-broken.xml"]
            == "not well-formed XML at line 1, column 106: the file ends inside <sent> (it is cut short, or an element is not closed)")
    }

    private func records() async throws -> [String: OrderedObject] {
        try await CAPRun(CAPDirectoryAdapter(directory: CAPFixtures.alerts)).records
    }
}
