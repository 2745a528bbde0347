import HuitongCore

/// One node of a loaded YAML document: a scalar, a sequence or a mapping, with the place
/// it was written.
///
/// Nodes are values. An alias is the anchored node itself (same content, same `mark`);
/// because sequences and mappings are copy-on-write arrays, an alias costs a reference,
/// not a copy, however large the anchored node is.
package struct YAMLNode: Sendable {
    /// What the node holds.
    package enum Content: Sendable {
        /// A scalar: text, style and resolved value.
        case scalar(YAMLScalar)
        /// A sequence, in document order.
        case sequence([YAMLNode])
        /// A mapping, in document order, with `<<` merges already applied.
        case mapping([YAMLMappingEntry])
    }

    /// What the node holds.
    package let content: Content
    /// The file the node came from: its name for `mark`, its text for accessor errors.
    let source: YAMLSourceText
    /// How many nodes this node stands for with every alias inside it copied out
    /// (itself included). Saturates at `Int.max`; used to stop alias bombs without
    /// expanding them.
    let expandedSize: Int
    // The position is stored as two 32-bit numbers rather than a `SourceLocation` (which
    // repeats the file name): it keeps a node at 72 bytes instead of 96, which is most of
    // the memory a large file costs.
    private let line: Int32
    private let column: Int32
    /// True for the null put in place of something that could not be loaded (an undefined
    /// alias, a subtree past the depth limit), so later checks do not report it again.
    let isStandIn: Bool

    /// Where the node starts (at its anchor or tag if it has one). Lines and columns are
    /// 1-based; columns count Unicode scalars, so each CJK character is one column.
    package var mark: SourceLocation {
        SourceLocation(file: source.file, line: Int(line), column: Int(column))
    }

    init(_ content: Content, mark: SourceLocation, source: YAMLSourceText) {
        self.init(content, mark: mark, source: source, isStandIn: false)
    }

    /// A null that stands in for a node that could not be loaded; its error is already reported.
    static func standIn(at mark: SourceLocation, source: YAMLSourceText) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text: "", style: .plain, resolution: .null)), mark: mark, source: source, isStandIn: true)
    }

    private init(_ content: Content, mark: SourceLocation, source: YAMLSourceText, isStandIn: Bool) {
        self.content = content
        self.source = source
        self.line = Int32(clamping: mark.line)
        self.column = Int32(clamping: mark.column)
        self.isStandIn = isStandIn
        switch content {
        case .scalar:
            expandedSize = 1
        case .sequence(let items):
            expandedSize = items.reduce(1) { Self.saturatingSum($0, $1.expandedSize) }
        case .mapping(let entries):
            expandedSize = entries.reduce(1) {
                Self.saturatingSum($0, Self.saturatingSum($1.key.expandedSize, $1.value.expandedSize))
            }
        }
    }

    static func saturatingSum(_ left: Int, _ right: Int) -> Int {
        let (sum, overflow) = left.addingReportingOverflow(right)
        return overflow ? Int.max : sum
    }
}

/// One key–value pair of a mapping. Keys are nodes, so they keep their own marks.
package struct YAMLMappingEntry: Sendable {
    /// The key as written (usually a plain scalar).
    package let key: YAMLNode
    /// The value.
    package let value: YAMLNode

    init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
