/// A credential value that never shows itself: in messages, logs, `dump` and string
/// interpolation it reads `‹redacted›`. Only the request builder takes the text out.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let text: String

    public init(_ text: String) { self.text = text }

    /// The value, for the one place that puts it on the wire (a header, a signature key).
    public func reveal() -> String { text }

    public var description: String { "‹redacted›" }
    public var debugDescription: String { "‹redacted›" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
