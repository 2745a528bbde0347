import Foundation
import HuitongCore
import HuitongHub
import HuitongTestSupport
import Testing

/// Huitong's cron schedules against Python's croniter, over the random expressions, zones and
/// start times of `Tests/Fixtures/cron/croniter-next.jsonl` (made once by
/// `scripts/cron-fixture.py`, which says how and with which croniter).
@Suite struct CronReferenceTests {
    struct Fixture {
        var header: [String: Any] = [:]
        var cases: [[String: Any]] = []
        var never: [String] = []
    }

    static func fixture() throws -> Fixture {
        let text = try String(contentsOfFile: Fixtures.path("cron/croniter-next.jsonl"), encoding: .utf8)
        var fixture = Fixture()
        for (index, line) in text.split(separator: "\n").enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if index == 0 {
                fixture.header = object
            } else if object["never"] != nil {
                fixture.never.append(try #require(object["expr"] as? String))
            } else {
                fixture.cases.append(object)
            }
        }
        return fixture
    }

    @Test func nextFireTimesAgreeWithCroniter() throws {
        let fixture = try Self.fixture()
        #expect(fixture.cases.count == fixture.header["cases"] as? Int)
        #expect(fixture.cases.count >= 5_000)
        #expect((fixture.header["crossing_a_change"] as? Int ?? 0) >= 1_000, "many cases cross a daylight-saving change")
        var compared = 0, agreed = 0, excluded = 0
        var disagreements: [String] = []
        for item in fixture.cases {
            let expression = try #require(item["expr"] as? String)
            let zone = try #require(item["zone"] as? String)
            let startText = try #require(item["start"] as? String)
            let expected = try #require(item["next"] as? [Int])
            if item["excluded"] != nil {
                excluded += 1
                continue
            }
            compared += 1
            let schedule: JobSchedule
            do {
                schedule = try JobSchedule(parsing: expression, timeZone: JobSchedule.timeZone(named: zone))
            } catch {
                disagreements.append("\(expression) in \(zone): refused, \(error.detail)")
                continue
            }
            var instant = try Timestamp(parsing: startText, as: .rfc3339)
            var got: [Int64] = []
            for _ in expected {
                guard let next = schedule.next(after: instant) else { break }
                got.append(next.secondsSinceEpoch)
                instant = next
            }
            if got == expected.map(Int64.init) {
                agreed += 1
            } else if disagreements.count < 10 {
                disagreements.append("\(expression) in \(zone) after \(startText): croniter \(expected), Huitong \(got)")
            }
        }
        print("cron reference: \(agreed) of \(compared) cases agree with croniter; \(excluded) excluded by the fixture with a reason")
        #expect(excluded == fixture.header["excluded"] as? Int)
        #expect(agreed == compared, "\(compared - agreed) of \(compared) disagree, first: \(disagreements.joined(separator: "\n"))")
    }

    @Test func expressionsCroniterNeverFiresAreRefused() throws {
        let fixture = try Self.fixture()
        #expect(!fixture.never.isEmpty)
        for expression in fixture.never {
            #expect(throws: ScheduleSyntaxError.self, "\(expression)") { try JobSchedule(parsing: expression) }
            do {
                _ = try JobSchedule(parsing: expression)
            } catch {
                #expect(error.code == .neverFires, "\(expression): \(error.detail)")
            }
        }
    }
}
