import Foundation
import Testing
import HuitongCore

@Suite struct TimeWallClockTests {
    @Test("a fixed clock always reads the instant it was given")
    func fixedClock() {
        let instant = Timestamp(millisecondsSinceEpoch: 1_795_917_600_000)
        let clock: any WallClock = FixedWallClock(instant)
        #expect(clock.now() == instant)
        #expect(clock.now() == instant)
    }

    @Test("the system clock agrees with Foundation's Date to within a few seconds")
    func systemClockMatchesFoundation() {
        let reference = Int64(Date().timeIntervalSince1970 * 1_000)
        let now = SystemWallClock().now().millisecondsSinceEpoch
        #expect(abs(now - reference) < 5_000)
    }
}
