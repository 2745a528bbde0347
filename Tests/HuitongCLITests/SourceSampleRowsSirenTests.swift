import HuitongCore
import Testing

/// Rows of the siren test sample (`Tests/Fixtures/sources/siren-tests.csv`, UTF-8 with a BOM)
/// against the siren_test records the mapping agreement gives them, worked out by hand.
/// Coordinates come from the sirens' GNSS, WGS-84 already: the record keeps them as written.
@Suite("Siren test sample: hand-checked rows")
struct SourceSampleRowsSirenTests {
    static let outcomes = Task { try await SampleOutcomes.read("siren-tests", "siren-tests.csv") }

    static let rows: [SampleRow] = [
        .mapped("siren-tests.csv:3", "电声 → ELECTROACOUSTIC; the monthly check of 11-18", [
            "siren_id": "JB-320612-058", "siren_name": "张謇企业家学院楼顶警报点", "district": "320612",
            "location": ["lon": 121.141004, "lat": 32.14254], "siren_type": "ELECTROACOUSTIC",
            "tested_at": "2026-11-18T10:00:00+08:00", "test_date": "2026-11-18", "result": "NORMAL",
        ]),
        .mapped("siren-tests.csv:4", "多媒体 → MULTIMEDIA; the 9·18 test", [
            "siren_id": "JB-320613-032", "siren_name": "万达广场警报点", "district": "320613",
            "location": ["lon": 120.768831, "lat": 32.035358], "siren_type": "MULTIMEDIA",
            "tested_at": "2026-09-18T10:00:00+08:00", "test_date": "2026-09-18", "result": "NORMAL",
        ]),
        .mapped("siren-tests.csv:6", "电动 → ELECTRIC; sounded at 10:02", [
            "siren_id": "JB-320681-004", "siren_name": "万达广场警报点", "district": "320681",
            "location": ["lon": 121.561736, "lat": 31.845996], "siren_type": "ELECTRIC",
            "tested_at": "2026-11-18T10:02:00+08:00", "test_date": "2026-11-18", "result": "NORMAL",
        ]),
        .mapped("siren-tests.csv:7", "one siren on 09-18 …", [
            "siren_id": "JB-320613-070", "siren_name": "颐和社区西侧警报点", "district": "320613",
            "location": ["lon": 120.809355, "lat": 32.040834], "siren_type": "ELECTROACOUSTIC",
            "tested_at": "2026-09-18T10:01:00+08:00", "test_date": "2026-09-18", "result": "NORMAL",
        ]),
        .mapped("siren-tests.csv:10", "… and on 10-18: two tests, two records (the key is siren and date)", [
            "siren_id": "JB-320613-070", "siren_name": "颐和社区西侧警报点", "district": "320613",
            "location": ["lon": 120.809355, "lat": 32.040834], "siren_type": "ELECTROACOUSTIC",
            "tested_at": "2026-10-18T10:01:00+08:00", "test_date": "2026-10-18", "result": "NORMAL",
        ]),
        .mapped("siren-tests.csv:11", "故障 → FAULT with its 故障说明", [
            "siren_id": "JB-320681-024", "siren_name": "颐和社区楼顶警报点", "district": "320681",
            "location": ["lon": 121.758744, "lat": 31.843108], "siren_type": "ELECTROACOUSTIC",
            "tested_at": "2026-10-18T10:02:00+08:00", "test_date": "2026-10-18", "result": "FAULT",
            "fault_description": "无法远程启动",
        ]),
        .mapped("siren-tests.csv:20", "a fault (音量不足) at 海安市; a trailing zero in 32.475430", [
            "siren_id": "JB-320685-055", "siren_name": "万达广场西侧警报点", "district": "320685",
            "location": ["lon": 120.404341, "lat": 32.47543], "siren_type": "ELECTROACOUSTIC",
            "tested_at": "2026-11-18T10:01:00+08:00", "test_date": "2026-11-18", "result": "FAULT", "fault_description": "音量不足",
        ]),
        .mapped("siren-tests.csv:34", "崇川区 on 09-18 …", [
            "siren_id": "JB-320613-008", "siren_name": "万达广场西侧警报点", "district": "320613",
            "location": ["lon": 120.858723, "lat": 32.050651], "siren_type": "ELECTRIC",
            "tested_at": "2026-09-18T10:00:00+08:00", "test_date": "2026-09-18", "result": "NORMAL",
        ]),
        .mapped("siren-tests.csv:193", "… and the same siren written 港闸区 on 11-18: the same district 320613", [
            "siren_id": "JB-320613-008", "siren_name": "万达广场西侧警报点", "district": "320613",
            "location": ["lon": 120.858723, "lat": 32.050651], "siren_type": "ELECTRIC",
            "tested_at": "2026-11-18T10:00:00+08:00", "test_date": "2026-11-18", "result": "NORMAL",
        ]),
        .mapped("siren-tests.csv:39", "the legacy 海门市 is 海门区 320614", [
            "siren_id": "JB-320614-073", "siren_name": "紫琅湖实验学校西侧警报点", "district": "320614",
            "location": ["lon": 121.12265, "lat": 31.918735], "siren_type": "ELECTROACOUSTIC",
            "tested_at": "2026-10-18T10:02:00+08:00", "test_date": "2026-10-18", "result": "NORMAL",
        ]),
        .mapped("siren-tests.csv:123", "the legacy 港闸区 is 崇川区 320613; 多媒体", [
            "siren_id": "JB-320613-042", "siren_name": "张謇企业家学院警报点", "district": "320613",
            "location": ["lon": 120.803895, "lat": 31.942453], "siren_type": "MULTIMEDIA",
            "tested_at": "2026-11-18T10:00:00+08:00", "test_date": "2026-11-18", "result": "NORMAL",
        ]),
        .mapped("siren-tests.csv:155", "a multimedia siren at 如皋市 that failed", [
            "siren_id": "JB-320682-074", "siren_name": "文峰大世界警报点", "district": "320682",
            "location": ["lon": 120.508595, "lat": 32.278119], "siren_type": "MULTIMEDIA",
            "tested_at": "2026-10-18T10:01:00+08:00", "test_date": "2026-10-18", "result": "FAULT",
            "fault_description": "无法远程启动",
        ]),
        .mapped("siren-tests.csv:214", "an electric siren at 如东县 that failed the 9·18 test", [
            "siren_id": "JB-320623-018", "siren_name": "星湖城楼顶警报点", "district": "320623",
            "location": ["lon": 121.23516, "lat": 32.233541], "siren_type": "ELECTRIC",
            "tested_at": "2026-09-18T10:00:00+08:00", "test_date": "2026-09-18", "result": "FAULT", "fault_description": "音量不足",
        ]),
        .setAside("siren-tests.csv:36", "故障 with an empty 故障说明",
                  reason("fault_description", nil, "require", "故障 with no 故障说明 (a fault needs its description)")),
        .setAside("siren-tests.csv:78", "类型 气动 is none of 电动, 电声, 多媒体",
                  reason("siren_type", "气动", "lookup siren_type", #"unknown value "气动" in code table siren_type"#)),
    ]

    @Test("each chosen row comes out as the agreement says: the whole record, or set aside with exactly its reason",
          arguments: rows)
    func row(_ row: SampleRow) async throws {
        try row.check(in: await Self.outcomes.value)
    }
}
