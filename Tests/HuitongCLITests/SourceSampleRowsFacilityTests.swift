import HuitongCore
import Testing

/// Items of the command facility sample (`Tests/Fixtures/sources/facilities.json`, the API's
/// items as one array) against the command_facility records the mapping agreement gives them,
/// worked out by hand. An item's origin is the line its object opens on. `gps` is WGS-84 and
/// the record keeps it as sent; `updated` is turned into Beijing time (+08:00).
@Suite("Command facility sample: hand-checked items")
struct SourceSampleRowsFacilityTests {
    static let outcomes = Task { try await SampleOutcomes.read("command-facilities", "facilities.json") }

    static let rows: [SampleRow] = [
        .mapped("facilities.json:2", "a vehicle out of coverage (gps null) has no location", [
            "id": "ZH-320685-01", "name": "第1机动指挥车", "facility_type": "MOBILE", "district": "320685",
            "comm_state": "NORMAL", "readiness": "MAINTENANCE", "updated_at": "2026-11-28T06:29:00+08:00",
        ]),
        .mapped("facilities.json:12", "a post with its WGS-84 point; down → DOWN, standby → STANDBY", [
            "id": "ZH-320685-02", "name": "海安市人防指挥所", "facility_type": "FIXED", "district": "320685",
            "location": ["lon": 120.46611, "lat": 32.563835], "comm_state": "DOWN", "readiness": "STANDBY",
            "updated_at": "2026-11-27T12:06:00+08:00",
        ]),
        .mapped("facilities.json:38", "a vehicle in coverage sending the retired code 320684 (海门市) → 320614", [
            "id": "ZH-320614-04", "name": "第4机动指挥车", "facility_type": "MOBILE", "district": "320614",
            "location": ["lon": 121.102105, "lat": 31.909798], "comm_state": "NORMAL", "readiness": "STANDBY",
            "updated_at": "2026-11-27T01:14:00+08:00",
        ]),
        .mapped("facilities.json:51", "18:33Z is 02:33 the next day in Beijing", [
            "id": "ZH-320612-05", "name": "通州区人防指挥所", "facility_type": "FIXED", "district": "320612",
            "location": ["lon": 121.127639, "lat": 32.096226], "comm_state": "NORMAL", "readiness": "MAINTENANCE",
            "updated_at": "2026-11-28T02:33:00+08:00",
        ]),
        .mapped("facilities.json:64", "04:43Z is 12:43 in Beijing; on-duty → ON_DUTY", [
            "id": "ZH-320612-06", "name": "通州区人防指挥所", "facility_type": "FIXED", "district": "320612",
            "location": ["lon": 120.980818, "lat": 32.090066], "comm_state": "DOWN", "readiness": "ON_DUTY",
            "updated_at": "2026-11-27T12:43:00+08:00",
        ]),
        .mapped("facilities.json:90", "a post with the retired 320684 and a Z time past Beijing midnight", [
            "id": "ZH-320614-08", "name": "海门区人防指挥所", "facility_type": "FIXED", "district": "320614",
            "location": ["lon": 121.18088, "lat": 31.808038], "comm_state": "NORMAL", "readiness": "MAINTENANCE",
            "updated_at": "2026-11-28T04:20:00+08:00",
        ]),
        .mapped("facilities.json:155", "another vehicle without gps, down and standing by", [
            "id": "ZH-320685-13", "name": "第13机动指挥车", "facility_type": "MOBILE", "district": "320685",
            "comm_state": "DOWN", "readiness": "STANDBY", "updated_at": "2026-11-27T13:09:00+08:00",
        ]),
        .mapped("facilities.json:178", "degraded → DEGRADED; 17:04Z is 01:04 the next day", [
            "id": "ZH-320682-15", "name": "如皋市人防指挥所", "facility_type": "FIXED", "district": "320682",
            "location": ["lon": 120.616621, "lat": 32.29911], "comm_state": "DEGRADED", "readiness": "STANDBY",
            "updated_at": "2026-11-27T01:04:00+08:00",
        ]),
        .mapped("facilities.json:191", "a vehicle sending the retired 320602 (old 崇川区) → 320613; 09:12Z", [
            "id": "ZH-320613-16", "name": "第16机动指挥车", "facility_type": "MOBILE", "district": "320613",
            "location": ["lon": 120.805817, "lat": 32.039896], "comm_state": "NORMAL", "readiness": "STANDBY",
            "updated_at": "2026-11-27T17:12:00+08:00",
        ]),
        .mapped("facilities.json:204", "a post sending the retired 320602 → 320613", [
            "id": "ZH-320613-17", "name": "崇川区人防指挥所", "facility_type": "FIXED", "district": "320613",
            "location": ["lon": 120.779018, "lat": 31.954129], "comm_state": "NORMAL", "readiness": "MAINTENANCE",
            "updated_at": "2026-11-26T07:38:00+08:00",
        ]),
        .mapped("facilities.json:282", "an ordinary post on duty", [
            "id": "ZH-320681-23", "name": "启东市人防指挥所", "facility_type": "FIXED", "district": "320681",
            "location": ["lon": 121.578182, "lat": 31.858138], "comm_state": "NORMAL", "readiness": "ON_DUTY",
            "updated_at": "2026-11-27T21:17:00+08:00",
        ]),
        .setAside("facilities.json:308", "a fixed post with gps null",
                  reason("location", nil, "require", "gps is null for a fixed command post (only a vehicle may be out of coverage)")),
    ]

    @Test("each chosen item comes out as the agreement says: the whole record, or set aside with exactly its reason",
          arguments: rows)
    func item(_ row: SampleRow) async throws {
        try row.check(in: await Self.outcomes.value)
    }
}
