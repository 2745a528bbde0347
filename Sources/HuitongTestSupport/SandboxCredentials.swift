import HuitongSandbox

/// The credentials a sandbox platform accepts unless configured otherwise. They are read from
/// `SandboxConfiguration`'s defaults, so the sandbox defines them once and tests never repeat them.
package struct SandboxCredentials: Sendable {
    /// `province` or `city`.
    package let platform: String
    /// The names the bundled profile gives the two credentials in `huitong.yaml`:
    /// `app_key` and `app_secret`, or `client_id` and `client_secret`.
    package let idName: String
    package let secretName: String
    /// The province's app key or the city's client id.
    package let id: String
    /// The secret that goes with `id`.
    package let secret: String

    /// The province's app key and app secret.
    package static let province: SandboxCredentials = {
        let (key, secret) = only(SandboxConfiguration().provinceAppSecrets)
        return SandboxCredentials(platform: "province", idName: "app_key", secretName: "app_secret", id: key, secret: secret)
    }()

    /// The city's client id and client secret.
    package static let city: SandboxCredentials = {
        let (id, secret) = only(SandboxConfiguration().cityClients)
        return SandboxCredentials(platform: "city", idName: "client_id", secretName: "client_secret", id: id, secret: secret)
    }()

    /// The credentials of `platform` (`province` or `city`).
    package static func of(_ platform: String) -> SandboxCredentials {
        switch platform {
        case "province": province
        case "city": city
        default: preconditionFailure("the sandbox has no credentials for \(platform)")
        }
    }

    private static func only(_ secrets: [String: String]) -> (String, String) {
        precondition(secrets.count == 1, "the sandbox's default configuration accepts one pair of credentials per platform")
        return secrets.first!
    }
}
