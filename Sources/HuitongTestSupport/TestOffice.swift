import Foundation
import HuitongSandbox

/// A temporary office for tests: a directory of its own, the sandbox's province and city
/// platforms running on 127.0.0.1 (ephemeral ports, nothing reaches further), their secrets in
/// `province.secret` and `city.secret` for `${file:}` references, and a `huitong.yaml` builder
/// (``configurationFile(jobs:state:ledger:)``).
///
/// Releasing the office, or calling ``remove()``, stops the sandbox and deletes the directory.
package final class TestOffice: Sendable {
    /// The office's directory; the relative paths in its `huitong.yaml` are read from here.
    package let directory: String
    /// The running sandbox: province and city (the facilities API is not started).
    package let sandbox: SandboxRunner
    /// Where connectors built for the office record the waits they ask for, so retries take
    /// no real time (give them `{ office.waits.record($0) }` as their sleeper).
    package let waits = WaitRecorder()

    /// Starts the sandbox, `province` and `city` with these faults, and creates the directory
    /// with the sandbox's secrets in their files.
    package init(province: FaultPlan = .none, city: FaultPlan = .none) throws {
        var configuration = SandboxConfiguration()
        configuration.province.faults = province
        configuration.city.faults = city
        configuration.facilities.enabled = false
        sandbox = try SandboxRunner(configuration: configuration)
        directory = NSTemporaryDirectory() + "huitong-office-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for credentials in [SandboxCredentials.province, .city] {
                try writeSecret(credentials.platform, credentials.secret)
            }
        } catch {
            remove()
            throw error
        }
    }

    deinit { remove() }

    /// Stops the sandbox and deletes the directory (again is harmless).
    package func remove() {
        sandbox.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The full path of `relativePath` in the office.
    package func path(_ relativePath: String) -> String { directory + "/" + relativePath }

    /// Copies `Tests/Fixtures/FIXTURE` to `relativePath` in the office, making its folders.
    package func copyFixture(_ fixture: String, to relativePath: String) throws {
        let target = path(relativePath)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true
        )
        try FileManager.default.copyItem(atPath: Fixtures.path(fixture), toPath: target)
    }

    /// Writes `contents`, exactly, as `PLATFORM.secret` (the office starts with the sandbox's secrets there).
    package func writeSecret(_ platform: String, _ contents: String) throws {
        try contents.write(toFile: path("\(platform).secret"), atomically: true, encoding: .utf8)
    }

    // MARK: The sandbox

    /// The running sandbox platform `platform` (`province` or `city`).
    package func running(_ platform: String) -> SandboxRunner.Running {
        guard let running = sandbox.platforms.first(where: { $0.name == platform }) else {
            preconditionFailure("the office's sandbox runs no \(platform)")
        }
        return running
    }

    /// The base URL a client configures for `platform`, such as `http://127.0.0.1:40123/exchange`.
    package func baseURL(_ platform: String) -> String { running(platform).baseURL }

    package var provincePlatform: ProvincePlatform { running("province").host.platform as! ProvincePlatform }
    package var cityPlatform: CityPlatform { running("city").host.platform as! CityPlatform }

    /// From the next request on, `platform` gets `faults` (`.none`: it turns honest); what it
    /// holds and remembers stays.
    package func replaceFaults(_ platform: String, with faults: FaultPlan) {
        running(platform).host.replaceFaults(with: faults)
    }

    // MARK: huitong.yaml

    /// Where ``ConfigurationFile/write()`` puts the office's `huitong.yaml`.
    package var configurationPath: String { path("huitong.yaml") }

    /// A `huitong.yaml` for the office with `jobs` (see ``ConfigurationFile/jobs``) and, when
    /// given, `state:` and `ledger:`; change its other keys before writing it.
    package func configurationFile(jobs: [String] = [], state: String? = nil, ledger: String? = nil) -> ConfigurationFile {
        ConfigurationFile(
            path: configurationPath, platforms: ["province", "city"].map { ($0, baseURL($0)) },
            state: state, ledger: ledger, jobs: jobs
        )
    }

    /// The job `teams`, as an entry of ``ConfigurationFile/jobs``: the rescue-team roster
    /// (`teams.json` in the office, copied by the caller) sent to both platforms, with `keys`
    /// (`schedule: every 15m`) added under the job.
    package static func teamsJob(_ keys: [String] = []) -> String {
        (["teams:"] + keys.map { "  " + $0 } + [
            "  source: {adapter: json, path: teams.json}",
            "  mapping: sources/rescue-teams.yaml",
            "  targets:",
            "    - {platform: province, mapping: targets/province/zyd.yaml}",
            "    - {platform: city, mapping: targets/city/team.yaml}",
        ]).joined(separator: "\n")
    }

    /// A `huitong.yaml` whose `platforms:` are the office's sandbox platforms, with the
    /// sandbox's app key and client id and their secrets as `${file:PLATFORM.secret}`.
    package struct ConfigurationFile: Sendable {
        /// Where ``write()`` writes: the office's ``TestOffice/configurationPath``.
        package let path: String
        /// The name and base URL of each platform, in the order they are listed.
        package let platforms: [(name: String, baseURL: String)]
        /// `plugins:`: the repository's own `plugins/` unless changed.
        package var plugins = RepositoryPaths.path("plugins")
        /// `mappings:`: the repository's own `mappings/` unless changed; nil leaves the key out.
        package var mappings: String? = RepositoryPaths.mappings
        /// `state:` and `ledger:`; nil leaves the key out, so huitong's defaults apply.
        package var state: String?
        package var ledger: String?
        /// The entries under `jobs:`, each the YAML of one job starting with its name at
        /// column 0 (`teams:\n  source: …`); the file indents them. None leaves `jobs:` out.
        package var jobs: [String]

        init(path: String, platforms: [(name: String, baseURL: String)], state: String?, ledger: String?, jobs: [String]) {
            self.path = path
            self.platforms = platforms
            self.state = state
            self.ledger = ledger
            self.jobs = jobs
        }

        /// The file's text.
        package var text: String {
            var lines = ["version: 1", "plugins: \(plugins)"]
            if let mappings { lines.append("mappings: \(mappings)") }
            if let state { lines.append("state: \(state)") }
            if let ledger { lines.append("ledger: \(ledger)") }
            lines.append("platforms:")
            for (name, baseURL) in platforms {
                let credentials = SandboxCredentials.of(name)
                lines += [
                    "  \(name):",
                    "    base_url: \(baseURL)",
                    "    credentials: {\(credentials.idName): \(credentials.id), \(credentials.secretName): \"${file:\(name).secret}\"}",
                ]
            }
            if !jobs.isEmpty {
                lines.append("jobs:")
                for job in jobs {
                    lines += job.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
                }
            }
            return lines.joined(separator: "\n")
        }

        /// Writes the file and returns its path.
        @discardableResult
        package func write() throws -> String {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }
}
