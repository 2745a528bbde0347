import HuitongCore
import HuitongPlatforms
import HuitongYAML

/// The `service:` block of the configuration: how `huitong serve` runs the scheduled jobs.
///
/// ```yaml
/// service:
///   max_jobs: 2            # runs at the same time, across the service
///   max_per_platform: 1    # runs at the same time that send to one platform
///   listen: 127.0.0.1:9464 # status (GET /status) and Prometheus metrics (GET /metrics); loopback only
///   log: .huitong/serve.log  # JSON lines, one per event (default: standard error)
///   notify:                  # a webhook POSTed a JSON summary, retried
///     url: ${env:HUITONG_WEBHOOK}
///     on: [failed, incomplete, freshness]
/// ```
package struct ServiceSettings: Sendable, Equatable {
    package var maxJobs = 2
    package var maxPerPlatform = 1
    /// The loopback port for status and metrics; nil: none.
    package var listenPort: Int?
    /// Where the service writes its log lines; nil: standard error.
    package var logFile: String?
    /// The webhook told of failed runs and freshness breaches; nil: none.
    package var notify: Notification?

    /// `notify:`: where to POST, and on which events.
    package struct Notification: Sendable, Equatable {
        package enum Event: String, Sendable, CaseIterable {
            /// A run that failed outright (its configuration, its source, the ledger).
            case failed
            /// A run that ended with batches the platform did not answer (sent again by the next).
            case incomplete
            /// A job whose last success is older than its freshness threshold.
            case freshness
        }

        /// The URL, which may carry a token: it is never logged (only its host is).
        package var url: Secret
        package var events: Set<Event>

        package static func == (left: Notification, right: Notification) -> Bool {
            left.url.reveal() == right.url.reveal() && left.events == right.events
        }
    }

    static let keys: Set<String> = ["max_jobs", "max_per_platform", "listen", "log", "notify"]

    package init() {}

    static func read(
        _ node: YAMLNode?, configurationPath: String, directory: String, environment: [String: String], resolution: CredentialResolution,
        into errors: inout YAMLErrorCollector
    ) -> ServiceSettings {
        var settings = ServiceSettings()
        guard let node else { return settings }
        let fields = node.entries(allowing: keys, what: "service", into: &errors)
        func count(_ key: String) -> Int? {
            guard let value = fields[key], let number = errors.attempt({ () throws(YAMLError) in try value.requireInt() }) else { return nil }
            guard (1...64).contains(number) else {
                errors.add(value.error(.invalidValue, "service \(key) is \(number); give a number of runs from 1 to 64"))
                return nil
            }
            return number
        }
        settings.maxJobs = count("max_jobs") ?? settings.maxJobs
        settings.maxPerPlatform = count("max_per_platform") ?? settings.maxPerPlatform
        if let value = fields["listen"], let text = errors.attempt({ () throws(YAMLError) in try value.requireString() }) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, ["127.0.0.1", "localhost"].contains(parts[0]), let port = Int(parts[1]), (1...65_535).contains(port) {
                settings.listenPort = port
            } else {
                errors.add(value.error(.invalidValue, "service listen is \"\(text)\"; write 127.0.0.1:PORT (status and metrics are served on loopback only; put a proxy in front to reach them from elsewhere)"))
            }
        }
        if let value = fields["log"], let text = errors.attempt({ () throws(YAMLError) in try value.requireString() }) {
            settings.logFile = HubConfiguration.resolve(text, besideConfigurationAt: configurationPath)
        }
        if let value = fields["notify"] {
            let notify = value.entries(allowing: ["url", "on"], what: "service notify", into: &errors)
            var events = Set(Notification.Event.allCases)
            if let list = notify["on"] {
                events = []
                for item in list.sequence ?? [] {
                    guard let text = errors.attempt({ () throws(YAMLError) in try item.requireString() }) else { continue }
                    if let event = Notification.Event(rawValue: text) {
                        events.insert(event)
                    } else {
                        errors.add(item.error(.invalidValue, "service notify on: \(text) is not an event; write a list of \(Notification.Event.allCases.map(\.rawValue).joined(separator: ", "))"))
                    }
                }
                if list.sequence == nil { errors.add(list.error(.invalidValue, "service notify on: takes a list, such as [failed, freshness]")) }
            }
            if let urlNode = notify["url"], let raw = errors.attempt({ () throws(YAMLError) in try urlNode.requireString() }) {
                let reference = CredentialReference(parsing: raw)
                var url: String?
                if resolution == .resolve {
                    do {
                        url = try reference.resolve(environment: environment, baseDirectory: directory)
                    } catch {
                        errors.add(urlNode.error(.invalidValue, "service notify url: \(error.description)"))
                    }
                } else {
                    url = ""
                }
                if let url, resolution == .resolve, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                    // The value is not shown: it may carry a token.
                    errors.add(urlNode.error(.invalidValue, "service notify url (\(reference)) is not an http:// or https:// URL"))
                } else if let url {
                    settings.notify = Notification(url: Secret(url), events: events)
                }
            } else if notify["url"] == nil {
                errors.add(value.error(.missingKey, "service notify needs url: (the webhook, best as ${env:NAME}: it may carry a token)"))
            }
        }
        return settings
    }
}

/// A job's `overlap`, `misfire`, `jitter` and `joint_test`: how `huitong serve` treats it.
package struct JobServicePolicy: Sendable, Equatable {
    package var overlap: OverlapPolicy = .skip
    package var misfire: MisfirePolicy = .runOnce
    package var jitterSeconds = 0
    /// The service runs the job as a joint test, as `huitong run --test` does: each platform's
    /// joint-test setting, CAP `Exercise` alerts included, state and ledger entries apart.
    package var jointTest = false

    package init(overlap: OverlapPolicy = .skip, misfire: MisfirePolicy = .runOnce, jitterSeconds: Int = 0, jointTest: Bool = false) {
        self.overlap = overlap
        self.misfire = misfire
        self.jitterSeconds = jitterSeconds
        self.jointTest = jointTest
    }

    static let keys: Set<String> = ["overlap", "misfire", "jitter", "joint_test"]

    static func read(_ fields: [String: YAMLNode], job: String, into errors: inout YAMLErrorCollector) -> JobServicePolicy {
        var policy = JobServicePolicy()
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) -> T? where T.RawValue == String {
            guard let value = fields[key], let text = errors.attempt({ () throws(YAMLError) in try value.requireString() }) else { return nil }
            guard let choice = T(rawValue: text) else {
                errors.add(value.error(.invalidValue, "job \(job) has \(key): \(text); write one of \(T.allCases.map(\.rawValue).joined(separator: ", "))"))
                return nil
            }
            return choice
        }
        policy.overlap = choice("overlap", OverlapPolicy.self) ?? policy.overlap
        policy.misfire = choice("misfire", MisfirePolicy.self) ?? policy.misfire
        if let value = fields["joint_test"], let flag = errors.attempt({ () throws(YAMLError) in try value.requireBool() }) {
            policy.jointTest = flag
        }
        if let value = fields["jitter"], let text = errors.attempt({ () throws(YAMLError) in try value.requireString() }) {
            if let seconds = Self.seconds(text), seconds <= 3600 {
                policy.jitterSeconds = seconds
            } else {
                errors.add(value.error(.invalidValue, "job \(job) has jitter: \(text); write a duration up to 1h, such as 30s or 5m"))
            }
        }
        return policy
    }

    /// `30s`, `5m`, `1h` as seconds (0 allowed).
    static func seconds(_ text: String) -> Int? {
        guard let unit = text.last, let number = Int(text.dropLast()), number >= 0 else { return nil }
        let scale = switch unit {
        case "s": 1
        case "m": 60
        case "h": 3600
        default: 0
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: scale)
        return scale == 0 || overflow ? nil : product
    }
}
