import Foundation
import HuitongCore
@testable import HuitongHub
import Testing

/// Runs as a history holds them, made up: no pipeline involved.
private enum SampleRuns {
    static func time(_ text: String) -> Timestamp { try! Timestamp(parsing: text, as: .rfc3339) }

    static func started(_ id: String, at text: String) -> HistoryRun {
        HistoryRun(id: id, job: "teams", test: false, started: time(text), pid: 4242, finish: nil)
    }

    static func finished(_ id: String, at text: String, outcome: RunOutcome, accepted: Int = 40) -> HistoryRun {
        var run = started(id, at: text)
        var province = TargetRunCounts(target: "province-zyd", platform: "province", dataset: "zyd")
        province.upserts = accepted
        province.accepted = accepted
        province.retries = 1
        province.waitedSeconds = 0.25
        province.batchSeconds.observe(0.03125)
        province.batchSeconds.observe(1.75)
        province.ledgerEntry = outcome.isSuccess ? "/ledger/entries/000001-\(id)-teams-province-zyd" : nil
        province.openBatches = outcome == .incomplete ? 1 : 0
        run.finish = RunFinish(
            run: "20261129100000-\(id)", resumed: false, finished: run.started.adding(milliseconds: 2100), milliseconds: 2100,
            outcome: outcome, read: 42, normalised: 40, setAside: 2, stoppedBy: nil,
            error: outcome == .incomplete ? "province: HTTP 503 \"quoted\"\nsecond line" : nil, targets: [province]
        )
        return run
    }

    static func bytes(_ lines: [HistoryLine]) throws -> [UInt8] {
        try lines.flatMap { try $0.encoded() }
    }
}

@Suite struct RunHistoryLineTests {
    @Test func startedFinishedAndCarriedLinesReadBackAsTheyWereWritten() throws {
        let finished = SampleRuns.finished("a1", at: "2026-11-29T10:00:00.250+08:00", outcome: .incomplete)
        var totals = HistoryTotals()
        totals.add(SampleRuns.finished("a0", at: "2026-11-28T10:00:00+08:00", outcome: .succeeded), outcome: .succeeded)
        totals.add(SampleRuns.started("a9", at: "2026-11-28T11:00:00+08:00"), outcome: .interrupted)
        let lines: [HistoryLine] = [
            .carried(CarriedTotals(job: "teams", test: false, through: SampleRuns.time("2026-11-28T11:00:00+08:00"), totals: totals)),
            .started(SampleRuns.started("a1", at: "2026-11-29T10:00:00.250+08:00")),
            .finished(finished),
        ]
        for line in lines {
            let text = try line.encoded()
            #expect(text.last == UInt8(ascii: "\n") && text.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") }, "one line each")
            let decoded = try HistoryLine(decoding: try JSONReader().value(from: Array(text.dropLast())))
            #expect(decoded == line)
        }
    }

    @Test func theDecoderRefusesWhatTheFormatDoesNotDefine() throws {
        let line = HistoryLine.started(SampleRuns.started("a1", at: "2026-11-29T10:00:00+08:00"))
        func refusal(_ edit: (inout OrderedObject) -> Void) -> String? {
            guard case var .object(object) = line.jsonValue else { return nil }
            edit(&object)
            do {
                _ = try HistoryLine(decoding: .object(object))
                return nil
            } catch {
                return error.description
            }
        }
        #expect(refusal { $0["extra"] = 1 }?.contains("extra: is not a member of the huitong run history format") == true)
        #expect(refusal { $0["history"] = "paused" }?.contains("not started, finished or carried") == true)
        #expect(refusal { $0["pid"] = -1 }?.contains("pid") == true)
        #expect(refusal { $0["started"] = "yesterday" }?.contains("RFC 3339") == true)

        let finished = HistoryLine.finished(SampleRuns.finished("a1", at: "2026-11-29T10:00:00+08:00", outcome: .succeeded))
        guard case var .object(object) = finished.jsonValue else { return }
        object["outcome"] = "running"
        #expect(throws: FormatProblem.self, "running is read, never written") { try HistoryLine(decoding: .object(object)) }
        object["outcome"] = "succeeded"
        var target = object["targets"]![0]!.objectValue!
        target["batchSeconds"] = ["le": [1.0, 0.5], "counts": [0, 0, 0], "sum": 0.0]
        object["targets"] = [.object(target)]
        #expect(throws: FormatProblem.self, "bounds out of order") { try HistoryLine(decoding: .object(object)) }
    }
}

@Suite struct RunHistoryReadingTests {
    let path = "/state/teams/history.jsonl"

    @Test func aTornLastLineIsIgnoredAndReportedAndTheRunsBeforeItStay() throws {
        var bytes = try SampleRuns.bytes([
            .started(SampleRuns.started("a1", at: "2026-11-29T10:00:00+08:00")),
            .finished(SampleRuns.finished("a1", at: "2026-11-29T10:00:00+08:00", outcome: .succeeded)),
            .started(SampleRuns.started("a2", at: "2026-11-29T11:00:00+08:00")),
        ])
        bytes += Array(#"{"history":"finished","id":"a2","jo"#.utf8)
        let history = JobHistory.parse(bytes, path: path, job: "teams", test: false)
        #expect(history.outcomes.map(\.outcome) == [.succeeded, .interrupted], "the torn finish leaves its run without an end")
        #expect(history.problems.count == 1)
        #expect(history.problems.first?.contains("history.jsonl:4: an incomplete last line") == true, "\(history.problems)")
    }

    @Test func aLastLineOfZerosIsTornAndADamagedLineInTheMiddleIsSkipped() throws {
        let good = try SampleRuns.bytes([.started(SampleRuns.started("a1", at: "2026-11-29T10:00:00+08:00"))])
        let bytes = good + Array("not json\n".utf8) + good + [0, 0, 0, UInt8(ascii: "\n")]
        let history = JobHistory.parse(bytes, path: path, job: "teams", test: false)
        #expect(history.runs.count == 2)
        #expect(history.problems.count == 2, "\(history.problems)")
        #expect(history.problems[0].contains("history.jsonl:2: a damaged line, skipped"))
        #expect(history.problems[1].contains("history.jsonl:4: the last line does not read"))
    }

    @Test func aStartedRunWithoutItsEndIsRunningWhileTheLockIsHeldElseInterrupted() throws {
        let bytes = try SampleRuns.bytes([
            .started(SampleRuns.started("a1", at: "2026-11-29T10:00:00+08:00")),
            .started(SampleRuns.started("a2", at: "2026-11-29T11:00:00+08:00")),
        ])
        var history = JobHistory.parse(bytes, path: path, job: "teams", test: false)
        #expect(history.outcomes.map(\.outcome) == [.interrupted, .interrupted])
        history.lockHeld = true
        #expect(history.outcomes.map(\.outcome) == [.interrupted, .running], "only the last run can still be going")
        #expect(history.totals.runs == [.interrupted: 1], "a running run is not counted yet")
    }

    @Test func totalsCountRecordsOfWrittenExchangesAndBatchTimesOfEveryRun() throws {
        var history = JobHistory(job: "teams", test: false)
        history.runs = [
            SampleRuns.finished("a1", at: "2026-11-29T10:00:00+08:00", outcome: .incomplete, accepted: 20),
            SampleRuns.finished("a2", at: "2026-11-29T11:00:00+08:00", outcome: .succeeded, accepted: 40),
        ]
        let totals = history.totals
        #expect(totals.runs == [.incomplete: 1, .succeeded: 1])
        let province = try #require(totals.targets.first)
        #expect(province.counts.accepted == 40, "the run that finished counts what the incomplete one had answered")
        #expect(province.counts.batchSeconds.count == 4, "every run's batches were timed")
        #expect(totals.read == 42 && totals.setAside == 2)
        #expect(totals.lastSuccess == SampleRuns.time("2026-11-29T11:00:02.100+08:00"))
        #expect(province.lastSuccess == totals.lastSuccess)
    }
}

@Suite struct RunHistoryFileTests {
    func temporaryDirectory() throws -> String {
        let directory = NSTemporaryDirectory() + "huitong-history-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func theRecorderAppendsAStartedThenAFinishedLineAndCutsOffATornOne() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/history.jsonl"
        let clock = FixedWallClock(SampleRuns.time("2026-11-29T10:00:00+08:00"))
        try Data(#"{"history":"sta"#.utf8).write(to: URL(fileURLWithPath: path))
        let recorder = try RunHistoryRecorder.start(at: path, job: "teams", test: true, clock: clock)
        #expect(recorder.note?.contains("cut off an incomplete last line (line 1)") == true, "\(recorder.note ?? "")")
        var report = JobRunReport(job: "teams", runID: "r1", test: true, resumed: false, status: .completeWithFindings)
        report.read = 3
        recorder.finish(&report, clock: clock)
        #expect(report.notes.count == 1, "the repair is said in the run's report")

        let history = JobHistory.parse(DurableFiles.read(path)!, path: path, job: "teams", test: true)
        #expect(history.problems.isEmpty, "\(history.problems)")
        let run = try #require(history.runs.first)
        #expect(history.runs.count == 1 && run.test && run.pid == Int(getpid()))
        #expect(run.finish?.outcome == .finishedWithFindings && run.finish?.run == "r1" && run.finish?.read == 3)
    }

    @Test func aFailedRunIsRecordedWithItsErrorAndAStopWhileReadingAsInterrupted() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/history.jsonl"
        let clock = FixedWallClock(SampleRuns.time("2026-11-29T10:00:00+08:00"))
        try RunHistoryRecorder.start(at: path, job: "teams", test: false, clock: clock)
            .finish(failure: HubError(.disk, "cannot write state/teams/run"), stoppedBy: nil, clock: clock)
        try RunHistoryRecorder.start(at: path, job: "teams", test: false, clock: clock)
            .finish(failure: HubError.stoppedWhileReading(job: "teams", "SIGTERM"), stoppedBy: "SIGTERM", clock: clock)
        let history = JobHistory.parse(DurableFiles.read(path)!, path: path, job: "teams", test: false)
        #expect(history.outcomes.map(\.outcome) == [.failed, .interrupted])
        #expect(history.runs[0].finish?.error == "cannot write state/teams/run")
        #expect(history.runs[1].finish?.stoppedBy == "SIGTERM")
    }

    @Test func aHistoryOverItsLimitKeepsItsNewestRunsAndCarriesTheTotalsOfTheRest() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/history.jsonl"
        var lines: [HistoryLine] = []
        for index in 0..<40 {
            let at = "2026-11-\(10 + index / 24)T\(String(format: "%02d", index % 24)):00:00+08:00"
            lines.append(.started(SampleRuns.started("r\(index)", at: at)))
            if index % 10 != 3 {
                lines.append(.finished(SampleRuns.finished("r\(index)", at: at, outcome: index % 3 == 0 ? .incomplete : .succeeded)))
            }
        }
        let bytes = try SampleRuns.bytes(lines)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let before = JobHistory.parse(bytes, path: path, job: "teams", test: false)

        try RunHistoryFile.compact(path, job: "teams", test: false, limit: bytes.count / 2)
        let compacted = DurableFiles.read(path)!
        let after = JobHistory.parse(compacted, path: path, job: "teams", test: false)
        #expect(compacted.count <= bytes.count / 2 + 2000, "the newest runs that fit in half the limit, and the carried line")
        #expect(after.problems.isEmpty, "\(after.problems)")
        #expect(after.carried != nil && after.runs.count < before.runs.count)
        #expect(after.runs.last == before.runs.last)
        #expect(after.totals == before.totals, "nothing counted is lost")
        #expect(MetricsSnapshot.from(histories: [after]).text == MetricsSnapshot.from(histories: [before]).text)

        try RunHistoryFile.compact(path, job: "teams", test: false, limit: compacted.count)
        #expect(DurableFiles.read(path)! == compacted, "a file within its limit is left alone")
    }
}
