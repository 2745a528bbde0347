import HuitongCore
import HuitongTransport
import HuitongYAML

extension PlatformSettings {
    /// The keys of one entry under a configuration's `platforms:`.
    package static let configurationKeys: Set<String> = [
        "profile", "base_url", "test_base_url", "credentials", "options", "tls", "proxy", "timeouts", "concurrency",
    ]

    /// A base URL given as a reference that was not read (`CredentialResolution.skip`).
    static let unresolvedBaseURL = "http://unresolved.invalid"

    /// Reads one entry of a configuration's `platforms:` section, resolving `${env:…}` and
    /// `${file:…}` references now (unless `resolution` is `.skip`), and checks it against
    /// `profile` when given. Problems are added to `errors` at their line and column; a
    /// credential's value never appears in one.
    ///
    /// - Returns: the settings and the profile name (`profile:`, default: the entry's name).
    package static func load(
        name: String, node: YAMLNode, profile: PlatformProfile?, baseDirectory: String,
        environment: [String: String], resolution: CredentialResolution = .resolve, into errors: inout YAMLErrorCollector
    ) -> PlatformSettings? {
        let fields = node.entries(allowing: configurationKeys, what: "platform \(name)", into: &errors)
        func text(_ key: String) -> String? {
            fields[key].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } }
        }
        /// The value, or nil for a reference left unread.
        func resolved(_ key: String) -> String? {
            guard let raw = text(key), let node = fields[key] else { return nil }
            let reference = CredentialReference(parsing: raw)
            if resolution == .skip, case .literal(let text) = reference { return text }
            if resolution == .skip { return nil }
            do {
                return try reference.resolve(environment: environment, baseDirectory: baseDirectory)
            } catch {
                errors.add(node.error(.invalidValue, "\(key): \(error.description)"))
                return nil
            }
        }
        if fields["base_url"] == nil {
            errors.add(node.error(.missingKey, "platform \(name) needs base_url: (e.g. https://rf.js.example/exchange or ${env:NAME})"))
        }
        // An unresolvable base URL is reported above; the rest is still checked (and the
        // platform stays known to the jobs), but the configuration as a whole fails to load.
        let baseURL = resolved("base_url") ?? (resolution == .skip ? unresolvedBaseURL : "http://base-url-unresolved.invalid")
        var settings = PlatformSettings(name: name, baseURL: baseURL)
        settings.credentialsResolved = resolution == .resolve
        settings.testBaseURL = resolved("test_base_url") ?? (resolution == .skip && fields["test_base_url"] != nil ? unresolvedBaseURL : nil)

        if let credentialsNode = fields["credentials"] {
            for entry in credentialsNode.mappingEntries ?? [] {
                let key = entry.key.scalar?.text ?? ""
                guard let raw = errors.attempt({ () throws(YAMLError) in try entry.value.requireString() }) else {
                    // Declared but not text: reported, not again as missing.
                    settings.credentials[key] = Secret("")
                    continue
                }
                let reference = CredentialReference(parsing: raw)
                if case .literal = reference, profile?.credential(named: key)?.secret ?? true {
                    errors.add(entry.value.errorWithoutExcerpt(.invalidValue, "credential \(key) is a secret: write ${env:NAME} or ${file:PATH}, never the value itself (the line is not shown)"))
                    settings.credentials[key] = Secret("")
                    continue
                }
                if resolution == .skip {
                    // Declared, not read: the profile's check below still sees it present.
                    if case .literal(let text) = reference { settings.credentials[key] = Secret(text) } else { settings.credentials[key] = Secret("") }
                    continue
                }
                do {
                    settings.credentials[key] = Secret(try reference.resolve(environment: environment, baseDirectory: baseDirectory))
                } catch {
                    errors.add(entry.value.error(.invalidValue, "credential \(key): \(error.description)"))
                    // Declared but unreadable: reported above, not again as missing.
                    settings.credentials[key] = Secret("")
                }
            }
            if credentialsNode.mappingEntries == nil {
                errors.add(credentialsNode.error(.typeMismatch, "credentials is a mapping: name → ${env:NAME} or ${file:PATH}"))
            }
        }
        for entry in fields["options"]?.mappingEntries ?? [] {
            if let value = errors.attempt({ () throws(YAMLError) in try entry.value.requireString() }) {
                settings.options[entry.key.scalar?.text ?? ""] = value
            }
        }
        if let tls = fields["tls"] {
            let t = tls.entries(allowing: ["verify", "ca_file", "ca_path", "client_certificate", "client_key"], what: "tls", into: &errors)
            if let verify = t["verify"] { settings.transport.verifyTLS = errors.attempt { () throws(YAMLError) in try verify.requireBool() } ?? true }
            func path(_ key: String) -> String? {
                t[key].flatMap { node in errors.attempt { () throws(YAMLError) in try node.requireString() } }
                    .map { $0.hasPrefix("/") ? $0 : baseDirectory + "/" + $0 }
            }
            settings.transport.caFile = path("ca_file")
            settings.transport.caPath = path("ca_path")
            settings.transport.clientCertificateFile = path("client_certificate")
            settings.transport.clientKeyFile = path("client_key")
            // Commands that send nothing (.skip) need not reach the TLS files either.
            if resolution == .resolve {
                let paths = ["ca_file": settings.transport.caFile, "ca_path": settings.transport.caPath,
                             "client_certificate": settings.transport.clientCertificateFile, "client_key": settings.transport.clientKeyFile].compactMapValues { $0 }
                TLSFileCheck.checkAll(t, paths: paths, tls: tls, into: &errors)
            }
        }
        settings.transport.proxy = resolved("proxy")
        if let timeouts = fields["timeouts"] {
            let t = timeouts.entries(allowing: ["connect_seconds", "total_seconds"], what: "timeouts", into: &errors)
            if let connect = t["connect_seconds"] { settings.transport.connectTimeout = errors.attempt { () throws(YAMLError) in try connect.requireDouble() } ?? 10 }
            if let total = t["total_seconds"] { settings.transport.totalTimeout = errors.attempt { () throws(YAMLError) in try total.requireDouble() } ?? 120 }
        }
        if let concurrency = fields["concurrency"] {
            let value = errors.attempt { () throws(YAMLError) in try concurrency.requireInt() } ?? 4
            if (1...16).contains(value) { settings.concurrency = value } else {
                errors.add(concurrency.error(.valueOutOfRange, "concurrency is 1 to 16 batches in flight"))
            }
        }
        settings.transport.maxConcurrentRequests = max(settings.transport.maxConcurrentRequests, settings.concurrency)
        if let profile {
            do {
                try settings.check(against: profile)
            } catch {
                for problem in error.problems { errors.add(node.error(.invalidValue, problem)) }
            }
        }
        return settings
    }

    /// The profile name an entry names (`profile:`), or the entry's own name.
    package static func profileName(of node: YAMLNode, entryName: String) -> String {
        node["profile"]?.scalar?.text ?? entryName
    }
}
