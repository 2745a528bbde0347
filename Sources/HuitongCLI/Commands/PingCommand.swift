import Foundation
import HuitongCore
import HuitongHub
import HuitongPlatforms

/// `huitong ping [PLATFORM…]`: reachability, authentication and clock skew of each platform.
struct PingCommand: Command {
    /// Beyond this skew the province starts refusing signatures (300 s); warn well before.
    static let skewWarningMilliseconds: Int64 = 60_000

    var spec: CommandSpec {
        CommandSpec(
            name: "ping",
            summary: "Check that each platform is reachable, accepts our credentials where its ping can tell, and agrees on the time.",
            discussion: """
            For each PLATFORM of the configuration (default: all of them) sends the profile's ping request,
            authenticated and signed exactly as a batch would be (fetching a token first where the platform
            uses one), and reports the round trip, what the answer proved, and the platform's clock skew when
            it publishes its time. The credentials are proven only where the profile says the platform checks
            them on its ping (ping.authenticated: true); elsewhere the platform is reported reachable, with its
            credentials not proven: a push may still be refused. A skew of \(Self.skewWarningMilliseconds / 1000) s or more is reported as a
            finding: the province refuses timestamps more than 300 s off. Credentials never appear in the output.
            """,
            options: [
                .config,
                OptionSpec(name: "test", help: "use each platform's joint-test base URL and mode"),
                OptionSpec(name: "json", help: "print one JSON object for scripts"),
            ],
            arguments: [ArgumentSpec(name: "PLATFORM", arity: .variadic, help: "platform names from the configuration")],
            examples: [
                ("huitong ping", "every configured platform"),
                ("huitong ping province --json", "one platform, machine-readable"),
                ("huitong ping --config examples/huitong.yaml city", "with another configuration file"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        let configuration = try HubConfiguration.load(path: arguments.configurationPath)
        guard let platforms = ConfiguredNames.select(
            arguments.allPositionals("PLATFORM"), from: configuration.platforms, name: \.settings.name, kind: "platform",
            command: "ping", file: configuration.file, console: console
        ) else { return .usage }
        var results: [Value] = []
        var status = ExitStatus.success
        for platform in platforms {
            let name = platform.settings.name
            let connector = try PlatformConnector(profile: platform.profile, settings: platform.settings)
            do {
                let report = try await connector.ping(test: arguments.flag("test"))
                let skewed = report.skewMilliseconds.map { abs($0) >= Self.skewWarningMilliseconds } ?? false
                if skewed, status == .success { status = .finishedWithFindings }
                results.append(Self.json(report, ok: true, problem: skewed ? "clock skew beyond \(Self.skewWarningMilliseconds / 1000) s" : nil))
                if !arguments.flag("json") { Self.print(report, skewed: skewed, console: console) }
            } catch {
                status = .runtimeFailure
                results.append(.object(["platform": .string(name), "ok": false, "error": .string(error.description)]))
                if !arguments.flag("json") {
                    console.line("\(name)  FAILED")
                    console.line("  \(error.description)")
                }
            }
        }
        if arguments.flag("json") {
            console.line(try JSONWriter().string(for: .object(["platforms": .array(results)])))
        }
        return status
    }

    /// What the first line says a ping proved.
    static func verdict(_ report: PingReport) -> String {
        report.credentialsProven ? "ok: reachable, credentials proven" : "reachable; credentials not proven by this platform's ping"
    }

    static func print(_ report: PingReport, skewed: Bool, console: Console) {
        console.line("\(report.platform)  \(verdict(report))")
        console.line("  request        \(report.request) → HTTP \(report.status) in \(report.milliseconds) ms")
        let token = report.tokenRequests > 0 ? " (token obtained)" : ""
        if report.credentialsProven {
            console.line("  authenticated  \(report.authentication)\(token)")
        } else {
            let sent = report.authentication == "none" ? "the ping carries none" : "sent \(report.authentication)\(token), not checked by this ping"
            console.line("  credentials    \(sent): a push may still be refused")
        }
        if let skew = report.skewMilliseconds {
            let seconds = Double(skew) / 1000
            let direction = skew > 0 ? "platform ahead" : skew < 0 ? "platform behind" : "in step"
            let sign = seconds >= 0 ? "+" : "−"
            console.line("  clock skew     \(sign)\(String(format: "%.1f", abs(seconds))) s (\(direction))\(skewed ? "  ← fix this machine's or the platform's clock" : "")")
        } else {
            console.line("  clock skew     not published by the platform")
        }
    }

    static func json(_ report: PingReport, ok: Bool, problem: String?) -> Value {
        var object = OrderedObject()
        object["platform"] = .string(report.platform)
        object["ok"] = .bool(ok && problem == nil)
        object["request"] = .string(report.request)
        object["status"] = .integer(Int64(report.status))
        object["milliseconds"] = .integer(report.milliseconds)
        object["authentication"] = .string(report.authentication)
        object["credentials"] = .string(report.credentialsProven ? "proven" : "not_proven")
        object["skewMilliseconds"] = report.skewMilliseconds.map { .integer($0) } ?? .null
        if let problem { object["problem"] = .string(problem) }
        return .object(object)
    }
}
