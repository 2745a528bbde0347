#if canImport(Glibc)
import Glibc
#endif

/// Where a command writes: standard output for results, standard error for diagnostics.
///
/// Commands never call `print` directly, so tests can capture exactly what an operator sees.
struct Console: Sendable {
    var writeOutput: @Sendable (String) -> Void
    var writeError: @Sendable (String) -> Void
    /// True when standard error is a terminal: progress lines are shown only then.
    var isInteractive: Bool

    /// Writes `text` and a line break to standard output.
    func line(_ text: String = "") { writeOutput(text + "\n") }

    /// Writes `text` and a line break to standard error.
    func diagnostic(_ text: String) { writeError(text + "\n") }

    /// The process's real standard output and error.
    static let standard = Console(
        writeOutput: { text in StandardStream.write(text, to: 1) },
        writeError: { text in StandardStream.write(text, to: 2) },
        isInteractive: isatty(2) == 1
    )
}

/// Unbuffered writes to a file descriptor, retried on EINTR and short writes.
enum StandardStream {
    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
