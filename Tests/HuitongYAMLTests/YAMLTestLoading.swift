@testable import HuitongYAML
import HuitongCore

/// Test shorthands: load in-memory YAML the way the CLI loads a file.
enum YAMLTestLoading {
    /// The single document in `text`; throws the load failure if anything is wrong.
    static func document(_ text: String, file: String = "test.yaml") throws -> YAMLNode {
        try YAMLLoader.load(text: text, fileName: file).requireSingleDocument()
    }

    /// The value under `key` of the single top-level mapping in `text`.
    static func value(_ key: String, in text: String) throws -> YAMLNode? {
        try document(text)[key]
    }

    /// The scalar `text` is resolved to when written as the value `v: <text>`.
    static func scalar(_ text: String) throws -> YAMLScalar? {
        try value("v", in: "v: \(text)\n")?.scalar
    }

    /// Every error loading `text` produces; empty if it loads.
    static func errors(_ text: String, file: String = "test.yaml", limits: YAMLLimits = .default) -> [YAMLError] {
        do {
            _ = try YAMLLoader.load(text: text, fileName: file, limits: limits)
            return []
        } catch {
            return error.errors
        }
    }

    /// `line:column` of each error, for compact expectations.
    static func places(_ errors: [YAMLError]) -> [String] {
        errors.map { "\($0.location.line):\($0.location.column)" }
    }
}
