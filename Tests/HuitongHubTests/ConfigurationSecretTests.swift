import Foundation
import HuitongCore
import HuitongHub
import HuitongTestSupport
import Testing
import HuitongYAML

/// No error loading a configuration shows a secret: the line holding one is quoted with its
/// value masked, however else it is broken, and messages never quote the value.
@Suite struct ConfigurationSecretTests {
    @Test("no problem found while loading shows the secret; the key's line is named and shown masked", arguments: BrokenSecretLine.all)
    func secretNeverShown(_ example: BrokenSecretLine) throws {
        let path = try example.office()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let errors: [String]
        do {
            _ = try HubConfiguration.load(path: path)
            errors = []
        } catch {
            errors = error.errors.map(\.description)
        }
        #expect(!errors.isEmpty, "the example must be refused")
        let all = errors.joined(separator: "\n")
        #expect(!all.contains(example.secret), "\(all)")
        #expect(all.contains("huitong.yaml:\(example.line):"), "\(all)")
        #expect(all.contains(example.shows), "\(all)")
        #expect(!all.contains("city-secret-from-a-file"))
    }

    @Test("the redaction knows the profiles' secret credentials and the look-alikes, and shows what a profile declares public")
    func redactionOfTheBundledProfiles() throws {
        let path = try BrokenSecretLine.all[0].office()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let redaction = HubConfiguration.redaction(forFileAt: path)
        #expect(redaction.isSecret(key: "app_secret") && redaction.isSecret(key: "client_secret"))
        #expect(redaction.isSecret(key: "bearer_token") && redaction.isSecret(key: "db_password") && redaction.isSecret(key: "api_key"))
        #expect(!redaction.isSecret(key: "app_key") && !redaction.isSecret(key: "client_id") && !redaction.isSecret(key: "base_url"))
    }
}
