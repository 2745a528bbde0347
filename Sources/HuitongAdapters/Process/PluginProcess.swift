import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plugin's process, started in a process group of its own with only the environment it is
/// given, standard input from /dev/null (a plugin never prompts), standard output and standard
/// error on pipes, and the signals the hub ignores or handles set back to their defaults.
///
/// Standard error is drained on a thread of its own into a bounded tail (so a chatty plugin
/// never blocks on a full pipe); standard output is read by the caller. ``terminate()`` ends
/// the whole group: SIGTERM, then SIGKILL after a grace period.
final class PluginProcess: @unchecked Sendable {
    let pid: pid_t
    /// The read end of the plugin's standard output.
    let output: Int32
    private let errors: Int32
    private let stderrTail: StderrTail
    private let stderrDone = DispatchSemaphore(value: 0)
    private var exitStatus: Int32?
    private let lock = NSLock()

    /// - Parameters:
    ///   - arguments: the executable (a path, or a name looked up in `environment`'s PATH)
    ///     and its arguments.
    ///   - stderrLimit: the bytes of standard error kept (the last ones).
    init(arguments: [String], environment: [String: String], stderrLimit: Int = 64 << 10) throws(PluginProcessError) {
        guard let executable = arguments.first else { throw PluginProcessError("no command to run") }
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard Self.closeOnExecPipe(&outPipe) else { throw PluginProcessError("cannot make a pipe: \(String(cString: strerror(errno)))") }
        guard Self.closeOnExecPipe(&errPipe) else {
            close(outPipe[0]); close(outPipe[1])
            throw PluginProcessError("cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own (so the whole tree can be ended), no signal blocked, and the
        // signals the hub ignores (an ignored signal stays ignored across exec) at their defaults.
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let resolved = Self.resolve(executable, path: environment["PATH"] ?? "/usr/bin:/bin")
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child = pid_t()
        let status = posix_spawn(&child, resolved, &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw PluginProcessError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
        output = outPipe[0]
        errors = errPipe[0]
        stderrTail = StderrTail(limit: stderrLimit)
        let thread = Thread { [errors, stderrTail, stderrDone] in
            var buffer = [UInt8](repeating: 0, count: 16 << 10)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(errors, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                stderrTail.append(buffer[0..<count])
            }
            stderrDone.signal()
        }
        thread.start()
    }

    /// A pipe whose ends are closed in every program started later (the child's copies, made
    /// by dup2, are not).
    private static func closeOnExecPipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// An executable name without a slash, looked up in `path`, as a shell would.
    static func resolve(_ executable: String, path: String) -> String {
        guard !executable.contains("/") else { return executable }
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(executable)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return executable
    }

    /// Ends the process group: SIGTERM now, SIGKILL after `grace` seconds if any of it is left.
    func terminate(grace: Double = 3) {
        lock.lock()
        let running = exitStatus == nil
        lock.unlock()
        guard running else { return }
        kill(-pid, SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + grace) { [pid] in
            kill(-pid, SIGKILL)
        }
    }

    /// Waits for the process to end (once standard output has been read to its end or given
    /// up) and for its standard error to be drained; the wait status.
    func wait() -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // A grandchild may still hold standard error open: it is ended with the group.
        kill(-pid, SIGKILL)
        stderrDone.wait()
        close(errors)
        exitStatus = status
        return status
    }

    /// The last bytes the plugin wrote to standard error, as text.
    var stderrText: String { stderrTail.text }

    deinit {
        close(output)
    }
}

/// How a process ended, from its wait status.
enum PluginExit: Equatable {
    case exited(Int32)
    case signalled(Int32)

    init(waitStatus status: Int32) {
        if status & 0x7f == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signalled(status & 0x7f)
        }
    }

    var description: String {
        switch self {
        case let .exited(code): "exited with status \(code)"
        case let .signalled(signal): "was ended by signal \(signal)\(signal == SIGKILL ? " (SIGKILL)" : signal == SIGTERM ? " (SIGTERM)" : "")"
        }
    }
}

struct PluginProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The last `limit` bytes written to a stream.
final class StderrTail: @unchecked Sendable {
    private let limit: Int
    private var bytes: [UInt8] = []
    private var dropped = false
    private let lock = NSLock()

    init(limit: Int) { self.limit = limit }

    func append(_ chunk: ArraySlice<UInt8>) {
        lock.lock()
        defer { lock.unlock() }
        bytes += chunk
        if bytes.count > limit {
            bytes.removeFirst(bytes.count - limit)
            dropped = true
        }
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return (dropped ? "…" : "") + String(decoding: bytes, as: UTF8.self)
    }
}
