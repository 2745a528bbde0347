import HuitongCore
import Testing

/// Alert files of the CAP sample directory (`Tests/Fixtures/sources/alerts/`) against the
/// incident records the mapping agreement gives them, worked out by hand from each file.
///
/// The area keeps CAP's `lat,lon` pairs as `{lon, lat}` points, the closing pair included. The
/// location is the mean of the polygon's distinct vertices (the closing pair dropped) or the
/// circle's centre, WGS-84; the expected means were computed independently in Python
/// (`sum(lon) / n`, `sum(lat) / n` over the distinct vertices) and are compared within 1e-9°.
@Suite("CAP alert sample: hand-checked alerts")
struct SourceSampleRowsAlertTests {
    static let production = Task { try await SampleOutcomes.read("cap-alerts", "alerts") }
    static let jointTest = Task { try await SampleOutcomes.read("cap-alerts", "alerts", ["--test"]) }

    static func point(_ lon: Double, _ lat: Double) -> Value {
        ["lon": .double(lon), "lat": .double(lat)]
    }

    static func polygon(_ points: Value...) -> Value {
        ["type": "polygon", "points": .array(points)]
    }

    static func circle(_ center: Value, radius: Double) -> Value {
        ["type": "circle", "center": center, "radius_km": .double(radius)]
    }

    static let sender: Value = "ntyj@nantong.gov.cn"
    static let advice = "请注意防范,人防工程已做好开放准备。"

    /// cap-004 and its Update and Cancel share one polygon: three distinct vertices.
    static let forestFireArea = polygon(
        point(120.96690, 32.01630), point(120.89710, 31.94423), point(120.93544, 32.01089), point(120.96690, 32.01630))

    static let rows: [SampleRow] = [
        .mapped("cap-001.xml", "台风 → TYPHOON; Moderate → III; a polygon of four distinct vertices; onset given", [
            "id": "32060041600000000120261120150000", "sender": sender, "sent": "2026-11-20T15:00:00+08:00",
            "status": "Actual", "msg_type": "Alert", "event": "台风蓝色预警", "category": "Met", "severity": "Moderate",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-20T16:00:00+08:00",
            "headline": "南通市气象台发布台风蓝色预警", "description": .string("台风蓝色预警。" + advice), "area_description": "南通市海安市",
            "area": polygon(point(120.44067, 32.53973), point(120.38082, 32.50497), point(120.46139, 32.55550),
                            point(120.46737, 32.55469), point(120.44067, 32.53973)),
            "location": point(120.4375625, 32.5387225), "district": "320685", "event_type": "TYPHOON", "level": "III",
        ]),
        .mapped("cap-002.xml", "防空 → AIR_DEFENCE; Minor → IV; no onset: the sent time", [
            "id": "32060041600000000220261120220000", "sender": sender, "sent": "2026-11-20T22:00:00+08:00",
            "status": "Actual", "msg_type": "Alert", "event": "防空警报试鸣公告", "category": "Security", "severity": "Minor",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-20T22:00:00+08:00",
            "headline": "南通市应急管理局发布防空警报试鸣公告", "description": .string("防空警报试鸣公告。" + advice),
            "area_description": "南通市如皋市",
            "area": polygon(point(120.57617, 32.43269), point(120.65431, 32.42049), point(120.64852, 32.39675),
                            point(120.56471, 32.40095), point(120.57617, 32.43269)),
            "location": point(120.6109275, 32.41272), "district": "320682", "event_type": "AIR_DEFENCE", "level": "IV",
        ]),
        .mapped("cap-003.xml", "内涝 → FLOOD; a circle: its centre is the location", [
            "id": "32060041600000000320261121050000", "sender": sender, "sent": "2026-11-21T05:00:00+08:00",
            "status": "Actual", "msg_type": "Alert", "event": "城市内涝风险提示", "category": "Met", "severity": "Minor",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-21T06:00:00+08:00",
            "headline": "南通市气象台发布城市内涝风险提示", "description": .string("城市内涝风险提示。" + advice),
            "area_description": "南通市如皋市", "area": circle(point(120.53282, 32.40888), radius: 3.0),
            "location": point(120.53282, 32.40888), "district": "320682", "event_type": "FLOOD", "level": "IV",
        ]),
        .mapped("cap-004.xml", "火 → FIRE; no headline: left out; a polygon of three distinct vertices", [
            "id": "32060041600000000420261121120000", "sender": sender, "sent": "2026-11-21T12:00:00+08:00",
            "status": "Actual", "msg_type": "Alert", "event": "森林火险黄色预警", "category": "Fire", "severity": "Moderate",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-21T12:00:00+08:00",
            "description": .string("森林火险黄色预警。" + advice), "area_description": "南通市崇川区", "area": forestFireArea,
            // (120.96690 + 120.89710 + 120.93544) / 3, (32.01630 + 31.94423 + 32.01089) / 3
            "location": point(120.93314666666667, 31.990473333333338), "district": "320613", "event_type": "FIRE", "level": "III",
        ]),
        .mapped("cap-004-update.xml", "msgType Update → Update", [
            "id": "32060041600000000420261121120000-U1", "sender": sender, "sent": "2026-11-21T14:00:00+08:00",
            "status": "Actual", "msg_type": "Update", "event": "森林火险黄色预警", "category": "Fire", "severity": "Moderate",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-21T14:00:00+08:00",
            "description": "更新:森林火险黄色预警", "area_description": "南通市崇川区", "area": forestFireArea,
            "location": point(120.93314666666667, 31.990473333333338), "district": "320613", "event_type": "FIRE", "level": "III",
        ]),
        .mapped("cap-004-cancel.xml", "msgType Cancel → Cancel", [
            "id": "32060041600000000420261121120000-C1", "sender": sender, "sent": "2026-11-21T17:00:00+08:00",
            "status": "Actual", "msg_type": "Cancel", "event": "森林火险黄色预警", "category": "Fire", "severity": "Moderate",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-21T17:00:00+08:00",
            "description": "解除:森林火险黄色预警", "area_description": "南通市崇川区", "area": forestFireArea,
            "location": point(120.93314666666667, 31.990473333333338), "district": "320613", "event_type": "FIRE", "level": "III",
        ]),
        .mapped("cap-005.xml", "危化/泄漏 → HAZMAT; Extreme → I", [
            "id": "32060041600000000520261121190000", "sender": sender, "sent": "2026-11-21T19:00:00+08:00",
            "status": "Actual", "msg_type": "Alert", "event": "危化品泄漏事故预警", "category": "CBRNE", "severity": "Extreme",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-21T20:00:00+08:00",
            "headline": "南通市应急管理局发布危化品泄漏事故预警", "description": .string("危化品泄漏事故预警。" + advice),
            "area_description": "南通市崇川区",
            "area": polygon(point(120.89473, 32.01599), point(120.89295, 31.94324), point(120.94312, 31.96454),
                            point(120.89473, 32.01599)),
            "location": point(120.91026666666666, 31.974590000000003), "district": "320613", "event_type": "HAZMAT", "level": "I",
        ]),
        .mapped("cap-007.xml", "大风 matches no keyword → OTHER; Unknown → IV", [
            "id": "32060041600000000720261122090000", "sender": sender, "sent": "2026-11-22T09:00:00+08:00",
            "status": "Actual", "msg_type": "Alert", "event": "大风蓝色预警", "category": "Met", "severity": "Unknown",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-22T10:00:00+08:00",
            "headline": "南通市气象台发布大风蓝色预警", "description": .string("大风蓝色预警。" + advice), "area_description": "南通市海安市",
            "area": polygon(point(120.46409, 32.47536), point(120.50615, 32.53269), point(120.41919, 32.50581),
                            point(120.49732, 32.47340), point(120.46409, 32.47536)),
            "location": point(120.4716875, 32.496815), "district": "320685", "event_type": "OTHER", "level": "IV",
        ]),
        .mapped("cap-008.xml", "暴雨 → FLOOD; Severe → II; neither onset nor headline", [
            "id": "32060041600000000820261122160000", "sender": sender, "sent": "2026-11-22T16:00:00+08:00",
            "status": "Actual", "msg_type": "Alert", "event": "暴雨橙色预警", "category": "Met", "severity": "Severe",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-22T16:00:00+08:00",
            "description": .string("暴雨橙色预警。" + advice), "area_description": "南通市如东县",
            "area": polygon(point(121.21134, 32.28107), point(121.17107, 32.32235), point(121.16594, 32.29252),
                            point(121.17060, 32.30696), point(121.21134, 32.28107)),
            "location": point(121.1797375, 32.300725), "district": "320623", "event_type": "FLOOD", "level": "II",
        ]),
        .mapped("cap-009.xml", "a circle at 启东市; an onset past midnight", [
            "id": "32060041600000000920261122230000", "sender": sender, "sent": "2026-11-22T23:00:00+08:00",
            "status": "Actual", "msg_type": "Alert", "event": "台风蓝色预警", "category": "Met", "severity": "Moderate",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-23T00:00:00+08:00",
            "headline": "南通市气象台发布台风蓝色预警", "description": .string("台风蓝色预警。" + advice), "area_description": "南通市启东市",
            "area": circle(point(121.63150, 31.79792), radius: 3.0),
            "location": point(121.63150, 31.79792), "district": "320681", "event_type": "TYPHOON", "level": "III",
        ]),
        .mapped("cap-010.xml", "a triangle at 崇川区; 防空", [
            "id": "32060041600000001020261123060000", "sender": sender, "sent": "2026-11-23T06:00:00+08:00",
            "status": "Actual", "msg_type": "Alert", "event": "防空警报试鸣公告", "category": "Security", "severity": "Minor",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-23T06:00:00+08:00",
            "headline": "南通市应急管理局发布防空警报试鸣公告", "description": .string("防空警报试鸣公告。" + advice),
            "area_description": "南通市崇川区",
            "area": polygon(point(120.86703, 31.98864), point(120.87025, 31.96742), point(120.83243, 31.99666),
                            point(120.86703, 31.98864)),
            "location": point(120.85657, 31.98424), "district": "320613", "event_type": "AIR_DEFENCE", "level": "IV",
        ]),
        .mapped("cap-011.xml", "a triangle at 如皋市; 内涝 → FLOOD", [
            "id": "32060041600000001120261123130000", "sender": sender, "sent": "2026-11-23T13:00:00+08:00",
            "status": "Actual", "msg_type": "Alert", "event": "城市内涝风险提示", "category": "Met", "severity": "Minor",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-23T14:00:00+08:00",
            "headline": "南通市气象台发布城市内涝风险提示", "description": .string("城市内涝风险提示。" + advice),
            "area_description": "南通市如皋市",
            "area": polygon(point(120.58098, 32.38005), point(120.61465, 32.40463), point(120.58188, 32.42045),
                            point(120.58098, 32.38005)),
            "location": point(120.59250333333334, 32.40171), "district": "320682", "event_type": "FLOOD", "level": "IV",
        ]),
        .skipped("cap-000.xml", "an Exercise alert is not for the city outside a joint test",
                 "status is Exercise, not for this target (production run)"),
        .skipped("cap-006.xml", "a Test alert is never for the city", "status is Test, not for this target (production run)"),
        .setAside("cap-broken.xml", "a file cut short inside <sent> is not well-formed CAP",
                  reason("(record)", nil, "unreadable",
                         "not well-formed XML at line 1, column 106: the file ends inside <sent> (it is cut short, or an element is not closed)")),
        .setAside("cap-noarea.xml", "an area with neither polygon nor circle",
                  reason("area", nil, "required", "required, but absent"), reason("location", nil, "required", "required, but absent")),
    ]

    static let jointTestRows: [SampleRow] = [
        .mapped("cap-000.xml", "in a joint test the Exercise alert maps: 暴雨 → FLOOD, Severe → II, a 10 km circle, onset = sent", [
            "id": "32060041600000000020261120080000", "sender": sender, "sent": "2026-11-20T08:00:00+08:00",
            "status": "Exercise", "msg_type": "Alert", "event": "暴雨橙色预警", "category": "Met", "severity": "Severe",
            "urgency": "Expected", "certainty": "Likely", "onset": "2026-11-20T08:00:00+08:00",
            "description": .string("暴雨橙色预警。" + advice), "area_description": "南通市海门区",
            "area": circle(point(121.13858, 31.87238), radius: 10.0),
            "location": point(121.13858, 31.87238), "district": "320614", "event_type": "FLOOD", "level": "II",
        ]),
        .skipped("cap-006.xml", "a Test alert is skipped in a joint test too", "status is Test, not for this target (joint-test run)"),
    ]

    @Test("each alert file comes out as the agreement says in production: the whole record, skipped, or set aside",
          arguments: rows)
    func productionAlert(_ row: SampleRow) async throws {
        try row.check(in: await Self.production.value, computedPoints: ["location"])
    }

    @Test("in a joint-test run the Exercise alert maps and the Test alert is still skipped", arguments: jointTestRows)
    func jointTestAlert(_ row: SampleRow) async throws {
        try row.check(in: await Self.jointTest.value, computedPoints: ["location"])
    }

    @Test("a file still being written (.tmp) is not read at all")
    func temporaryFile() async throws {
        let outcomes = try await Self.production.value
        #expect(outcomes["cap-incoming.xml.tmp"] == nil)
    }
}
