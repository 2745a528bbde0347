import Dispatch
import Foundation
import HuitongCore
import HuitongSandbox

/// `huitong sandbox`: runs stand-ins for the province, the city and the facilities API on
/// 127.0.0.1 until stopped, for the demo, the tests and operators rehearsing a joint test.
struct SandboxCommand: Command {
    var spec: CommandSpec {
        CommandSpec(
            name: "sandbox",
            summary: "Run the built-in sandbox platforms (province, city, facilities API) on 127.0.0.1 until stopped.",
            discussion: """
            The province follows province-exchange-v1 and the city city-openapi-v2 to the letter (signing,
            tokens, digests, idempotency, field rules, paging), the facilities API sources.md section 3.
            Faults (500/503, 429, slow answers, connections dropped after a batch was applied, token
            revocation, clock skew) are configured per platform in the --config file and are reproducible
            from their seed. Every platform serves GET /_sandbox/state (records, counters, request log).
            Port 0 picks a free port; the chosen ones are printed and written to --ports-file. Stops
            cleanly on SIGINT or SIGTERM, writing --dump first.
            """,
            options: [
                OptionSpec(name: "config", short: "c", kind: .value(placeholder: "FILE"), help: "sandbox configuration (YAML; see examples/sandbox.yaml)"),
                OptionSpec(name: "province-port", kind: .value(placeholder: "PORT"), help: "port of the province platform (0: any free port)"),
                OptionSpec(name: "city-port", kind: .value(placeholder: "PORT"), help: "port of the city platform (0: any free port)"),
                OptionSpec(name: "facilities-port", kind: .value(placeholder: "PORT"), help: "port of the facilities API (0: any free port)"),
                OptionSpec(name: "facilities-file", kind: .value(placeholder: "FILE"), help: "JSON array of facility items the facilities API serves"),
                OptionSpec(name: "seed", kind: .value(placeholder: "N"), help: "seed for fault plans that name none (default 1)"),
                OptionSpec(name: "ports-file", kind: .value(placeholder: "FILE"), help: "write the platforms' ports and base URLs here as JSON once listening"),
                OptionSpec(name: "dump", kind: .value(placeholder: "FILE"), help: "write every platform's state here as JSON when stopping"),
                OptionSpec(name: "json", help: "print the endpoints as JSON instead of text"),
            ],
            examples: [
                ("huitong sandbox", "all three platforms on free ports, default credentials"),
                ("huitong sandbox -c examples/sandbox.yaml --ports-file /tmp/ports.json", "as configured; ports for scripts"),
                ("curl -s http://127.0.0.1:PORT/exchange/_sandbox/state", "what the province holds"),
            ]
        )
    }

    func run(_ arguments: ParsedArguments, console: Console) async throws -> ExitStatus {
        var configuration = try arguments.value("config").map(SandboxConfiguration.load(path:)) ?? SandboxConfiguration()
        if let seed = arguments.value("seed") {
            guard let value = UInt64(seed) else { throw usage("--seed takes a whole number, not \"\(seed)\"") }
            configuration.seed = value
        }
        configuration.province.port = try port(arguments, "province-port") ?? configuration.province.port
        configuration.city.port = try port(arguments, "city-port") ?? configuration.city.port
        configuration.facilities.port = try port(arguments, "facilities-port") ?? configuration.facilities.port
        if let file = arguments.value("facilities-file") { configuration.facilitiesFile = file }

        let runner = try SandboxRunner(configuration: configuration)
        // Taken before the ports file is written: a script that waits for the file and then
        // signals cannot be faster than the handler.
        let stop = SignalWaiter(signals: [SIGINT, SIGTERM])
        if let path = arguments.value("ports-file") {
            try SandboxRunner.write(runner.endpoints, to: path)
        }
        if arguments.flag("json") {
            console.line(try JSONWriter().string(for: runner.endpoints))
        } else {
            for platform in runner.platforms {
                console.line("\(platform.name.padding(toLength: 11, withPad: " ", startingAt: 0)) \(platform.baseURL)")
            }
            console.line("credentials: province app key \(configuration.provinceAppSecrets.keys.sorted().joined(separator: ", ")); "
                + "city client \(configuration.cityClients.keys.sorted().joined(separator: ", ")) (secrets as configured)")
            console.line("state: GET <base URL>/_sandbox/state — stop with Ctrl-C")
        }
        let signal = await stop.wait()
        if let path = arguments.value("dump") {
            try SandboxRunner.write(runner.state(), to: path)
        }
        runner.stop()
        console.diagnostic("sandbox: stopped on \(signal == SIGTERM ? "SIGTERM" : "SIGINT")")
        return .success
    }

    private func port(_ arguments: ParsedArguments, _ name: String) throws -> UInt16? {
        guard let text = arguments.value(name) else { return nil }
        guard let port = UInt16(text) else { throw usage("--\(name) takes a port from 0 to 65535, not \"\(text)\"") }
        return port
    }

    private func usage(_ message: String) -> UsageError {
        UsageError(command: "sandbox", message: message, hint: "See 'huitong sandbox --help'.")
    }
}

/// Waits for the first of some signals, handled on a Dispatch queue instead of in a signal
/// handler, so the process can shut down cleanly (write its dump, close its sockets).
final class SignalWaiter {
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    init(signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// The number of the first signal received.
    func wait() async -> Int32 {
        for await number in stream { return number }
        return SIGTERM
    }

    deinit { sources.forEach { $0.cancel() } }
}
