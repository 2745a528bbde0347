/// A credential value that never shows itself: in messages, logs, `dump` and string
/// interpolation it reads `‹redacted›`. Only the request builder takes the text out.
package struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let text: String

    package init(_ text: String) { self.text = text }

    /// The value, for the one place that puts it on the wire (a header, a signature key).
    package func reveal() -> String { text }

    package var description: String { "‹redacted›" }
    package var debugDescription: String { "‹redacted›" }
    package var customMirror: Mirror { Mirror(self, children: [:]) }
}
