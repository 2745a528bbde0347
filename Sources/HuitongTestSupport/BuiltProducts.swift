import Foundation

/// The executables SwiftPM built next to the test bundle, for tests that run `huitong` as an
/// operator would: as a process, with signals and exit statuses.
package enum BuiltProducts {
    /// The build directory (`.build/debug`), found from the running test process.
    package static var directory: URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: executable)
        // The test runner is `.build/debug/HuitongPackageTests.xctest` (a file on Linux), or
        // lives inside a bundle directory on other layouts; walk up to the folder holding it.
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("huitong").path) { return url }
        }
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }

    /// The full path of a built executable, such as `huitong`.
    package static func path(of name: String) -> String {
        directory.appendingPathComponent(name).path
    }
}
