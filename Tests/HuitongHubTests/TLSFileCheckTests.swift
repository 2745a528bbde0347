import Foundation
import HuitongCore
import HuitongHub
import HuitongPlatforms
import HuitongTestSupport
import Testing

/// `tls:` files are checked when the configuration loads (exit 3 at their line), not at the first transfer.
@Suite struct TLSFileCheckTests {
    static let certificate = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"
    static let key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----\n"
    static let encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIHsMFcGCSqGSIb3DQEFDTBK\n-----END ENCRYPTED PRIVATE KEY-----\n"

    func load(_ office: TestOffice, tls: String) -> String? {
        let text = office.configurationText.replacingOccurrences(of: "  province:\n", with: "  province:\n    tls: \(tls)\n")
        try? text.write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
        do {
            _ = try HubConfiguration.load(path: office.configurationPath)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readableFilesOfTheRightKindLoad() throws {
        let office = try TestOffice.withSamples()
        try Self.certificate.write(toFile: office.path("ca.pem"), atomically: true, encoding: .utf8)
        try Self.certificate.write(toFile: office.path("client.pem"), atomically: true, encoding: .utf8)
        try Self.key.write(toFile: office.path("client.key"), atomically: true, encoding: .utf8)
        try (Self.certificate + Self.key).write(toFile: office.path("both.pem"), atomically: true, encoding: .utf8)
        #expect(load(office, tls: "{ca_file: ca.pem, client_certificate: client.pem, client_key: client.key}") == nil)
        #expect(load(office, tls: "{client_certificate: both.pem}") == nil, "the key may sit in the certificate's file")
    }

    @Test(arguments: [
        ("{ca_file: missing.pem}", "tls ca_file", "does not exist"),
        ("{ca_file: client.key}", "tls ca_file", "holds no PEM certificate"),
        ("{ca_path: ca.pem}", "tls ca_path", "is not a directory"),
        ("{client_certificate: client.pem}", "tls client_certificate", "holds no private key and tls has no client_key"),
        ("{client_key: client.key}", "tls client_key", "needs client_certificate"),
        ("{client_certificate: client.pem, client_key: locked.key}", "tls client_key", "is an encrypted private key; huitong never prompts"),
        ("{client_certificate: client.pem, client_key: ca.pem}", "tls client_key", "holds no PEM private key"),
    ])
    func aWrongFileIsAnErrorAtItsLine(_ tls: String, _ setting: String, _ message: String) throws {
        let office = try TestOffice.withSamples()
        try Self.certificate.write(toFile: office.path("ca.pem"), atomically: true, encoding: .utf8)
        try Self.certificate.write(toFile: office.path("client.pem"), atomically: true, encoding: .utf8)
        try Self.key.write(toFile: office.path("client.key"), atomically: true, encoding: .utf8)
        try Self.encrypted.write(toFile: office.path("locked.key"), atomically: true, encoding: .utf8)
        let error = try #require(load(office, tls: tls), "loaded: \(tls)")
        #expect(error.contains("huitong.yaml:") && error.contains(setting) && error.contains(message), "\(error)")
        #expect(!error.contains("MIGHAgEA") && !error.contains("MIHsMFcG"), "no byte of a key is shown")
    }

    @Test func commandsThatSendNothingDoNotNeedTheFiles() throws {
        let office = try TestOffice.withSamples()
        let text = office.configurationText.replacingOccurrences(of: "  province:\n", with: "  province:\n    tls: {ca_file: missing.pem}\n")
        try text.write(toFile: office.configurationPath, atomically: true, encoding: .utf8)
        #expect(throws: Never.self) { _ = try HubConfiguration.load(path: office.configurationPath, credentials: .skip) }
    }
}
