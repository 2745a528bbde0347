import HuitongCore

/// What a run tells its mappings: whether it is a joint test and what time it is.
package struct MappingContext: Sendable {
    /// Joint-test runs (联调联测) let `filter` rules use their `test_in` lists.
    package var testMode: Bool
    /// "Today" for `not_future`; fixed in tests.
    package var clock: any WallClock

    package init(testMode: Bool = false, clock: any WallClock = SystemWallClock()) {
        self.testMode = testMode
        self.clock = clock
    }
}
