import Dispatch
import Foundation
import HuitongCore
import HuitongHTTPServer
import HuitongHub
import HuitongYAML
import Synchronization

/// `huitong serve`: the scheduler as a service.
struct ServeCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "serve",
            summary: "Run the scheduled jobs as a service: when due, several at a time, until SIGTERM; SIGHUP reloads the configuration.",
            discussion: """
            Runs each job that has a schedule: when it is due, exactly as 'huitong run JOB' runs it, up to the
            service's limits at a time (service: max_jobs, default 2; max_per_platform, default 1), with one
            connector, so one token, per platform. It sleeps until the next fire or the next event; it never polls.

            Per job: overlap: skip (default; a fire that comes while the job is still running is left out and
            logged) or queue (it runs once more when the run ends); misfire: run-once (default; after the
            service was down through one or more fires, the job runs once at start) or skip (it waits for its
            next time); jitter: 30s (each fire starts up to that much later, the same delay for the same fire).
            The fire each job last started for is kept in STATE/service/state.json, so misfires are known
            after a restart; STATE/service/serve.lock keeps a second service off the same state (exit 3).

            SIGHUP reloads the configuration: new runs use the new one, runs in flight finish with theirs.
            A configuration with errors is reported (each error at file:line:col, in the log) and the
            running one kept; so is one that changes state:, ledger:, service: log or listen, which need a
            restart. SIGTERM or SIGINT: no new run starts, the runs in flight send no new batch and stop once
            their batches in flight are answered, webhook deliveries under way get up to 10 s more, the state
            is saved, and the service exits 0. When the batches in flight take longer than --stop-grace
            seconds, or a second signal comes, it stops at once with exit 4 (the next run finishes what was
            cut short).

            The log is JSON, one object per line and event (service-started, run-started, run-finished with
            outcome, counts and duration, run-skipped, run-queued, run-waiting, misfire, reloaded,
            reload-failed, stopping, stopped), on standard error or in service: log FILE (--log). It never
            holds a secret. With service: listen 127.0.0.1:PORT, GET /status answers the service's state
            as JSON and GET /metrics the Prometheus text format of every job's run history (as 'huitong status
            --metrics'). A job whose last success grows older than its freshness: thresholds is logged
            (freshness) and, with service: notify, posted to the webhook, once per level it reaches.
            """,
            options: [
                .config,
                OptionSpec(name: "log", kind: .value(placeholder: "FILE"), help: "append the JSON log lines to FILE (default: the configuration's service: log, else standard error)"),
                OptionSpec(name: "runs", kind: .value(placeholder: "N"), help: "stop after N runs have ended (for trials and tests)"),
                OptionSpec(name: "stop-grace", kind: .value(placeholder: "SECONDS"), help: "after SIGTERM/SIGINT, how long the batches in flight may take (default 30)"),
            ],
            examples: [
                ("huitong serve", "run the scheduled jobs until stopped"),
                ("kill -HUP $(pidof huitong)", "reload the configuration of a running service"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        let path = arguments.configurationPath
        let configuration = try HubConfiguration.load(path: path)
        var maxRuns: Int?
        if let text = arguments.value("runs") {
            guard let number = Int(text), number > 0 else {
                throw UsageError(command: "serve", message: "--runs takes a whole number above 0, not \"\(text)\"", hint: "See 'huitong serve --help'.")
            }
            maxRuns = number
        }
        guard configuration.jobs.contains(where: { $0.schedule != nil }) else {
            console.diagnostic("huitong serve: no job in \(configuration.file) has a schedule; add schedule: every 15m or daily 02:00 to a job")
            return .invalidInput
        }
        let log: ServiceLogFile
        do {
            log = try ServiceLogFile(path: arguments.value("log") ?? configuration.service.logFile)
        } catch {
            console.diagnostic("huitong serve: \(error.description)")
            return .invalidInput
        }
        let store = ServiceStateStore(stateDirectory: configuration.stateDirectory)
        let lock: FileLock?
        do {
            lock = try store.lock()
        } catch {
            console.diagnostic("huitong serve: \(error.description)")
            return .invalidInput
        }
        guard let lock else {
            console.diagnostic("huitong serve: another huitong serve holds \(store.lockPath): one service per state directory. Stop it first, or give this configuration another state: directory.")
            return .invalidInput
        }
        let signals = StopSignals(command: "huitong serve", grace: try RunCommand.stopGrace(arguments, command: "serve"), console: console)
        defer { withExtendedLifetime((signals, lock)) {} }
        let ledger = configuration.ledgerDirectory
        let service = try SchedulerService(
            configuration: configuration, store: store, stop: signals.request, maxRuns: maxRuns,
            makeRunner: { JobRunner(configuration: $0, ledger: LedgerRecorder(directory: ledger)) },
            log: log.write)
        signals.request.onRequest { reason in
            log.write("stopping", ["signal": .string(reason), "running": service.status()["jobs"] ?? .null])
            service.wake()
        }
        let reloads = Reloads(path: path, service: service, log: log)
        defer { withExtendedLifetime(reloads) {} }
        var server: HTTPServer?
        if let port = configuration.service.listenPort {
            do {
                server = try HTTPServer(configuration: HTTPServer.Configuration(port: UInt16(port))) { request in
                    Self.answer(request, service: service)
                }
                log.write("listening", ["address": .string("127.0.0.1:\(port)")])
            } catch {
                console.diagnostic("huitong serve: cannot listen on 127.0.0.1:\(port): \(error). Choose another port in service: listen.")
                return .invalidInput
            }
        }
        defer { server?.stop() }
        let runs = await service.run()
        log.write("stopped", ["runs": .integer(Int64(runs)), "reason": .string(signals.request.reason ?? "runs done")])
        return .success
    }

    /// `GET /status`: the service's state as JSON; `GET /metrics`: the Prometheus text of the runs' histories.
    static func answer(_ request: ServerRequest, service: SchedulerService) -> ServerResponse {
        guard request.method == "GET" else { return .text(405, "only GET\n") }
        switch request.target.split(separator: "?").first.map(String.init) ?? "" {
        case "/status":
            let body = (try? JSONWriter().string(for: service.status())) ?? "{}"
            return .json(200, Array(body.utf8))
        case "/metrics":
            do {
                let text = try MetricsSnapshot.prometheusText(configuration: service.configuration)
                return .answer(status: 200, headers: [("Content-Type", PrometheusText.contentType)], body: Array(text.utf8))
            } catch {
                return .text(500, "the metrics cannot be read: \(error.description)\n")
            }
        default:
            return .text(404, "GET /status or /metrics\n")
        }
    }
}

/// SIGHUP: the configuration read again; a broken one reported and the running one kept.
private final class Reloads {
    private let source: any DispatchSourceSignal

    init(path: String, service: SchedulerService, log: ServiceLogFile) {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "huitong.serve.reload"))
        source.setEventHandler {
            do throws(ConfigurationFailure) {
                let configuration = try HubConfiguration.load(path: path)
                // What the service holds open or locked is not swapped under it.
                let running = service.configuration
                let fixed: [(String, Bool)] = [
                    ("state", configuration.stateDirectory != running.stateDirectory),
                    ("ledger", configuration.ledgerDirectory != running.ledgerDirectory),
                    ("service log", configuration.service.logFile != running.service.logFile),
                    ("service listen", configuration.service.listenPort != running.service.listenPort),
                ]
                let changed = fixed.filter(\.1).map(\.0)
                guard changed.isEmpty else {
                    log.write("reload-failed", ["configuration": .string(path), "errors": .array(changed.map { .string("\($0) changed: the service keeps its state lock, ledger, log and port open; restart it to take that change") }),
                                                "hint": "The running configuration is kept; restart the service (systemctl restart huitong) for this change."])
                    return
                }
                service.reload(configuration)
            } catch {
                let errors: [Value] = error.errors.map { .string($0.description) }
                log.write("reload-failed", ["configuration": .string(path), "errors": .array(errors),
                                            "hint": "The running configuration is kept; fix the errors and send SIGHUP again."])
            }
        }
        source.resume()
        self.source = source
    }

    deinit {
        source.cancel()
        signal(SIGHUP, SIG_DFL)
    }
}

/// The service's log: one JSON object per line, with the time and the event first, appended to a
/// file or written to standard error.
final class ServiceLogFile: Sendable {
    private let descriptor: Int32
    private let lock = Mutex(())

    init(path: String?) throws(StorageError) {
        guard let path else {
            descriptor = 2
            return
        }
        try FileStorage.createDirectory(FileStorage.parentPath(of: path))
        let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard opened >= 0 else { throw StorageError("open the log", path: path) }
        descriptor = opened
    }

    deinit {
        if descriptor > 2 { close(descriptor) }
    }

    @Sendable func write(_ event: String, _ fields: OrderedObject) {
        var object: OrderedObject = ["time": .string(SystemWallClock().now().formatted(.rfc3339Milliseconds, in: .beijing)), "event": .string(event)]
        for (key, value) in fields { object[key] = value }
        guard let text = try? JSONWriter().string(for: .object(object)) else { return }
        let bytes = Array((text + "\n").utf8)
        lock.withLock { _ in
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }
}
