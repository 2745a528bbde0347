import Foundation
import HuitongCore
import HuitongHub
import HuitongPlatforms

/// `huitong schedule --next N [--from TIME] [--json]`: each scheduled job's next times, nothing run.
extension ScheduleCommand {
    /// The most times `--next` lists per job.
    static let mostListed = 1_000

    func listNext(_ arguments: ParsedArguments, console: Console) throws -> ExitStatus {
        let text = arguments.value("next") ?? ""
        guard let count = Int(text), (1...Self.mostListed).contains(count) else {
            throw Self.usage("--next takes a whole number from 1 to \(Self.mostListed), not \"\(text)\"")
        }
        for option in ["runs", "stop-grace"] where arguments.value(option) != nil {
            throw Self.usage("--\(option) is for running the jobs; --next only lists their times")
        }
        let from = try arguments.value("from").map(ScheduleStart.init(parsing:))
        // Listing needs no secret: the platforms are not contacted.
        let configuration = try HubConfiguration.load(path: arguments.configurationPath, credentials: .skip)
        guard let scheduled = Self.scheduledJobs(of: configuration, console: console) else { return .invalidInput }
        let now = SystemWallClock().now()
        var listings: [(job: JobConfiguration, schedule: JobSchedule, start: Timestamp, times: [Timestamp])] = []
        for (job, schedule) in scheduled {
            let start: Timestamp
            do {
                start = try from?.instant(in: schedule.timeZone) ?? now
            } catch {
                throw Self.usage("--from, for job \(job.name): \(error)")
            }
            listings.append((job, schedule, start, schedule.dueTimes(schedulerStart: start, count: count)))
        }
        if arguments.flag("json") {
            let jobs: [Value] = listings.map { listing in
                let zone = listing.schedule.timeZone
                return [
                    "job": .string(listing.job.name), "schedule": .string(listing.schedule.description), "timezone": .string(zone.identifier),
                    "from": .string(Self.written(listing.start, in: zone)),
                    "next": .array(listing.times.map { .string(Self.written($0, in: zone)) }),
                ]
            }
            console.line(try JSONWriter().string(for: ["jobs": .array(jobs)]))
            return .success
        }
        for (index, listing) in listings.enumerated() {
            if index > 0 { console.line() }
            let note = listing.schedule.countsFromLastStart ? "  (at once, then every interval, as if each run took no time)" : ""
            console.line("\(listing.job.name): \(Self.describe(listing.schedule))\(note)")
            for time in listing.times {
                console.line("  \(Self.written(time, in: listing.schedule.timeZone))  \(Self.weekday(time, in: listing.schedule.timeZone))")
            }
            if listing.times.count < count { console.line("  (no later time)") }
        }
        return .success
    }

    /// RFC 3339 at the zone's offset then: `2026-03-08T03:00:00-04:00`.
    static func written(_ time: Timestamp, in zone: TimeZone) -> String {
        time.formatted(.rfc3339, in: zone.utcOffset(at: time))
    }

    /// `Sun`: the day of the week at the zone's wall clock.
    static func weekday(_ time: Timestamp, in zone: TimeZone) -> String {
        let wall = CivilDateTime(time, in: zone.utcOffset(at: time))
        let days = GregorianCalendar.daysSinceEpoch(year: Int64(wall.year), month: wall.month, day: wall.day)
        return ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][GregorianCalendar.weekday(daysSinceEpoch: days)]
    }

    static func usage(_ message: String) -> UsageError {
        UsageError(command: "schedule", message: message, hint: "See 'huitong schedule --help'.")
    }
}

/// What `--from` says: one instant (RFC 3339), or a wall time to read in each job's zone.
enum ScheduleStart: Equatable {
    case instant(Timestamp)
    case wallTime(CivilDateTime)

    /// Why a `--from` wall time names no instant in a zone.
    struct Skipped: Error, CustomStringConvertible {
        let wallTime: CivilDateTime
        let zone: String
        var description: String {
            "\(wallTime) does not exist in \(zone): the clocks skip it; give a time outside the skipped hour, or RFC 3339 with an offset"
        }
    }

    /// `2026-03-08T01:30:00-05:00` (RFC 3339), `2026-03-08 01:30` or `2026-03-08 01:30:00`.
    init(parsing text: String) throws(UsageError) {
        do throws(TimeError) {
            if let separator = text.dropFirst(10).first, separator == "T" || separator == "t" {
                self = .instant(try Timestamp(parsing: text, as: .rfc3339))
            } else {
                let wall = try Timestamp(parsing: text.count == 16 ? text + ":00" : text, as: .dateTime, in: .utc)
                self = .wallTime(CivilDateTime(wall, in: .utc))
            }
        } catch {
            throw ScheduleCommand.usage(
                "--from takes an RFC 3339 time (2026-03-08T01:30:00-05:00) or a wall time YYYY-MM-DD HH:MM, not \"\(text)\": \(error.detail)"
            )
        }
    }

    /// The instant in `zone`: a repeated wall time's first occurrence.
    func instant(in zone: TimeZone) throws(Skipped) -> Timestamp {
        switch self {
        case let .instant(instant):
            return instant
        case let .wallTime(wall):
            guard let first = zone.instants(atWallTime: wall).first else { throw Skipped(wallTime: wall, zone: zone.identifier) }
            return first
        }
    }
}
