import Foundation

/// Runs a command found on `PATH` in `directory` to its end: its exit status and its standard
/// output and error together. For short commands a test checks with (`sha256sum -c`,
/// `python3 verify.py`), not for ones that leave a process behind (use posix_spawn for those).
package func runCommand(_ command: [String], in directory: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}
