import Foundation
import HuitongCore

extension JobSchedule {
    /// The time zone a job's `timezone:` names: an IANA name such as `Asia/Shanghai`,
    /// `America/New_York` or `UTC`, as the system's time-zone database knows it.
    ///
    /// Foundation also makes zones of abbreviations and offsets (`GMT+8`) and of names in the
    /// wrong case; those are refused, so the configuration says exactly which zone it means.
    package static func timeZone(named name: String) throws(ScheduleSyntaxError) -> TimeZone {
        if let zone = TimeZone(identifier: name), zone.identifier == name || name == "UTC" { return zone }
        let hint = NameSuggestion.nearest(to: name, among: TimeZone.knownTimeZoneIdentifiers).map { "did you mean \"\($0)\"? " } ?? ""
        throw ScheduleSyntaxError(
            .unknownTimeZone,
            "unknown time zone \"\(name)\"; \(hint)write an IANA time-zone name such as Asia/Shanghai, America/New_York or UTC"
        )
    }
}
