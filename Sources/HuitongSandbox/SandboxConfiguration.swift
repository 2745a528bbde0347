import HuitongCore
import HuitongYAML

/// What `huitong sandbox` starts: which platforms, on which ports, with which credentials and
/// faults. Read from a YAML file (see examples/sandbox.yaml); every key is optional.
package struct SandboxConfiguration: Sendable {
    /// What every platform has: whether it runs, its port (0 picks a free one) and its faults.
    package struct Common: Sendable {
        package var enabled = true
        package var port: UInt16 = 0
        package var faults = FaultPlan.none
        package var basePath: String

        init(basePath: String) { self.basePath = basePath }
    }

    package var province = Common(basePath: "/exchange")
    /// App key → app secret.
    package var provinceAppSecrets = ["huitong-sandbox": "sandbox-province-secret"]

    package var city = Common(basePath: "")
    /// Client id → client secret.
    package var cityClients = ["huitong-sandbox": "sandbox-city-secret"]
    package var cityTokenLifetimeSeconds = 7200

    package var facilities = Common(basePath: "")
    /// The JSON file with the facilities the API serves; none serves an empty list.
    package var facilitiesFile: String?
    package var facilitiesPageSize = 50
    package var facilitiesBearerToken: String?

    /// The seed of fault plans that do not name their own.
    package var seed: UInt64 = 1

    package init() {}

    /// Reads a sandbox configuration file.
    package static func load(path: String) throws -> SandboxConfiguration {
        let root = try YAMLLoader.load(path: path).requireSingleDocument()
        var configuration = SandboxConfiguration()
        for entry in try root.requireMapping() {
            let key = try entry.key.requireString()
            switch key {
            case "seed": configuration.seed = UInt64(clamping: try entry.value.requireInt())
            case "province": try configuration.loadProvince(entry.value)
            case "city": try configuration.loadCity(entry.value)
            case "facilities": try configuration.loadFacilities(entry.value)
            default: throw entry.key.error(.unknownKey, "the sandbox configuration has no key \"\(key)\"; it takes seed, province, city, facilities")
            }
        }
        return configuration
    }

    private mutating func loadProvince(_ node: YAMLNode) throws(YAMLError) {
        for entry in try node.requireMapping() {
            let key = try entry.key.requireString()
            if try loadCommon(key, entry.value, into: &province) { continue }
            switch key {
            case "app_keys": provinceAppSecrets = try secrets(entry.value)
            default: throw entry.key.error(.unknownKey, "province has no key \"\(key)\"; it takes enabled, port, base_path, app_keys, faults")
            }
        }
    }

    private mutating func loadCity(_ node: YAMLNode) throws(YAMLError) {
        for entry in try node.requireMapping() {
            let key = try entry.key.requireString()
            if try loadCommon(key, entry.value, into: &city) { continue }
            switch key {
            case "clients": cityClients = try secrets(entry.value)
            case "token_lifetime_seconds": cityTokenLifetimeSeconds = try entry.value.requireInt()
            default: throw entry.key.error(.unknownKey, "city has no key \"\(key)\"; it takes enabled, port, base_path, clients, token_lifetime_seconds, faults")
            }
        }
    }

    private mutating func loadFacilities(_ node: YAMLNode) throws(YAMLError) {
        for entry in try node.requireMapping() {
            let key = try entry.key.requireString()
            if try loadCommon(key, entry.value, into: &facilities) { continue }
            switch key {
            case "items": facilitiesFile = try entry.value.requireString()
            case "page_size": facilitiesPageSize = max(1, try entry.value.requireInt())
            case "bearer_token": facilitiesBearerToken = entry.value.isNull ? nil : try entry.value.requireString()
            default: throw entry.key.error(.unknownKey, "facilities has no key \"\(key)\"; it takes enabled, port, base_path, items, page_size, bearer_token, faults")
            }
        }
    }

    /// The keys every platform section shares; true when `key` was one of them.
    private func loadCommon(_ key: String, _ value: YAMLNode, into common: inout Common) throws(YAMLError) -> Bool {
        switch key {
        case "enabled": common.enabled = try value.requireBool()
        case "port":
            let port = try value.requireInt()
            guard (0...65535).contains(port) else { throw value.error(.invalidValue, "a port is 0 to 65535 (0 picks a free one)") }
            common.port = UInt16(port)
        case "base_path": common.basePath = try value.requireString()
        case "faults": common.faults = try FaultPlan.load(from: value, defaultSeed: seed)
        default: return false
        }
        return true
    }

    private func secrets(_ node: YAMLNode) throws(YAMLError) -> [String: String] {
        var result: [String: String] = [:]
        for entry in try node.requireMapping() {
            result[try entry.key.requireString()] = try entry.value.requireString()
        }
        return result
    }
}
