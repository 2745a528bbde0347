import HuitongMapping
import HuitongPlatforms

/// One job: a source read with its adapter, normalised by a source mapping, and sent to one
/// or more targets.
package struct JobConfiguration: Sendable {
    package let name: String
    package let description: String
    package let source: SourceSpec
    package let mapping: CompiledMapping
    /// When `huitong schedule` runs the job (`every 15m`, `daily 02:00`, `0 2 * * MON-FRI`, `@hourly`),
    /// in the zone of its `timezone:`; `huitong run` ignores it.
    package let schedule: JobSchedule?
    package let targets: [TargetConfiguration]
    /// How `huitong serve` treats the job: overlap, misfire and jitter.
    package var service = JobServicePolicy()
    /// How old the last success may be before `huitong status` flags the job (`freshness:`).
    package var freshness: FreshnessPolicy? = nil
}

/// How records reach one platform dataset.
package struct TargetConfiguration: Sendable {
    package enum Mode: String, Sendable {
        /// Send what changed since the last exchange the platform accepted: new and changed
        /// records as upserts and, when `deletes` is on, records gone from the source as deletes.
        case sync
        /// Send each record once, in the order read (an append-only stream); nothing is
        /// compared with earlier exchanges and nothing is deleted.
        case append
    }

    /// `province-rfgc`: the platform and dataset, unique within a job.
    package var name: String { "\(platform)-\(dataset)" }
    package let platform: String
    package let dataset: String
    package let mapping: CompiledMapping
    /// The dataset as the platform's profile describes it (key fields, separator, limits).
    package let datasetProfile: DatasetProfile
    package let mode: Mode
    package let deletes: Bool
    /// How many deletes one run may send without `--allow-deletes` (sync targets with deletes).
    package let deletePolicy: DeletePolicy
}

/// Which source plugin reads a job's source and with what options (checked against its
/// manifest when the configuration loads).
package struct SourceSpec: Sendable {
    package let plugin: PluginManifest
    package let options: SourceOptions
    /// A process plugin's stream and replication key, when the job names them.
    package let stream: String?
    package let replicationKey: String?
    /// The environment a process plugin is given: PATH, HOME, LANG, LC_ALL, TZ and the
    /// variables its manifest declares, as the configuration was loaded with them.
    package let processEnvironment: [String: String]

    package init(plugin: PluginManifest, options: SourceOptions, stream: String? = nil, replicationKey: String? = nil, processEnvironment: [String: String] = [:]) {
        self.plugin = plugin
        self.options = options
        self.stream = stream
        self.replicationKey = replicationKey
        self.processEnvironment = processEnvironment
    }

    /// What the source is, for messages and the run's progress (never a secret):
    /// `csv (path=…, encoding=auto)`.
    package var description: String {
        var summary = options.summary(in: plugin)
        if let stream { summary += (summary.isEmpty ? "" : ", ") + "stream=\(stream)" }
        return summary.isEmpty ? plugin.name : "\(plugin.name) (\(summary))"
    }

    /// Whether the adapter reads only what is new since its checkpoint: such a read is not
    /// the whole source, so records missing from it must not be deleted.
    package var isIncremental: Bool { plugin.incremental }
}
