import Foundation
import HuitongCore
import HuitongHub
import HuitongLedger
import HuitongPlatforms

/// `huitong reconcile JOB TARGET`: what the platform holds now against what the ledger says it
/// held after the last exchange: records changed or lost on the platform's side, and records it
/// holds that Huitong did not send.
struct ReconcileCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "reconcile",
            summary: "Read back what a platform holds for a job's target and compare it with the last exchange in the ledger.",
            discussion: """
            Reads the whole dataset of TARGET (platform-dataset, as 'huitong run' names targets) back from its
            platform, with the profile's read_back and its paging, and compares it by key with the dataset the
            ledger's latest entry of JOB to TARGET says the platform held (--test: the joint-test exchanges and
            the platform's joint-test setting). In the output, A is the ledger and B the platform:
              removed   the platform no longer holds a record Huitong sent (lost or deleted on its side);
              changed   it holds another version (each field with the ledger's and the platform's value);
              added     it holds a record Huitong's last exchange did not leave there.
            A read-back the answers do not prove complete stops the command (exit 4): nothing is concluded
            from part of a dataset. Only sync targets can be reconciled: an append target's ledger entries
            hold what each exchange sent, not all the platform holds.

            The reconciliation is recorded in the ledger as an entry of its own, chained like every entry:
            what the platform was found holding (its dataset.jsonl, stored by reference when it is the same
            bytes as the exchange's), each difference (differences.jsonl, the lines --format jsonl prints) and
            the counts. 'huitong ledger show N' shows it, 'huitong ledger history' lists its findings for a
            record. --no-record compares only (a read-only ledger, a look before a joint test).

            Without --repair nothing is sent. A plain 'huitong run' does not put the platform right:
            its delta starts from what the state says the platform accepted. --repair (asked to confirm, or
            --yes) makes the job's state forget the records the platform lost or changed, then runs the job
            as 'huitong run' does: those records are sent again (with anything else that changed in the
            source), the platform's answers are booked as usual, and the run is an exchange in the ledger.
            Records the platform holds that Huitong did not send are reported, never deleted by a repair.
            The ledger then shows both: the reconciliation that found the damage and the exchange that repaired it.

            The output formats and exit statuses are those of 'huitong diff': 0 the platform holds what the
            ledger says, 1 it does not, 2 usage, 3 the configuration or ledger, 4 the platform. With --repair,
            the exit status is the repair run's, as for 'huitong run'.
            """,
            options: [
                .config,
                OptionSpec(name: "ledger", kind: .value(placeholder: "DIR"), help: "the ledger directory (default: the configuration's)"),
                OptionSpec(name: "test", help: "the joint-test exchanges and the platform's joint-test setting"),
                OptionSpec(name: "ignore", kind: .repeatedValue(placeholder: "FIELD"), help: "leave a field out of the comparison (a field only the platform adds); may be repeated"),
                OptionSpec(name: "only", kind: .value(placeholder: "KIND", allowed: DiffKind.allCases.map(\.rawValue)), help: "list only added, removed or changed records"),
                OptionSpec(name: "limit", short: "n", kind: .value(placeholder: "N"), help: "list at most N records (the summary counts all)"),
                OptionSpec(name: "format", kind: .value(placeholder: "FORMAT", allowed: DiffCommand.formats), help: "text (default), json, jsonl or html, as for huitong diff"),
                OptionSpec(name: "no-record", help: "compare only: write no reconciliation entry to the ledger"),
                OptionSpec(name: "repair", help: "send again, through a normal run of the job, what the platform lost or changed"),
                OptionSpec(name: "yes", help: "repair without asking"),
            ],
            arguments: [
                ArgumentSpec(name: "JOB", help: "a job of the configuration"),
                ArgumentSpec(name: "TARGET", help: "one of its targets, as platform-dataset (such as province-rfgc)"),
            ],
            examples: [
                ("huitong reconcile shelters province-rfgc", "what the province holds against the last exchange"),
                ("huitong reconcile shelters city-shelter --format html > reconcile.html", "a page to archive"),
                ("huitong reconcile shelters province-rfgc --repair --yes", "send again what the province lost or changed"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        let configuration = try HubConfiguration.load(path: arguments.configurationPath)
        let jobName = arguments.positional("JOB") ?? "", targetName = arguments.positional("TARGET") ?? ""
        guard let job = configuration.job(named: jobName) else {
            let names = configuration.jobs.map(\.name)
            let hint = NameSuggestion.nearest(to: jobName, among: names).map { "Did you mean \($0)? " } ?? ""
            throw UsageError(command: "reconcile", message: "no job \"\(jobName)\" in \(configuration.file); its jobs are \(names.joined(separator: ", "))", hint: hint)
        }
        guard let target = job.targets.first(where: { $0.name == targetName }) else {
            let names = job.targets.map(\.name)
            let hint = NameSuggestion.nearest(to: targetName, among: names).map { "Did you mean \($0)? " } ?? ""
            throw UsageError(command: "reconcile", message: "job \(jobName) has no target \"\(targetName)\"; its targets are \(names.joined(separator: ", "))", hint: hint)
        }
        guard target.mode == .sync else {
            console.diagnostic("huitong reconcile: \(jobName)/\(targetName) is an append target: its ledger entries hold what each exchange sent, not what the platform holds; there is nothing to reconcile against")
            return .invalidInput
        }
        guard let platform = configuration.platforms.first(where: { $0.settings.name == target.platform }) else {
            console.diagnostic("huitong reconcile: the configuration has no platform \(target.platform)")
            return .invalidInput
        }
        var limit: Int?
        if let text = arguments.value("limit") {
            guard let number = Int(text), number >= 0 else {
                throw UsageError(command: "reconcile", message: "--limit takes a whole number, 0 or more, not \"\(text)\"", hint: "")
            }
            limit = number
        }
        let test = arguments.flag("test")
        let ledgerDirectory = arguments.value("ledger") ?? configuration.ledgerDirectory
        let reader = LedgerReader(directory: ledgerDirectory)
        guard FileManager.default.fileExists(atPath: ledgerDirectory), let entry = try reader.latestEntry(job: jobName, target: targetName, test: test) else {
            console.diagnostic("huitong reconcile: the ledger \(ledgerDirectory) has no\(test ? " joint-test" : "") exchange of \(jobName) to \(targetName) yet: run the job first")
            return .invalidInput
        }

        let repair = arguments.flag("repair")
        if arguments.flag("yes"), !repair { throw UsageError(command: "reconcile", message: "--yes belongs to --repair", hint: "") }
        // Asked before anything is read or recorded: without a terminal there is no one to ask.
        if repair, !arguments.flag("yes"), isatty(0) != 1 {
            throw UsageError(command: "reconcile", message: "--repair asks before it sends anything, and standard input is not a terminal; confirm with --yes",
                             hint: "Run it without --repair first to see what would be sent again.")
        }
        let record = !arguments.flag("no-record")
        let started = SystemWallClock().now()
        let scratch = NSTemporaryDirectory() + "huitong-reconcile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // The entry is begun before the read-back, so a ledger that cannot be written is found
        // before the platform is read at length.
        var writer: LedgerEntryWriter?
        if record {
            do {
                writer = try ExchangeLedger(directory: ledgerDirectory).beginEntry(kind: .reconciliation)
            } catch {
                console.diagnostic("huitong reconcile: the reconciliation cannot be recorded in \(ledgerDirectory): \(error.message). \(error.hint) To compare without recording, add --no-record.")
                return .invalidInput
            }
        }
        let label = "\(target.platform)/\(target.dataset) read back"
        let sorter = KeyedRecordSorter(name: label, key: nil, scratch: scratch)
        let connector = try PlatformConnector(profile: platform.profile, settings: platform.settings)
        var count = 0
        var sortingError: (any Error)?
        do {
            try await connector.readBack(dataset: target.dataset, test: test) { page in
                for case let .object(record) in page where sortingError == nil {
                    count += 1
                    do {
                        try sorter.add(["key": .string(target.datasetProfile.key(of: record)), "record": .object(record)], at: "record \(count)")
                    } catch {
                        sortingError = error
                    }
                }
            }
        } catch {
            console.diagnostic("huitong reconcile: \(error.description)\nNothing was concluded: run it again when the platform answers.")
            return .runtimeFailure
        }
        if let sortingError { throw sortingError }
        var entryLabel = "ledger entry \(entry.directoryName)"
        if case let .success(manifest) = entry.manifest { entryLabel += " (\(manifest.files.dataset.recordCount) records)" }
        guard let reconciled = entry.manifestSHA256 else {
            console.diagnostic("huitong reconcile: the manifest of \(entry.directoryName) cannot be read: run 'huitong ledger verify'")
            return .invalidInput
        }
        // The reconciliation's own entry: the platform's records as the diff reads them, and each difference.
        var platformRecords: any KeyedRecords = try sorter.finish()
        if let writer { platformRecords = RecordingRecords(base: platformRecords, writer: writer) }
        var resend: Set<String> = []
        var recordingError: (any Error)?
        let ignored = arguments.allValues("ignore")
        let (status, summary) = try DiffCommand.compareSummarised(
            (try DatasetLines(entry: entry), entryLabel), (platformRecords, "\(label) (\(count) records)"),
            rules: DiffRules(ignore: Set(ignored)), only: arguments.value("only").flatMap(DiffKind.init(rawValue:)),
            limit: limit, format: arguments.value("format") ?? "text", scratch: scratch, command: "reconcile", console: console
        ) { difference in
            if repair, difference.kind != .added { resend.insert(difference.key) }
            guard let writer, recordingError == nil else { return }
            do { try writer.appendDifference(DiffCommand.json(difference)) } catch { recordingError = error }
        }
        if let recordingError { throw recordingError }
        if let writer {
            guard let summary, status == .finishedWithFindings || status == .success else {
                writer.abandon()
                return status
            }
            let description = ReconciliationDescription(
                runId: "reconcile-" + JobRunner.makeRunID(started), job: jobName, target: targetName, platform: target.platform,
                dataset: target.dataset, test: test, reconciles: EntryReference(sequence: entry.sequence, manifestSHA256: reconciled),
                ignoredFields: ignored,
                counts: ReconciliationCounts(ledger: summary.old, platform: summary.new, unchanged: summary.unchanged,
                                             changed: summary.changed, removed: summary.removed, added: summary.added),
                timings: ExchangeTimings(started: started, finished: max(started, SystemWallClock().now())))
            let written = try writer.commit(description)
            console.diagnostic("recorded in the ledger as entry \(written.directoryName)")
        }
        guard repair, status == .finishedWithFindings || status == .success else { return status }
        guard !resend.isEmpty else {
            console.diagnostic("huitong reconcile: nothing to repair: the platform lost or changed none of the records Huitong sent")
            return .success
        }
        if !arguments.flag("yes") {
            console.diagnostic("Send \(resend.count) record(s) again to \(target.platform)/\(target.dataset) through a run of \(jobName)? [y/N]")
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                console.diagnostic("not repaired")
                return .finishedWithFindings
            }
        }
        let signals = StopSignals(command: "huitong reconcile --repair", grace: 30, console: console)
        defer { withExtendedLifetime(signals) {} }
        // The repair is recorded where the reconciliation was (--ledger DIR included).
        let runner = JobRunner(configuration: configuration, ledger: LedgerRecorder(directory: ledgerDirectory))
        var options = JobRunner.Options(test: test, stop: signals.request)
        options.resend = [target.name: resend]
        let report = try await runner.run(job, options: options)
        for targetReport in report.targets {
            console.diagnostic("repair: \(targetReport.name): \(targetReport.upserts) upserts, \(targetReport.accepted) accepted, \(targetReport.rejected) rejected, \(targetReport.unconfirmed) unconfirmed"
                + (targetReport.ledgerEntry.map { "; ledger \(($0 as NSString).lastPathComponent)" } ?? ""))
        }
        console.diagnostic("run 'huitong reconcile \(jobName) \(targetName)' again to confirm the platform now holds what the ledger says")
        return report.exitStatus
    }
}

/// The platform's records on their way into the diff, each also written to the reconciliation's
/// ledger entry: read once, recorded as they are compared.
struct RecordingRecords: KeyedRecords {
    var base: any KeyedRecords
    let writer: LedgerEntryWriter
    private var previous: String?

    init(base: any KeyedRecords, writer: LedgerEntryWriter) {
        self.base = base
        self.writer = writer
    }

    var name: String { base.name }

    mutating func next() throws -> (key: String, body: RecordBody)? {
        guard let next = try base.next() else { return nil }
        // What the platform answered is checked as the diff checks it, before the ledger sees it:
        // a key twice or an empty key is the platform's, and is said so.
        if next.key.isEmpty {
            throw DiffInputError(input: name, message: "a record has an empty key: the platform answered a record without its key fields")
        }
        if let previous, previous.utf8.elementsEqual(next.key.utf8) {
            throw DiffInputError(input: name, message: "the key \"\(next.key)\" is there twice: the platform holds two records under one key")
        }
        previous = next.key
        switch next.body {
        case let .canonical(bytes): try writer.appendDatasetRecord(key: next.key, canonicalRecord: bytes, sha256: SHA256.hash(bytes).hex)
        case let .value(value): try writer.appendDatasetRecord(key: next.key, record: value)
        }
        return next
    }
}
