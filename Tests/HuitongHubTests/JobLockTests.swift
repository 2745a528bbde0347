import Foundation
import HuitongCore
@testable import HuitongHub
import HuitongTestSupport
import Synchronization
import Testing

/// `state/<job>/lock`: one run of a job at a time, and a dead owner's lock free at once.
@Suite struct JobLockTests {
    private static func temporaryLockPath() -> (directory: String, path: String) {
        let directory = NSTemporaryDirectory() + "huitong-lock-\(UUID().uuidString)"
        return (directory, directory + "/lock")
    }

    @Test func aSecondRunOfTheSameJobIsRefusedWhileTheFirstHoldsTheLock() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        let job = try #require(configuration.job(named: "teams"))
        // The first run: anyone holding the lock, here this process through its own descriptor.
        let first = try JobLock.acquire(at: configuration.stateDirectory + "/teams/lock", job: "teams", clock: SystemWallClock())
        defer { first.release() }
        do {
            _ = try await bed.runner(configuration).run(job)
            Issue.record("a second run went ahead while the first held the lock")
        } catch let error as HubError {
            #expect(error.code == .lockHeld)
            // The message is the behaviour: it names the holder from what the holder wrote.
            #expect(error.description.contains("job teams is already running (process \(getpid()), since "), "\(error)")
        }
    }

    @Test func aDeadOwnersLockIsFreeAndStaysFreeAfterTheRun() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        try FileManager.default.createDirectory(atPath: configuration.stateDirectory + "/teams", withIntermediateDirectories: true)
        // What a killed run leaves: its note, naming a process that no longer exists.
        try "{\"pid\":99999999,\"started\":\"2026-11-29T10:00:00+08:00\"}".write(toFile: configuration.stateDirectory + "/teams/lock", atomically: true, encoding: .utf8)
        let report = try await bed.runner(configuration).run(configuration.job(named: "teams")!)
        #expect(report.status != .incomplete)
        #expect(bed.jobLockIsFree("teams"), "released after the run")
    }

    /// The race of issue 12: contenders that all find the last owner dead. Removing and
    /// re-creating the file let each remove another's live lock and run alongside it; with
    /// `flock` on one file, at most one of them ever holds it.
    @Test func contendersThatAllFindTheOwnerDeadNeverHoldTheLockTogether() throws {
        let (directory, path) = Self.temporaryLockPath()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "{\"pid\":99999999,\"started\":\"2026-11-29T10:00:00+08:00\"}".write(toFile: path, atomically: true, encoding: .utf8)

        struct Tally { var holding = 0, most = 0, acquired = 0, refused = 0, failures: [String] = [] }
        let tally = Mutex(Tally())
        let contenders = 8
        let finished = DispatchGroup()
        for _ in 0..<contenders {
            finished.enter()
            Thread {
                defer { finished.leave() }
                for _ in 0..<200 {
                    do {
                        let lock = try JobLock.acquire(at: path, job: "teams", clock: SystemWallClock())
                        tally.withLock { $0.holding += 1; $0.most = max($0.most, $0.holding); $0.acquired += 1 }
                        usleep(50)
                        tally.withLock { $0.holding -= 1 }
                        lock.release()
                    } catch {
                        tally.withLock { tally in
                            if (error as? HubError)?.code == .lockHeld { tally.refused += 1 } else { tally.failures.append("\(error)") }
                        }
                    }
                }
            }.start()
        }
        #expect(finished.wait(timeout: .now() + 60) == .success)
        let result = tally.withLock { $0 }
        #expect(result.failures.count == 0, "\(result.failures.prefix(3))")
        #expect(result.most == 1, "\(result.most) contenders held the lock at once")
        #expect(result.acquired > 0 && result.acquired + result.refused == contenders * 200)
    }

    @Test func theLockOfARunKilledWithSIGKILLIsFreeAtOnce() async throws {
        let bed = try TestOffice.withSamples()
        let path = bed.directory + "/state/teams/lock"
        // `huitong run` kills itself with SIGKILL once staged, holding the lock: no code of
        // its own runs after that.
        let status = try await CrashSafetyTests.huitong(bed, ["teams"], failpoint: "staged")
        #expect(status == -SIGKILL)
        let note = try JSONReader().value(from: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        let killed = try #require(note["pid"]?.integerValue)
        #expect(killed != Int64(getpid()), "the note is the killed run's")
        let lock = try JobLock.acquire(at: path, job: "teams", clock: SystemWallClock())
        lock.release()
        let next = try await CrashSafetyTests.huitong(bed, ["teams"])
        #expect(next == 0 || next == 1, "the next run finishes the killed one (exit \(next))")
    }

    @Test func aReleasedLockLeavesItsFileForTheNextRunToLock() throws {
        let (directory, path) = Self.temporaryLockPath()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try JobLock.acquire(at: path, job: "teams", clock: SystemWallClock())
        let refusal = #expect(throws: HubError.self) { _ = try JobLock.acquire(at: path, job: "teams", clock: SystemWallClock()) }
        #expect(refusal?.code == .lockHeld)
        first.release()
        // Removing the file on release would let a contender that opened it just before lock
        // the removed file while a third locks its replacement.
        #expect(FileManager.default.fileExists(atPath: path))
        let second = try JobLock.acquire(at: path, job: "teams", clock: SystemWallClock())
        second.release()
    }
}
