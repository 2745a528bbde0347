import Foundation
import HuitongCore
import HuitongHub
import HuitongSandbox
import HuitongTestSupport
import Testing

/// Source plugins that are processes speaking Singer: the reference tap end to end, and the
/// ways a plugin can misbehave, each failing its job only.
@Suite struct ProcessPluginTests {
    static let tapSource = "source: {adapter: tap-shelter-register, path: sources/shelters.csv}"
    static let csvSource = "source: {adapter: csv, path: sources/shelters.csv}"

    @Test func theReferenceTapFeedsAJobEndToEndAndItsStateCarriesToTheNextRun() async throws {
        let bed = try TestOffice.withSamples()
        // What the built-in csv adapter makes of the same file is what the tap must deliver.
        let csvConfiguration = try bed.configuration()
        try bed.configurationText.replacingOccurrences(of: Self.csvSource, with: Self.tapSource)
            .write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        let configuration = try bed.configuration()
        let job = try #require(configuration.job(named: "shelters"))
        #expect(job.source.plugin.name == "tap-shelter-register")
        #expect(job.source.isIncremental)

        let first = try await bed.runner(configuration).run(job)
        #expect(first.read == 314, "every row of the export")
        for (target, platform, dataset) in [("province-rfgc", "province", "rfgc"), ("city-shelter", "city", "shelter")] {
            let stored = try await bed.stored(configuration, platform: platform, dataset: dataset)
            let expected = try await bed.expected(csvConfiguration, job: "shelters", target: target)
            #expect(!expected.isEmpty)
            #expect(stored == expected, "\(target): \(stored.count) stored, \(expected.count) expected")
        }
        let checkpoint = try String(contentsOfFile: bed.path("state/shelters/checkpoint.json"), encoding: .utf8)
        #expect(checkpoint.contains("singer_state") && checkpoint.contains("2026-11-27 01:24:00"), "\(checkpoint)")

        // Three rows change after the bookmark: the next run reads from the state and sends those three.
        let held = try await bed.stored(configuration, platform: "province", dataset: "rfgc")
        let path = bed.path("sources/shelters.csv")
        var lines = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        var changed: [String] = []
        for index in lines.indices.dropFirst() where changed.count < 3 {
            let key = String(decoding: lines[index].prefix { $0 != UInt8(ascii: ",") }, as: UTF8.self)
            guard held[key] != nil, !changed.contains(key), let comma = lines[index].lastIndex(of: UInt8(ascii: ",")) else { continue }
            lines[index] = Array(lines[index][...comma]) + Array("2026-12-05 10:00:00".utf8)
            changed.append(key)
        }
        #expect(changed.count == 3)
        try Data(lines.joined(separator: [UInt8(ascii: "\n")])).write(to: URL(fileURLWithPath: path))
        let second = try await bed.runner(configuration).run(job)
        #expect(second.read < 10, "only rows at or after the bookmark are read (\(second.read))")
        for target in second.targets {
            #expect(target.upserts == 3, "\(target.name): \(target.upserts) upserts")
            #expect(target.deletes == 0, "an incremental read deletes nothing")
        }
        let stored = try await bed.stored(configuration, platform: "province", dataset: "rfgc")
        #expect(stored == (try await bed.expected(csvConfiguration, job: "shelters", target: "province-rfgc")))
        let log = try String(contentsOfFile: bed.path("state/shelters/plugin-stderr.log"), encoding: .utf8)
        #expect(log.contains("rows since"), "the tap's standard error is kept with the run: \(log)")
    }

    /// One misbehaving plugin in a plugins directory of the office's own, and a job reading it.
    func misbehaving(_ script: String, runtime: String = "", options: String = "", source: String = "") throws -> (TestOffice, HubConfiguration) {
        let bed = try TestOffice.withSamples()
        let plugins = bed.path("plugins")
        try FileManager.default.createDirectory(atPath: plugins + "/sources/bad", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: RepositoryPaths.path("plugins/platforms"), toPath: plugins + "/platforms")
        try script.write(toFile: plugins + "/sources/bad/tap.py", atomically: true, encoding: .utf8)
        try """
            plugin: bad
            kind: source
            version: "1"
            description: a plugin that misbehaves
            runtime:
              process:
                command: [python3, tap.py]
            \(runtime)
            options:
              pid_file: {type: string, required: true}
            \(options)
            """.write(toFile: plugins + "/sources/bad/plugin.yaml", atomically: true, encoding: .utf8)
        var file = bed.sampleConfigurationFile
        file.plugins = plugins
        file.jobs.append("""
            bad:
              source: {adapter: bad, pid_file: \(bed.path("bad.pid"))\(source)}
              mapping: sources/shelter-registry.yaml
              targets:
                - {platform: province, mapping: targets/province/rfgc.yaml}
            """)
        try file.write()
        return (bed, try bed.configuration())
    }

    static let prologue = """
        import json, os, sys, time
        config = json.load(open(sys.argv[sys.argv.index("--config") + 1]))
        open(config["pid_file"], "w").write(str(os.getpid()))
        print(json.dumps({"type": "SCHEMA", "stream": "s", "schema": {"type": "object"}, "key_properties": []}), flush=True)

        """

    /// Runs the bad job (it must fail, the platforms untouched, the plugin's process gone),
    /// then the shelters job on the same runner (it must succeed); the bad job's message.
    func expectFailsAlone(_ bed: TestOffice, _ configuration: HubConfiguration, within seconds: Double? = nil) async throws -> String {
        let runner = bed.runner(configuration)
        var message = ""
        let started = Date()
        do {
            _ = try await runner.run(try #require(configuration.job(named: "bad")))
            Issue.record("the job should have failed")
        } catch let error as HubError {
            if let seconds { #expect(Date().timeIntervalSince(started) < seconds, "the bad job ended in time") }
            message = error.description
            #expect(error.code == .incompleteRead, "\(error)")
            #expect(message.contains("Nothing was sent or deleted"), "\(message)")
        }
        #expect(bed.provincePlatform.counters.appliedBatches == 0, "the platform untouched")
        if let text = try? String(contentsOfFile: bed.path("bad.pid"), encoding: .utf8), let pid = Int32(text) {
            #expect(kill(pid, 0) != 0, "the plugin's process is gone")
        }
        let healthy = try await runner.run(try #require(configuration.job(named: "shelters")))
        #expect(healthy.status == .completeWithFindings || healthy.status == .complete, "the next job runs: \(healthy.status)")
        return message
    }

    @Test func aPluginThatHangsIsEndedAtItsTimeLimit() async throws {
        let (bed, configuration) = try misbehaving(Self.prologue + "time.sleep(600)\n", runtime: "    time_limit_seconds: 2")
        let message = try await expectFailsAlone(bed, configuration, within: 60)
        #expect(message.contains("ran longer than its time limit of 2 s"), "\(message)")
    }

    @Test func aStopRequestedWhileAPluginIsSilentEndsItAtOnce() async throws {
        // The time limit is the default hour: ending well before it is the stop's doing (the bound
        // below is loose because CI runs every suite at once on two cores).
        let (bed, configuration) = try misbehaving(Self.prologue + "time.sleep(3600)\n", runtime: "")
        let stop = StopRequest()
        let started = Date()
        Task {
            try await Task.sleep(for: .seconds(1))
            stop.request("SIGTERM")
        }
        do {
            _ = try await bed.runner(configuration).run(try #require(configuration.job(named: "bad")), options: .init(stop: stop))
            Issue.record("the job should have stopped")
        } catch let error as HubError {
            #expect(error.code == .stoppedWhileReading, "\(error)")
            #expect(error.description.contains("stopped by SIGTERM while reading the source; nothing was sent"), "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 300, "ended at the stop, not at the time limit")
        #expect(bed.provincePlatform.counters.appliedBatches == 0)
        let pid = try #require(Int32(try String(contentsOfFile: bed.path("bad.pid"), encoding: .utf8)))
        #expect(kill(pid, 0) != 0, "the plugin's process is gone")
    }

    @Test func aPluginThatFloodsItsOutputIsEnded() async throws {
        let (bed, configuration) = try misbehaving(
            Self.prologue + "while True:\n    print(json.dumps({'type': 'STATE', 'value': {'x': 'y' * 100}}), flush=True)\n",
            runtime: "    max_output_bytes: 100000"
        )
        let message = try await expectFailsAlone(bed, configuration)
        #expect(message.contains("more than its limit of 100000 bytes of output"), "\(message)")
    }

    @Test func aPluginThatWritesALineTooLongIsEnded() async throws {
        let (bed, configuration) = try misbehaving(Self.prologue + "print('x' * 50000, flush=True)\ntime.sleep(600)\n", runtime: "    max_line_bytes: 1000")
        let message = try await expectFailsAlone(bed, configuration)
        #expect(message.contains("a line longer than its limit of 1000 bytes"), "\(message)")
    }

    @Test func aPluginThatPrintsGarbageFailsAtTheLine() async throws {
        let (bed, configuration) = try misbehaving(Self.prologue + "print('Starting extraction...', flush=True)\ntime.sleep(600)\n")
        let message = try await expectFailsAlone(bed, configuration)
        #expect(message.contains("bad output:2") && message.contains("\"Starting extraction...\" on line 2 of its output, which is not a Singer message"), "\(message)")
    }

    @Test func aRecordBeforeItsSchemaIsRefused() async throws {
        let (bed, configuration) = try misbehaving(Self.prologue + "print(json.dumps({'type': 'RECORD', 'stream': 'other', 'record': {}}), flush=True)\n")
        let message = try await expectFailsAlone(bed, configuration)
        #expect(message.contains("a RECORD of the stream other before its SCHEMA"), "\(message)")
    }

    @Test func aPluginThatExitsOneFailsWithTheEndOfItsStandardErrorSecretsMasked() async throws {
        let secret = "tok-5ee3c9a1"
        setenv("BAD_TOKEN", secret, 1)
        defer { unsetenv("BAD_TOKEN") }
        let (bed, configuration) = try misbehaving(
            Self.prologue + "print('connecting with ' + config['token'], file=sys.stderr)\nprint('authentication failed', file=sys.stderr)\nsys.exit(1)\n",
            options: "  token: {type: string, secret: true}", source: ", token: \"${env:BAD_TOKEN}\""
        )
        let message = try await expectFailsAlone(bed, configuration)
        #expect(message.contains("exited with status 1"), "\(message)")
        #expect(message.contains("connecting with *** | authentication failed"), "\(message)")
        #expect(!message.contains(secret))
        let log = try String(contentsOfFile: bed.path("state/bad/plugin-stderr.log"), encoding: .utf8)
        #expect(log.contains("connecting with ***") && !log.contains(secret), "\(log)")
        // The configuration file the plugin was given is gone.
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()))?.filter { $0.hasPrefix("huitong-plugin-") } ?? []
        for directory in leftovers {
            let config = NSTemporaryDirectory() + directory + "/config.json"
            if let text = try? String(contentsOfFile: config, encoding: .utf8) { #expect(!text.contains(secret), "\(config) left behind") }
        }
    }

    @Test func aPluginSeesOnlyTheEnvironmentItsManifestDeclares() async throws {
        setenv("HUITONG_UNDECLARED", "from the hub", 1)
        setenv("HUITONG_DECLARED", "given", 1)
        defer { unsetenv("HUITONG_UNDECLARED"); unsetenv("HUITONG_DECLARED") }
        let (bed, configuration) = try misbehaving(
            Self.prologue + "print('declared=' + os.environ['HUITONG_DECLARED'], file=sys.stderr)\nprint(os.environ['HUITONG_UNDECLARED'])\n",
            runtime: "    environment: [HUITONG_DECLARED]"
        )
        let message = try await expectFailsAlone(bed, configuration)
        #expect(message.contains("exited with status 1"), "\(message)")
        #expect(message.contains("KeyError: 'HUITONG_UNDECLARED'"), "\(message)")
        let log = try String(contentsOfFile: bed.path("state/bad/plugin-stderr.log"), encoding: .utf8)
        #expect(log.contains("declared=***") && !log.contains("given"), "the declared variable is there, its value masked (it may be a password): \(log)")
    }
}
