import HuitongCore
import Testing

/// Readings of the sensor gateway sample (`Tests/Fixtures/sources/sensors/`, two hourly JSON Lines
/// files) against the sensor_reading records the mapping agreement gives them, worked out by
/// hand. `ts` is Unix seconds: 1795910400 is 2026-11-29T00:00:00Z, 08:00 in Beijing, and each
/// further 60 s is one minute later. Temperatures and humidities have one decimal in the sample
/// already; a whole number keeps its decimal kind (100 → 100.0).
@Suite("Sensor reading sample: hand-checked readings")
struct SourceSampleRowsSensorTests {
    static let outcomes = Task { try await SampleOutcomes.read("sensor-readings", "sensors") }

    static let rows: [SampleRow] = [
        .mapped("sensors-2026112908.jsonl:5", "water true → water_alarm true", [
            "sensor_id": "S-320614-RF-2872-01", "shelter_id": "320614-RF-2872", "measured_at": "2026-11-29T08:00:00+08:00",
            "temperature": 15.3, "humidity": 70.1, "water_alarm": true, "door": "CLOSED",
        ]),
        .mapped("sensors-2026112908.jsonl:618", "t null (a sensor fault) leaves temperature out", [
            "sensor_id": "S-320623-RF-0417-02", "shelter_id": "320623-RF-0417", "measured_at": "2026-11-29T08:06:00+08:00",
            "humidity": 72.3, "water_alarm": true, "door": "CLOSED",
        ]),
        .mapped("sensors-2026112908.jsonl:1141", "door open → OPEN", [
            "sensor_id": "S-320682-RF-1986-01", "shelter_id": "320682-RF-1986", "measured_at": "2026-11-29T08:11:00+08:00",
            "temperature": 16.7, "humidity": 69.7, "water_alarm": true, "door": "OPEN",
        ]),
        .mapped("sensors-2026112908.jsonl:5627", "no door member: door left out; 17.0 stays a decimal", [
            "sensor_id": "S-320685-RF-0688-01", "shelter_id": "320685-RF-0688", "measured_at": "2026-11-29T08:56:00+08:00",
            "temperature": 17.0, "humidity": 55.6, "water_alarm": true,
        ]),
        .mapped("sensors-2026112908.jsonl:6000", "the last line of the 08 file, 08:59", [
            "sensor_id": "S-320614-RF-1578-02", "shelter_id": "320614-RF-1578", "measured_at": "2026-11-29T08:59:00+08:00",
            "humidity": 62.8, "water_alarm": false, "door": "CLOSED",
        ]),
        .mapped("sensors-2026112909.jsonl:3", "h null leaves humidity out; 12.0", [
            "sensor_id": "S-320681-RF-0456-01", "shelter_id": "320681-RF-0456", "measured_at": "2026-11-29T09:00:00+08:00",
            "temperature": 12.0, "water_alarm": false, "door": "CLOSED",
        ]),
        .mapped("sensors-2026112909.jsonl:2988", "t and h both null: neither comes out", [
            "sensor_id": "S-320613-RF-2441-02", "shelter_id": "320613-RF-2441", "measured_at": "2026-11-29T09:29:00+08:00",
            "water_alarm": false, "door": "CLOSED",
        ]),
        .mapped("sensors-2026112909.jsonl:3490", "no door member, water true", [
            "sensor_id": "S-320612-RF-0967-02", "shelter_id": "320612-RF-0967", "measured_at": "2026-11-29T09:34:00+08:00",
            "temperature": 14.5, "humidity": 95.9, "water_alarm": true,
        ]),
        .mapped("sensors-2026112909.jsonl:3835", "h written as the integer 100: at the bound, kept, a decimal 100.0", [
            "sensor_id": "S-320682-RF-2030-01", "shelter_id": "320682-RF-2030", "measured_at": "2026-11-29T09:38:00+08:00",
            "temperature": 16.4, "humidity": 100.0, "water_alarm": false, "door": "OPEN",
        ]),
        .mapped("sensors-2026112909.jsonl:6000", "the last complete line of the newest file, 09:59", [
            "sensor_id": "S-320614-RF-1578-02", "shelter_id": "320614-RF-1578", "measured_at": "2026-11-29T09:59:00+08:00",
            "temperature": 23.3, "humidity": 75.5, "water_alarm": false, "door": "CLOSED",
        ]),
        .setAside("sensors-2026112908.jsonl:1526", "t 120.0 is outside −40..80 °C",
                  reason("temperature", "120.0", "range", "120 is above the maximum 80")),
        .setAside("sensors-2026112908.jsonl:3198", "t 120.0 without a door member: set aside all the same",
                  reason("temperature", "120.0", "range", "120 is above the maximum 80")),
    ]

    @Test("each chosen reading comes out as the agreement says: the whole record, or set aside with exactly its reason",
          arguments: rows)
    func reading(_ row: SampleRow) async throws {
        try row.check(in: await Self.outcomes.value)
    }

    @Test("the newest file's last line, still being written, gives no outcome at all")
    func incompleteLastLine() async throws {
        let outcomes = try await Self.outcomes.value
        #expect(outcomes["sensors-2026112909.jsonl:6001"] == nil)
        #expect(outcomes["sensors-2026112909.jsonl:6000"] != nil)
    }
}
