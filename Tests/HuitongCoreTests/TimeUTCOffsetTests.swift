import Testing
import HuitongCore

@Suite struct TimeUTCOffsetTests {
    @Test("Beijing is UTC+08:00 and UTC is Z")
    func namedOffsets() {
        #expect(UTCOffset.beijing.seconds == 28_800)
        #expect(UTCOffset.beijing.description == "+08:00")
        #expect(UTCOffset.utc.description == "Z")
    }

    @Test("hours and minutes share the offset's sign")
    func hoursAndMinutes() throws {
        #expect(try UTCOffset(hours: 5, minutes: 45).description == "+05:45")
        #expect(try UTCOffset(hours: -3, minutes: -30).seconds == -12_600)
        #expect(try UTCOffset(hours: 0, minutes: -30).description == "-00:30")
    }

    @Test("refuses mixed signs, offsets of a day or more, and offsets that are not whole minutes")
    func refusesInvalidOffsets() {
        #expect(throws: TimeError.self) { try UTCOffset(hours: -3, minutes: 30) }
        #expect(throws: TimeError.self) { try UTCOffset(hours: 24) }
        #expect(throws: TimeError.self) { try UTCOffset(seconds: 86_400) }
        #expect(throws: TimeError.self) { try UTCOffset(seconds: 30) }
    }
}
