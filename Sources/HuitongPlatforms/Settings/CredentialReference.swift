import Foundation
import HuitongCore

/// Where a configured value comes from: `${env:NAME}`, `${file:PATH}` or literal text.
///
/// Secrets live in the environment or in files readable by the service account, never in
/// `huitong.yaml` and never in a profile. A file's trailing line break is dropped.
package enum CredentialReference: Sendable, Equatable, CustomStringConvertible {
    case environment(String)
    case file(String)
    case literal(String)

    /// Parses a configured value; a value that is not exactly one reference is literal.
    package init(parsing text: String) {
        if text.hasPrefix("${env:"), text.hasSuffix("}"), text.count > 7 {
            self = .environment(String(text.dropFirst(6).dropLast()))
        } else if text.hasPrefix("${file:"), text.hasSuffix("}"), text.count > 8 {
            self = .file(String(text.dropFirst(7).dropLast()))
        } else {
            self = .literal(text)
        }
    }

    /// How the reference reads in messages: the variable or file name, never the value.
    package var description: String {
        switch self {
        case let .environment(name): "${env:\(name)}"
        case let .file(path): "${file:\(path)}"
        case .literal: "a value written in the configuration"
        }
    }

    /// The value, read now. Relative file paths are taken from `baseDirectory`.
    package func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment, baseDirectory: String
    ) throws(CredentialError) -> String {
        switch self {
        case let .literal(text):
            return text
        case let .environment(name):
            guard let value = environment[name], !value.isEmpty else {
                throw CredentialError(reference: self, problem: "the environment variable \(name) is not set or empty; export it before running huitong")
            }
            return value
        case let .file(path):
            let full = path.hasPrefix("/") ? path : (baseDirectory as NSString).appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: full) else {
                throw CredentialError(reference: self, problem: "the file \(full) cannot be read; create it or fix its permissions")
            }
            var text = String(decoding: data, as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            guard !text.isEmpty else {
                throw CredentialError(reference: self, problem: "the file \(full) is empty")
            }
            return text
        }
    }
}

/// A credential could not be read. Names the reference, never a value.
package struct CredentialError: OperatorFacingError, Sendable {
    package let reference: CredentialReference
    package let problem: String
    package var exitStatus: ExitStatus { .invalidInput }
    package var description: String { "\(reference): \(problem)" }
}
