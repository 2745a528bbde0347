import HuitongCore

/// A libyaml parser event, copied into Swift values so no C memory outlives the call
/// that produced it.
enum YAMLEvent {
    /// The anchor and tag written before a node (`&base !!map`), tag handles expanded.
    struct Properties {
        var anchor: String?
        var tag: String?
    }

    case streamStart
    case streamEnd
    case documentStart
    case documentEnd
    case alias(anchor: String, mark: SourceLocation)
    case scalar(text: String, style: YAMLScalar.Style, properties: Properties, mark: SourceLocation)
    case sequenceStart(properties: Properties, mark: SourceLocation)
    case sequenceEnd
    case mappingStart(properties: Properties, mark: SourceLocation)
    case mappingEnd
}

