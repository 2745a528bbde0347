import Foundation
import HuitongYAML

/// What no error about a configuration (`huitong.yaml`) may show: the values of its secret
/// credentials, found from the text so that it holds however broken the file is.
///
/// A key is secret when any platform profile found declares a credential of that name
/// `secret: true` — any profile, since a file that does not parse cannot say which platform a
/// line belongs to — or when it looks like one: it contains `secret`, `password`, `passwd`,
/// `passphrase` or `token`, or has `key`, `pwd` or `pass` as a word (`api_key`, `apiKey`).
/// A credential every profile that declares it calls not secret (`app_key`) is shown, unless
/// another profile calls it secret. See `YAMLRedaction` for which lines are masked.
package enum ConfigurationRedaction {
    static let secretSubstrings = ["secret", "password", "passwd", "passphrase", "token"]
    static let secretWords: Set<String> = ["key", "pwd", "pass"]

    /// The redaction for credentials declared by the profiles (`*.yaml`, `*.yml`) in these
    /// directories; missing directories and profiles that cannot be read are passed over.
    /// `secretKeys`: more keys whose values are secret (the secret options of source plugins).
    package static func redaction(profileDirectories: [String], secretKeys: Set<String> = []) -> YAMLRedaction {
        var secret: Set<String> = secretKeys
        var declaredPublic: Set<String> = []
        let manager = FileManager.default
        for directory in Set(profileDirectories) {
            let names = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                let path = (directory as NSString).appendingPathComponent(name)
                // Only the credentials section is read, so a profile with errors elsewhere
                // still names its secrets.
                guard let root = try? YAMLLoader.loadSingleDocument(path: path) else { continue }
                for entry in root["credentials"]?.mappingEntries ?? [] {
                    guard let credential = entry.key.scalar?.text else { continue }
                    if case .bool(true)? = entry.value["secret"]?.scalar?.resolution {
                        secret.insert(credential)
                    } else {
                        declaredPublic.insert(credential)
                    }
                }
            }
        }
        return YAMLRedaction(
            secretKeys: secret, secretSubstrings: secretSubstrings, secretWords: secretWords,
            publicKeys: declaredPublic.subtracting(secret)
        )
    }
}
