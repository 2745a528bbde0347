import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongCLI

/// Representative rows of each sample source, normalised through adapter and mapping, against
/// values worked out by hand from the source text and the mapping agreement.
@Suite("Sample rows, hand-checked")
struct SourceSampleRowTests {
    /// The mapped record `map` prints for the record at `origin`.
    static func record(_ mapping: String, _ input: String, at origin: String) async throws -> Value {
        let result = await runHuitong([
            "map", "--mappings", RepositoryPaths.mappings, "-m", RepositoryPaths.path("mappings/sources/\(mapping).yaml"),
            "-i", Fixtures.path("sources/\(input)"), "--format", "jsonl", "-n", "1000000",
        ])
        for line in result.output.split(separator: "\n") {
            let entry = try JSONReader().value(from: String(line))
            if entry["origin"]?.stringValue == origin {
                return try #require(entry["record"], "\(origin) was not mapped: \(entry)")
            }
        }
        throw SandboxTestFailure("no record at \(origin)")
    }

    @Test("siren test: WGS-84 kept, 电声 → ELECTROACOUSTIC, the test time's Beijing date")
    func siren() async throws {
        let record = try await Self.record("siren-tests", "siren-tests.csv", at: "siren-tests.csv:2")
        #expect(record == .object([
            "siren_id": "JB-320614-014", "siren_name": "紫琅湖实验学校警报点", "district": "320614",
            "location": ["lon": 121.121836, "lat": 31.936848], "siren_type": "ELECTROACOUSTIC",
            "tested_at": "2026-09-18T10:01:00+08:00", "test_date": "2026-09-18", "result": "NORMAL",
        ]))
    }

    @Test("rescue team: 抢险抢修 → RESCUE_REPAIR, 启东市 → 320681, mobile kept unmasked")
    func team() async throws {
        let record = try await Self.record("rescue-teams", "teams.json", at: "teams.json:2")
        #expect(record == .object([
            "id": "ZYD-320681-01", "name": "启东市人防抢险抢修专业队", "team_type": "RESCUE_REPAIR", "district": "320681",
            "members": 55, "leader": "朱敏", "mobile": "13508113358", "founded": "2022-05-15",
        ]))
    }

    @Test("command facilities: a vehicle out of coverage has no location; a post has its WGS-84 point")
    func facilities() async throws {
        let vehicle = try await Self.record("command-facilities", "facilities.json", at: "facilities.json:2")
        #expect(vehicle == .object([
            "id": "ZH-320685-01", "name": "第1机动指挥车", "facility_type": "MOBILE", "district": "320685",
            "comm_state": "NORMAL", "readiness": "MAINTENANCE", "updated_at": "2026-11-28T06:29:00+08:00",
        ]))
        let post = try await Self.record("command-facilities", "facilities.json", at: "facilities.json:12")
        #expect(post["facility_type"] == "FIXED")
        #expect(post["location"] == ["lon": 120.46611, "lat": 32.563835])
        #expect(post["comm_state"] == "DOWN" && post["readiness"] == "STANDBY")
    }

    @Test("sensor reading: epoch seconds → Beijing RFC 3339, door closed → CLOSED")
    func sensor() async throws {
        let record = try await Self.record("sensor-readings", "sensors", at: "sensors-2026112908.jsonl:1")
        #expect(record == .object([
            "sensor_id": "S-320681-RF-2790-01", "shelter_id": "320681-RF-2790", "measured_at": "2026-11-29T08:00:00+08:00",
            "temperature": 11.6, "humidity": 71.5, "water_alarm": false, "door": "CLOSED",
        ]))
    }

    @Test("CAP alert: 台风 → TYPHOON, Moderate → III, the polygon's centre is the mean of its four distinct vertices")
    func alert() async throws {
        let record = try await Self.record("cap-alerts", "alerts", at: "cap-001.xml")
        #expect(record["id"] == "32060041600000000120261120150000")
        #expect(record["status"] == "Actual" && record["msg_type"] == "Alert")
        #expect(record["onset"] == "2026-11-20T16:00:00+08:00")
        #expect(record["event_type"] == "TYPHOON" && record["level"] == "III")
        #expect(record["district"] == "320685")
        #expect(record["area"]?["points"]?.arrayValue?.count == 5)
        let lon = try #require(record["location"]?["lon"]?.doubleValue)
        let lat = try #require(record["location"]?["lat"]?.doubleValue)
        // (120.44067 + 120.38082 + 120.46139 + 120.46737) / 4 and (32.53973 + 32.50497 + 32.55550 + 32.55469) / 4
        #expect(abs(lon - 120.4375625) < 1e-9 && abs(lat - 32.5387225) < 1e-9)
    }
}
