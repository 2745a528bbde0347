import Foundation

/// Locates the repository's own data (`mappings/`, `plugins/`) from any test target, so tests
/// check the real schema, code tables and mappings rather than copies that could drift.
package enum RepositoryPaths {
    /// The repository root, found from this source file's path.
    package static var root: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // HuitongTestSupport
            .deletingLastPathComponent()   // Sources
            .deletingLastPathComponent()   // repository root
    }

    /// The repository's `mappings/` directory.
    package static var mappings: String {
        root.appendingPathComponent("mappings").path
    }

    /// The full path of a file or directory given its path relative to the repository root.
    package static func path(_ relativePath: String) -> String {
        root.appendingPathComponent(relativePath).path
    }
}
