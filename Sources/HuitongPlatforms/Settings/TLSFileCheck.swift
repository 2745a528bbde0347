import Foundation
import HuitongYAML

/// The TLS files a platform's `tls:` names, checked when the configuration loads rather than at
/// the first transfer: each must be a readable file holding what it is for — a PEM certificate for
/// `ca_file` and `client_certificate`, a PEM private key for `client_key` (a key may also sit in
/// the certificate's file) — and `ca_path` a directory. An encrypted key is refused: a transfer
/// never reads standard input, so nothing could answer its pass-phrase prompt. Errors name the
/// setting and the path, never a byte of the file.
///
/// Not checked here: that the key belongs to the certificate, and that a certificate is valid
/// today (both need the TLS library; the transfer reports them).
enum TLSFileCheck {
    enum Kind {
        case certificate
        case privateKey
    }

    /// How much of a file is read to find its PEM blocks.
    static let readLimit = 1 << 20

    static let certificateMarker = "-----BEGIN CERTIFICATE-----"
    static let keyMarkers = ["-----BEGIN PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----"]

    /// Why a TLS file cannot be used, as the error's message says it.
    struct Problem: Error {
        let message: String
    }

    /// The file's text (its first MiB), or an error saying what is wrong with the path.
    static func text(of path: String, key: String) -> Result<String, Problem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Problem(message: "tls \(key) \(path) does not exist"))
        }
        guard !isDirectory.boolValue else { return .failure(Problem(message: "tls \(key) \(path) is a directory, not a file")) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(Problem(message: "tls \(key) \(path) cannot be read by this user (check its owner and mode)"))
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: readLimit)) ?? Data()
        return .success(String(decoding: data ?? Data(), as: UTF8.self))
    }

    static func check(_ path: String, key: String, kind: Kind, node: YAMLNode, into errors: inout YAMLErrorCollector) {
        switch text(of: path, key: key) {
        case let .failure(problem):
            errors.add(node.error(.invalidValue, problem.message))
        case let .success(text):
            switch kind {
            case .certificate where !text.contains(certificateMarker):
                errors.add(node.error(.invalidValue, "tls \(key) \(path) holds no PEM certificate (\(certificateMarker)); give the certificate in PEM form"))
            case .privateKey where isEncrypted(text):
                errors.add(node.error(.invalidValue, "tls \(key) \(path) is an encrypted private key; huitong never prompts for a pass phrase, so give the key unencrypted (openssl pkey -in KEY -out PLAIN), readable by the service user only"))
            case .privateKey where !hasKey(text):
                errors.add(node.error(.invalidValue, "tls \(key) \(path) holds no PEM private key; give the key in PEM form"))
            default:
                break
            }
        }
    }

    static func hasKey(_ text: String) -> Bool { keyMarkers.contains { text.contains($0) } }

    static func isEncrypted(_ text: String) -> Bool {
        text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED")
    }

    /// Checks every file `tls:` names; `fields` are its entries, `paths` the resolved paths.
    static func checkAll(_ fields: [String: YAMLNode], paths: [String: String], tls: YAMLNode, into errors: inout YAMLErrorCollector) {
        if let path = paths["ca_file"], let node = fields["ca_file"] { check(path, key: "ca_file", kind: .certificate, node: node, into: &errors) }
        if let path = paths["ca_path"], let node = fields["ca_path"] {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || !isDirectory.boolValue {
                errors.add(node.error(.invalidValue, "tls ca_path \(path) is not a directory of CA certificates"))
            }
        }
        let certificate = paths["client_certificate"], key = paths["client_key"]
        if let certificate, let node = fields["client_certificate"] {
            check(certificate, key: "client_certificate", kind: .certificate, node: node, into: &errors)
            // Without client_key, the key must be in the certificate's file.
            if key == nil, case let .success(text) = text(of: certificate, key: "client_certificate"), text.contains(certificateMarker) {
                if isEncrypted(text) {
                    errors.add(node.error(.invalidValue, "tls client_certificate \(certificate) holds an encrypted private key; huitong never prompts for a pass phrase, so give the key unencrypted"))
                } else if !hasKey(text) {
                    errors.add(node.error(.missingKey, "tls client_certificate \(certificate) holds no private key and tls has no client_key; give client_key: the certificate's key (PEM)"))
                }
            }
        }
        if let key, let node = fields["client_key"] {
            check(key, key: "client_key", kind: .privateKey, node: node, into: &errors)
            if certificate == nil {
                errors.add(node.error(.missingKey, "tls client_key needs client_certificate: the certificate the key belongs to (PEM)"))
            }
        }
        _ = tls
    }
}
