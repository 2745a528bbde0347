import HuitongCore
import HuitongHub
import HuitongTestSupport
import Testing
import Foundation
import FoundationEssentials

@Suite struct JobScheduleTests {
    static let beijing1000 = try! Timestamp(parsing: "2026-11-29 10:00:00", as: .dateTime, in: .beijing)

    @Test func intervalsAndDailyTimesParseAndPrintBack() {
        #expect(JobSchedule("every 15m") == .every(seconds: 900))
        #expect(JobSchedule("every 2h") == .every(seconds: 7200))
        #expect(JobSchedule("every 30s") == .every(seconds: 30))
        #expect(JobSchedule("daily 02:00") == .daily(minuteOfDay: 120))
        #expect(JobSchedule("daily 02:00")?.description == "daily 02:00")
        #expect(JobSchedule("every 15m")?.description == "every 15m")
        for wrong in ["hourly", "every 0m", "every 5x", "every m", "daily 24:00", "daily 2:00", "daily 02:60", "weekly 02:00", ""] {
            #expect(JobSchedule(wrong) == nil, "\(wrong)")
        }
    }

    @Test func everyCountsFromTheLastStart() {
        #expect(JobSchedule.every(seconds: 900).next(after: Self.beijing1000) == Self.beijing1000.adding(milliseconds: 900_000))
    }

    @Test func dailyIsTheNextBeijingWallTime() throws {
        let today0200 = try Timestamp(parsing: "2026-11-30 02:00:00", as: .dateTime, in: .beijing)
        #expect(JobSchedule.daily(minuteOfDay: 120).next(after: Self.beijing1000) == today0200, "02:00 has passed today: tomorrow")
        let today1030 = try Timestamp(parsing: "2026-11-29 10:30:00", as: .dateTime, in: .beijing)
        #expect(JobSchedule.daily(minuteOfDay: 630).next(after: Self.beijing1000) == today1030)
        #expect(JobSchedule.daily(minuteOfDay: 600).next(after: Self.beijing1000) == Self.beijing1000.adding(milliseconds: 86_400_000), "exactly now: the next day")
    }

    @Test func aMisspeltScheduleIsAnErrorAtItsLine() throws {
        let bed = try TestOffice.withSamples()
        try bed.configurationText.replacingOccurrences(of: "  teams:\n", with: "  teams:\n    schedule: every day\n")
            .write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationFailure.self) { _ = try HubConfiguration.load(path: bed.configurationPath) }
        do {
            _ = try HubConfiguration.load(path: bed.configurationPath)
        } catch {
            #expect(error.description.contains("unknown schedule \"every day\""))
            #expect(error.description.contains("huitong.yaml:"))
        }
    }
}
