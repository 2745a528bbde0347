import HuitongCore

/// What a run tells its mappings: whether it is a joint test and what time it is.
public struct MappingContext: Sendable {
    /// Joint-test runs (联调联测) let `filter` rules use their `test_in` lists.
    public var testMode: Bool
    /// "Today" for `not_future`; fixed in tests.
    public var clock: any WallClock

    public init(testMode: Bool = false, clock: any WallClock = SystemWallClock()) {
        self.testMode = testMode
        self.clock = clock
    }
}
