import HuitongMapping
import HuitongPlatforms

/// One job: a source read with its adapter, normalised by a source mapping, and sent to one
/// or more targets.
public struct JobConfiguration: Sendable {
    public let name: String
    public let description: String
    public let source: SourceSpec
    public let mapping: CompiledMapping
    /// When `huitong schedule` runs the job (`every 15m`, `daily 02:00`); `huitong run` ignores it.
    public let schedule: JobSchedule?
    public let targets: [TargetConfiguration]
}

/// How records reach one platform dataset.
public struct TargetConfiguration: Sendable {
    public enum Mode: String, Sendable {
        /// Send what changed since the last exchange the platform accepted: new and changed
        /// records as upserts and, when `deletes` is on, records gone from the source as deletes.
        case sync
        /// Send each record once, in the order read (an append-only stream); nothing is
        /// compared with earlier exchanges and nothing is deleted.
        case append
    }

    /// `province-rfgc`: the platform and dataset, unique within a job.
    public var name: String { "\(platform)-\(dataset)" }
    public let platform: String
    public let dataset: String
    public let mapping: CompiledMapping
    /// The dataset as the platform's profile describes it (key fields, separator, limits).
    public let datasetProfile: DatasetProfile
    public let mode: Mode
    public let deletes: Bool
    /// How many deletes one run may send without `--allow-deletes` (sync targets with deletes).
    public let deletePolicy: DeletePolicy
}

/// Which adapter reads a job's source and with what options.
public enum SourceSpec: Sendable {
    case csv(path: String, encoding: String)
    case jsonFile(path: String)
    case jsonLines(directory: String)
    case capDirectory(directory: String)
    /// `maximumPages`: the most pages one read may take (`max_pages`); more is an incomplete read.
    case httpAPI(baseURL: String, path: String, bearerToken: Secret?, maximumPages: Int)

    /// What the source is, for messages and the ledger (never a token).
    public var description: String {
        switch self {
        case let .csv(path, encoding): "CSV \(path) (\(encoding))"
        case let .jsonFile(path): "JSON file \(path)"
        case let .jsonLines(directory): "JSON Lines \(directory)"
        case let .capDirectory(directory): "CAP directory \(directory)"
        case let .httpAPI(baseURL, path, _, _): "HTTP API \(baseURL)\(path)"
        }
    }

    /// Whether the adapter reads only what is new since its checkpoint: such a read is not
    /// the whole source, so records missing from it must not be deleted.
    public var isIncremental: Bool {
        switch self {
        case .jsonLines, .capDirectory: true
        case .csv, .jsonFile, .httpAPI: false
        }
    }
}
