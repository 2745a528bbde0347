import HuitongAdapters
import HuitongCore
import HuitongMapping
import HuitongPlatforms

extension SourceSpec {
    /// The adapter that reads this source: the built-in adapter its plugin runs, or the
    /// plugin's process. A process plugin's standard error goes to the file `stderrLog`, when given.
    /// `stopRequested`, when given, is asked while a process plugin is silent: true ends it.
    package func adapter(for mapping: CompiledMapping, stderrLog: String? = nil, stopRequested: (@Sendable () -> Bool)? = nil) -> any SourceAdapter {
        switch plugin.runtime {
        case let .builtin(name):
            guard let adapter = AdapterRegistry.builtin.adapter(named: name) else {
                preconditionFailure("the plugin \(plugin.name) was loaded with the built-in adapter \(name), which this hub does not have")
            }
            return adapter.make(options, mapping)
        case let .process(process):
            var config = OrderedObject()
            for option in plugin.options {
                if let value = options.values[option.name] { config[option.name] = value }
                if let secret = options.secret(option.name) { config[option.name] = .string(secret.reveal()) }
            }
            let declared = Set(process.environment)
            let masked = options.secrets.values.map { $0.reveal() }
                + processEnvironment.filter { declared.contains($0.key) && $0.value.count >= 4 }.map(\.value)
            return SingerTapAdapter(
                name: plugin.name, command: process.command, environment: processEnvironment, config: .object(config), secrets: masked,
                stream: stream ?? process.stream, discover: process.discover, catalogFlag: process.catalogFlag, replicationKey: replicationKey,
                limits: .init(seconds: Double(process.timeLimitSeconds), lineBytes: process.maxLineBytes, outputBytes: process.maxOutputBytes),
                stderrLog: stderrLog, stopRequested: stopRequested
            )
        }
    }

    /// The variables a process plugin always gets, when the hub has them.
    static let baseEnvironment = ["PATH", "HOME", "LANG", "LC_ALL", "TZ"]
}
