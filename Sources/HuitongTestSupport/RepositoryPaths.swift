import Foundation

/// Locates the repository's own data (`mappings/`, `plugins/`) from any test target, so tests
/// check the real schema, code tables and mappings rather than copies that could drift.
public enum RepositoryPaths {
    /// The repository root, found from this source file's path.
    public static var root: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // HuitongTestSupport
            .deletingLastPathComponent()   // Sources
            .deletingLastPathComponent()   // repository root
    }

    /// The repository's `mappings/` directory.
    public static var mappings: String {
        root.appendingPathComponent("mappings").path
    }

    /// The full path of a file or directory given its path relative to the repository root.
    public static func path(_ relativePath: String) -> String {
        root.appendingPathComponent(relativePath).path
    }
}
