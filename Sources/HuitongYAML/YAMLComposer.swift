import HuitongCore

/// Builds node trees from parser events, checking what libyaml does not: tags, anchors
/// and aliases, duplicate keys, merges, nesting depth and alias expansion.
///
/// Semantic errors are collected and composition goes on, with a null stand-in where a
/// node could not be built, so one run reports every problem in the file. A syntax error
/// from libyaml ends the file, keeping the errors found before it.
struct YAMLComposer {
    /// A sequence or mapping whose end event has not arrived yet.
    private struct OpenCollection {
        enum Body {
            case sequence([YAMLNode])
            case mapping(YAMLMappingBuilder)
        }
        var body: Body
        let anchor: String?
        let mark: SourceLocation
    }

    private let source: YAMLSourceText
    private let limits: YAMLLimits
    private(set) var documents: [YAMLNode] = []
    private(set) var errors: [YAMLError] = []

    // Per document: anchors are scoped to the document that defines them.
    private var anchors: [String: YAMLNode] = [:]
    /// Anchors on collections still open, so `&a [*a]` is reported as recursive.
    private var openAnchors: Set<String> = []
    /// Anchors inside subtrees dropped for depth; their aliases become silent stand-ins.
    private var droppedAnchors: Set<String> = []
    private var stack: [OpenCollection] = []
    private var root: YAMLNode?
    /// How deep we are inside a subtree being dropped for exceeding `maxDepth`; 0 if none.
    private var droppedDepth = 0
    private var droppedMark: SourceLocation?

    // Per file: the alias budget covers the whole stream.
    private var aliasExpandedNodes = 0
    private var aliasLimitExceeded = false
    private var stopped = false

    init(source: YAMLSourceText, limits: YAMLLimits) {
        self.source = source
        self.limits = limits
    }

    /// Consumes the parser's events up to the end of the stream, the first syntax error,
    /// or `limits.maxErrors` errors.
    mutating func compose(from parser: YAMLParser) {
        do {
            while !stopped {
                let event = try parser.nextEvent()
                if case .streamEnd = event { return }
                handle(event)
            }
        } catch {
            report(error)
        }
    }

    private mutating func handle(_ event: YAMLEvent) {
        switch event {
        case .streamStart, .streamEnd:
            break
        case .documentStart:
            anchors = [:]
            openAnchors = []
            droppedAnchors = []
            stack = []
            root = nil
        case .documentEnd:
            if let root { documents.append(root) }
        case .alias(let anchor, let mark):
            guard droppedDepth == 0 else { return }
            attach(resolveAlias(anchor, at: mark))
        case .scalar(let text, let style, let properties, let mark):
            guard droppedDepth == 0 else {
                properties.anchor.map { _ = droppedAnchors.insert($0) }
                return
            }
            let resolution = resolveScalar(text, style: style, tag: properties.tag, at: mark)
            let node = YAMLNode(.scalar(YAMLScalar(text: text, style: style, resolution: resolution)), mark: mark, source: source)
            define(properties.anchor, as: node)
            attach(node)
        case .sequenceStart(let properties, let mark):
            open(.sequence([]), properties: properties, expected: .sequence, at: mark)
        case .mappingStart(let properties, let mark):
            open(.mapping(YAMLMappingBuilder()), properties: properties, expected: .mapping, at: mark)
        case .sequenceEnd, .mappingEnd:
            close()
        }
    }

    // MARK: Collections

    private mutating func open(_ body: OpenCollection.Body, properties: YAMLEvent.Properties, expected: YAMLTag, at mark: SourceLocation) {
        if droppedDepth > 0 || stack.count >= limits.maxDepth {
            if droppedDepth == 0 {
                report(YAMLError(
                    .depthLimit,
                    "nesting is deeper than \(limits.maxDepth) levels; flatten this structure",
                    at: mark,
                    in: source
                ))
                droppedMark = mark
            }
            droppedDepth += 1
            properties.anchor.map { _ = droppedAnchors.insert($0) }
            // libyaml's own stacks grow with nesting; past twice the limit stop reading,
            // so a file of sixteen million brackets cannot cost gigabytes.
            if droppedDepth > limits.maxDepth { stopped = true }
            return
        }
        if let tag = properties.tag { checkCollectionTag(tag, expected: expected, at: mark) }
        properties.anchor.map { _ = openAnchors.insert($0) }
        stack.append(OpenCollection(body: body, anchor: properties.anchor, mark: mark))
    }

    private mutating func close() {
        if droppedDepth > 0 {
            droppedDepth -= 1
            if droppedDepth == 0, let droppedMark {
                attach(.standIn(at: droppedMark, source: source))
            }
            return
        }
        guard let collection = stack.popLast() else { return }
        let node: YAMLNode
        switch collection.body {
        case .sequence(let items):
            node = YAMLNode(.sequence(items), mark: collection.mark, source: source)
        case .mapping(let builder):
            node = YAMLNode(.mapping(builder.build()), mark: collection.mark, source: source)
        }
        if let anchor = collection.anchor { openAnchors.remove(anchor) }
        define(collection.anchor, as: node)
        attach(node)
    }

    /// Hands a finished node to the collection it belongs to, or makes it the document root.
    private mutating func attach(_ node: YAMLNode) {
        guard var parent = stack.popLast() else {
            root = node
            return
        }
        switch parent.body {
        case .sequence(var items):
            // Release the enum's reference first so the append does not copy the array.
            parent.body = .sequence([])
            items.append(node)
            parent.body = .sequence(items)
        case .mapping(var builder):
            parent.body = .sequence([])
            for error in builder.add(node) { report(error) }
            parent.body = .mapping(builder)
        }
        stack.append(parent)
    }

    // MARK: Anchors and aliases

    private mutating func define(_ anchor: String?, as node: YAMLNode) {
        guard let anchor else { return }
        anchors[anchor] = node
        droppedAnchors.remove(anchor)
    }

    /// The anchored node itself (shared, not copied), after charging its expanded size to
    /// the file's alias budget.
    private mutating func resolveAlias(_ anchor: String, at mark: SourceLocation) -> YAMLNode {
        // On a secret's line the alias name may be the secret written after a `*`.
        let hidden = source.hidesValue(onLine: mark.line)
        let alias = hidden ? "this alias" : "alias *\(anchor)"
        let defineAnchor = hidden ? "define its anchor" : "define &\(anchor)"
        guard let node = anchors[anchor] else {
            if openAnchors.contains(anchor) {
                report(YAMLError(
                    .undefinedAlias,
                    "\(alias) refers to the node that contains it; recursive structures are not supported",
                    at: mark,
                    in: source
                ))
            } else if !droppedAnchors.contains(anchor) {
                report(YAMLError(
                    .undefinedAlias,
                    "\(alias) is not defined; \(defineAnchor) earlier in the same document, or fix the name",
                    at: mark,
                    in: source
                ))
            }
            return .standIn(at: mark, source: source)
        }
        // Once over budget the file has failed: stop sharing large nodes, so merges and
        // later checks cannot multiply the work.
        guard !aliasLimitExceeded else { return .standIn(at: mark, source: source) }
        aliasExpandedNodes = YAMLNode.saturatingSum(aliasExpandedNodes, node.expandedSize)
        if aliasExpandedNodes > limits.maxAliasExpandedNodes {
            aliasLimitExceeded = true
            report(YAMLError(
                .aliasExpansionLimit,
                "\(alias) stands for \(node.expandedSize) nodes, taking this file past the limit of \(limits.maxAliasExpandedNodes) nodes reached through aliases; this looks like an alias bomb (\"billion laughs\"); use fewer aliases to large nodes",
                at: mark,
                in: source
            ))
            return .standIn(at: mark, source: source)
        }
        return node
    }

    // MARK: Tags

    private mutating func resolveScalar(_ text: String, style: YAMLScalar.Style, tag: String?, at mark: SourceLocation) -> YAMLScalar.Resolution {
        let untagged = style == .plain ? YAMLCoreSchema.resolvePlain(text) : .string
        guard let tag else { return untagged }
        guard let known = YAMLTag(expanded: tag) else {
            report(unknownTagError(tag, at: mark))
            return untagged
        }
        if let resolution = known.resolve(text) { return resolution }
        report(YAMLError(
            .tagMismatch,
            "\(YAMLTag.displayName(tag)) needs \(known.expectation), found \(source.quoted(text, onLine: mark.line)); fix the value or remove the tag",
            at: mark,
            in: source
        ))
        return .string
    }

    private mutating func checkCollectionTag(_ tag: String, expected: YAMLTag, at mark: SourceLocation) {
        guard let known = YAMLTag(expanded: tag) else {
            report(unknownTagError(tag, at: mark))
            return
        }
        guard known != expected, known != .nonSpecific else { return }
        report(YAMLError(
            .tagMismatch,
            "\(YAMLTag.displayName(tag)) cannot tag \(expected.expectation); remove the tag",
            at: mark,
            in: source
        ))
    }

    private func unknownTagError(_ tag: String, at mark: SourceLocation) -> YAMLError {
        // An unknown tag on a secret's line may be the secret itself (`app_secret: !Pa55`).
        let name = source.hidesValue(onLine: mark.line) ? "(not shown: its line holds a secret)" : YAMLTag.displayName(tag)
        return YAMLError(
            .unknownTag,
            "unknown tag \(name); use one of !!str, !!int, !!float, !!bool, !!null, !!map, !!seq, or remove it",
            at: mark,
            in: source
        )
    }

    // MARK: Errors

    private mutating func report(_ error: YAMLError) {
        guard !stopped else { return }
        errors.append(error)
        if errors.count >= limits.maxErrors {
            stopped = true
            errors.append(YAMLError(
                .tooManyErrors,
                "stopped after \(limits.maxErrors) errors; fix these and load the file again",
                file: source.file
            ))
        }
    }
}
