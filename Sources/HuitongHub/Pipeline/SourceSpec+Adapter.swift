import HuitongAdapters
import HuitongMapping

extension SourceSpec {
    /// The adapter that reads this source, made by the built-in adapter its plugin runs.
    package func adapter(for mapping: CompiledMapping) -> any SourceAdapter {
        switch plugin.runtime {
        case let .builtin(name):
            guard let adapter = AdapterRegistry.builtin.adapter(named: name) else {
                preconditionFailure("the plugin \(plugin.name) was loaded with the built-in adapter \(name), which this hub does not have")
            }
            return adapter.make(options, mapping)
        }
    }
}
