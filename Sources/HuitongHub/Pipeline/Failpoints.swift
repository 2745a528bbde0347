import Foundation

/// Named places where a test may kill the process, to prove a run survives a crash there.
///
/// `HUITONG_FAILPOINT=batch-answered#3` sends SIGKILL to this process the third time the
/// run passes `batch-answered`. Unset (always, outside the crash tests), a failpoint costs one
/// dictionary lookup at start-up and a comparison per pass.
enum Failpoints {
    private static let armed: (name: String, count: Int)? = {
        guard let spec = ProcessInfo.processInfo.environment["HUITONG_FAILPOINT"], !spec.isEmpty else { return nil }
        let parts = spec.split(separator: "#", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()
    nonisolated(unsafe) private static var passCount = 0
    private static let lock = NSLock()

    /// The places, in the order a run passes them.
    static let names = ["staged", "batch-answered", "batch-journaled", "target-committed", "ledger-written", "journal-disk-full", "staged-disk-full"]

    static func hit(_ name: String) {
        if passes(name) { kill(getpid(), SIGKILL) }
    }

    /// True the one time the run passes the armed failpoint `name` for the armed count: for
    /// faults other than a kill (`journal-disk-full` tears the journal's next write in half).
    static func passes(_ name: String) -> Bool {
        guard let armed, armed.name == name else { return false }
        lock.lock()
        defer { lock.unlock() }
        passCount += 1
        return passCount == armed.count
    }
}
