/// Bounds on what one YAML file may cost to load.
///
/// Configuration files are small; these limits exist so that a damaged or hostile file
/// (a multi-gigabyte dump, a 10,000-level nesting, a "billion laughs" alias bomb) fails
/// quickly with a clear message instead of exhausting memory or time.
package struct YAMLLimits: Sendable, Hashable {
    /// The largest file, in bytes, that is read at all. Checked before the file is read.
    package var maxFileBytes: Int
    /// The deepest nesting of sequences and mappings; a top-level mapping is depth 1.
    package var maxDepth: Int
    /// How many nodes aliases may add to a file in total, counting each alias as the full
    /// size of the node it stands for (as if every alias were copied out). Literal nodes
    /// are bounded by `maxFileBytes` and are not counted here.
    package var maxAliasExpandedNodes: Int
    /// How many errors are collected before loading gives up on the file.
    package var maxErrors: Int

    /// Limits that no hand-written configuration file comes close to:
    /// 16 MiB, depth 128, 1,000,000 nodes through aliases, 100 errors.
    package static let `default` = YAMLLimits()

    /// Limits with any bound changed; the others keep their defaults.
    package init(
        maxFileBytes: Int = 16 * 1024 * 1024,
        maxDepth: Int = 128,
        maxAliasExpandedNodes: Int = 1_000_000,
        maxErrors: Int = 100
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxAliasExpandedNodes = maxAliasExpandedNodes
        self.maxErrors = maxErrors
    }
}
