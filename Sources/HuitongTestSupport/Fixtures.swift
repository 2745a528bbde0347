import Foundation

/// Locates files under `Tests/Fixtures/` from any test target.
package enum Fixtures {
    /// The repository's `Tests/Fixtures` directory, found from this source file's path.
    package static var directory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // HuitongTestSupport
            .deletingLastPathComponent()   // Sources
            .deletingLastPathComponent()   // repository root
            .appendingPathComponent("Tests/Fixtures")
    }

    /// The full path of a fixture, given its path relative to `Tests/Fixtures`.
    package static func path(_ relativePath: String) -> String {
        directory.appendingPathComponent(relativePath).path
    }
}
