import Foundation

/// A `huitong.yaml` whose province entry holds a literal secret on a line with a second
/// problem, for tests that no error display — loading, `huitong check`, `huitong run` — ever
/// shows the secret.
package struct BrokenSecretLine: Sendable, CustomStringConvertible {
    /// What is wrong besides the secret.
    package let problem: String
    /// The province entry, from its `province:` line (line 8 of the file) on.
    package let provinceEntry: String
    /// The text no output may contain.
    package let secret: String
    /// The line some error must name (`huitong.yaml:LINE:`).
    package let line: Int
    /// Text some error must show (the key, with its value masked where the line is quoted).
    package let shows: String

    package var description: String { problem }

    /// The configuration's text; `directory` holds `city.secret` (`BrokenSecretLine.office`).
    package var configurationText: String {
        """
        version: 1
        plugins: \(RepositoryPaths.path("plugins"))
        mappings: \(RepositoryPaths.mappings)
        platforms:
          city:
            base_url: http://127.0.0.1:9
            credentials: {client_id: huitong, client_secret: "${file:city.secret}"}
        \(provinceEntry)
        """
    }

    /// A temporary directory with `huitong.yaml` and the city's secret file; returns the
    /// configuration's path.
    package func office() throws -> String {
        let directory = NSTemporaryDirectory() + "huitong-secret-lines-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "city-secret-from-a-file".write(toFile: directory + "/city.secret", atomically: true, encoding: .utf8)
        try configurationText.write(toFile: directory + "/huitong.yaml", atomically: true, encoding: .utf8)
        return directory + "/huitong.yaml"
    }

    /// The province entry with `app_key` on line 11 and `lines` from line 12 on.
    static func credentials(_ lines: String) -> String {
        """
          province:
            base_url: http://127.0.0.1:9/exchange
            credentials:
              app_key: huitong-nantong
        \(lines)
        """
    }

    package static let all: [BrokenSecretLine] = [
        .init(problem: "a stray colon", provinceEntry: credentials("      app_secret: S3cr3t-1: x"),
              secret: "S3cr3t-1", line: 12, shows: "app_secret: ********"),
        .init(problem: "a tag that does not fit", provinceEntry: credentials("      app_secret: !!int S3cr3t-2"),
              secret: "S3cr3t-2", line: 12, shows: "app_secret: ********"),
        .init(problem: "a duplicated key", provinceEntry: credentials("      app_secret: ${file:city.secret}\n      app_secret: S3cr3t-3"),
              secret: "S3cr3t-3", line: 13, shows: "app_secret: ********"),
        .init(problem: "a flow mapping", provinceEntry: credentials("      app_secret: {a: S3cr3t-4}"),
              secret: "S3cr3t-4", line: 12, shows: "app_secret: ********"),
        .init(problem: "a list", provinceEntry: credentials("      app_secret: [S3cr3t-5]"),
              secret: "S3cr3t-5", line: 12, shows: "app_secret: ********"),
        .init(problem: "a bad indentation", provinceEntry: credentials("     app_secret: S3cr3t-6"),
              secret: "S3cr3t-6", line: 12, shows: "app_secret: ********"),
        .init(problem: "an alias", provinceEntry: credentials("      app_secret: *S3cr3t-7"),
              secret: "S3cr3t-7", line: 12, shows: "app_secret: ********"),
        .init(problem: "an anchor on a value of the wrong kind", provinceEntry: credentials("      app_secret: &S3cr3t-8 [x]"),
              secret: "S3cr3t-8", line: 12, shows: "app_secret: ********"),
        .init(problem: "a quoted string with a bad escape", provinceEntry: credentials("      app_secret: \"S3cr3t-9\\q\""),
              secret: "S3cr3t-9", line: 12, shows: "app_secret: ********"),
        .init(problem: "a tab for indentation", provinceEntry: credentials("\tapp_secret: S3cr3t-10"),
              secret: "S3cr3t-10", line: 12, shows: "app_secret: ********"),
        .init(problem: "a very long line", provinceEntry: credentials("      app_secret: S3cr3t-11" + String(repeating: "x", count: 300) + ": y"),
              secret: "S3cr3t-11", line: 12, shows: "app_secret: ********"),
        .init(problem: "a multi-line scalar whose second line is the secret", provinceEntry: credentials("      app_secret: first\n        S3cr3t-12: x"),
              secret: "S3cr3t-12", line: 13, shows: "        ********"),
        .init(problem: "a tagged multi-line scalar whose second line is the secret", provinceEntry: credentials("      app_secret: !!int first\n        S3cr3t-13"),
              secret: "S3cr3t-13", line: 12, shows: "app_secret: ********"),
        .init(problem: "an unknown tag that is the secret", provinceEntry: credentials("      app_secret: !S3cr3t-14"),
              secret: "S3cr3t-14", line: 12, shows: "app_secret: ********"),
        .init(problem: "a quoted key and a stray colon", provinceEntry: credentials("      \"app_secret\": S3cr3t-15: x"),
              secret: "S3cr3t-15", line: 12, shows: "\"app_secret\": ********"),
        .init(problem: "a block scalar under a tag that does not fit", provinceEntry: credentials("      app_secret: !!int |\n        S3cr3t-16"),
              secret: "S3cr3t-16", line: 12, shows: "app_secret: ********"),
        .init(problem: "a list in a flow mapping of credentials",
              provinceEntry: "  province:\n    base_url: http://127.0.0.1:9/exchange\n    credentials: {app_key: huitong-nantong, app_secret: [S3cr3t-17]}",
              secret: "S3cr3t-17", line: 10, shows: "credentials: {app_key: huitong-nantong, app_secret: ********"),
        .init(problem: "a secret under an unknown platform name",
              provinceEntry: "  provnce:\n    base_url: http://127.0.0.1:9/exchange\n    credentials:\n      app_key: huitong-nantong\n      app_secret: S3cr3t-18",
              secret: "S3cr3t-18", line: 8, shows: "provnce"),
        .init(problem: "credentials under a misspelt key",
              provinceEntry: "  province:\n    base_url: http://127.0.0.1:9/exchange\n    credentails:\n      app_key: huitong-nantong\n      app_secret: S3cr3t-19",
              secret: "S3cr3t-19", line: 10, shows: "credentails"),
        .init(problem: "a password in a base URL that is not http",
              provinceEntry: credentials("      app_secret: ${file:city.secret}").replacingOccurrences(of: "http://127.0.0.1:9/exchange", with: "ftp://huitong:S3cr3t-20@127.0.0.1:9/exchange"),
              secret: "S3cr3t-20", line: 9, shows: "base_url: ftp://********@127.0.0.1:9/exchange"),
    ]
}
