import Foundation
import HuitongCore
import HuitongHub
import HuitongSandbox
import HuitongTestSupport
import Testing

/// The shelter register held in a PostgreSQL table, read by the published Singer tap
/// `meltanolabs-tap-postgres` (unmodified, from PyPI, in `.build/plugin-venv`; `make test`
/// installs it and Debian's `postgresql`), against a server this test starts on a temporary
/// directory and a loopback ephemeral port.
@Suite(.serialized) struct PostgresSourceTests {
    /// Where scripts/plugin-deps.sh installs the tap (HUITONG_PLUGIN_VENV, as the script reads it).
    static let tap: String = {
        let venv = ProcessInfo.processInfo.environment["HUITONG_PLUGIN_VENV"] ?? ".build/plugin-venv"
        return (venv.hasPrefix("/") ? venv : RepositoryPaths.path(venv)) + "/bin/tap-postgres"
    }()
    static let serverDirectory: String? = {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }()
    /// `make test` sets HUITONG_REQUIRE_POSTGRES=1 after installing both: there a missing one is a failure, not a skip.
    static let available = FileManager.default.isExecutableFile(atPath: tap) && serverDirectory != nil
    static let required = ProcessInfo.processInfo.environment["HUITONG_REQUIRE_POSTGRES"] == "1"

    @Test func whatMakeTestInstallsIsThere() {
        if Self.required {
            #expect(Self.available, "make test installs tap-postgres into .build/plugin-venv and Debian's postgresql (scripts/plugin-deps.sh)")
        }
    }

    static let columns = ["工程编号", "工程名称", "所属区县", "详细地址", "经度", "纬度", "建筑面积", "防护等级", "战时用途", "平时用途", "掩蔽人数",
                          "停车位", "充电桩", "竣工时间", "维护单位", "统一社会信用代码", "状态", "更新时间"]

    @Test(.enabled(if: available)) func theRegisterInPostgresReachesThePlatformsAndASecondRunSendsExactlyTheThreeRowsUpdated() async throws {
        let server = try PostgresServer(binaries: Self.serverDirectory!)
        defer { server.stop() }
        let bed = try TestOffice.withSamples()
        let csvConfiguration = try bed.configuration()

        // The register, as the export holds it: text columns (empty cells as empty text, as the
        // export has them), a row number, and the replication key.
        let quoted = Self.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try server.sql("""
            CREATE TABLE shelters (row_id serial PRIMARY KEY, \(Self.columns.map { "\"\($0)\" text" }.joined(separator: ", ")), updated_at timestamptz NOT NULL DEFAULT '2026-01-01 00:00:00+08');
            \\copy shelters (\(quoted)) FROM '\(bed.path("sources/shelters.csv"))' WITH (FORMAT csv, HEADER true, ENCODING 'GB18030', FORCE_NOT_NULL (\(quoted)))
            UPDATE shelters SET updated_at = updated_at + row_id * interval '1 minute';
            """)

        let plugins = bed.path("plugins")
        try FileManager.default.createDirectory(atPath: plugins + "/sources/tap-postgres", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: RepositoryPaths.path("plugins/platforms"), toPath: plugins + "/platforms")
        try """
            plugin: tap-postgres
            kind: source
            version: "0.10.0"
            description: meltanolabs-tap-postgres, the published Singer tap, unmodified
            runtime:
              process:
                command: [\(Self.tap)]
                discover: true
                time_limit_seconds: 300
            incremental: true
            entity: shelter
            mapping: sources/shelter-registry.yaml
            options:
              host: {type: string, required: true}
              port: {type: integer, default: 5432}
              user: {type: string, required: true}
              password: {type: string, secret: true}
              database: {type: string, required: true}
              filter_schemas: {type: list}
            """.write(toFile: plugins + "/sources/tap-postgres/plugin.yaml", atomically: true, encoding: .utf8)
        try "any".write(toFile: bed.path("pg.secret"), atomically: true, encoding: .utf8)
        var file = bed.sampleConfigurationFile
        file.plugins = plugins
        let source = """
            source: {adapter: tap-postgres, host: 127.0.0.1, port: \(server.port), user: huitong, password: "${file:pg.secret}", database: register, filter_schemas: [public], stream: public-shelters, replication_key: updated_at}
            """
        file.jobs = file.jobs.map { $0.replacingOccurrences(of: "source: {adapter: csv, path: sources/shelters.csv}", with: source) }
        try file.write()
        let configuration = try bed.configuration()
        let job = try #require(configuration.job(named: "shelters"))
        #expect(job.source.plugin.name == "tap-postgres")

        let first = try await bed.runner(configuration).run(job)
        #expect(first.read == 314, "every row of the table")
        for (target, platform, dataset) in [("province-rfgc", "province", "rfgc"), ("city-shelter", "city", "shelter")] {
            let stored = try await bed.stored(configuration, platform: platform, dataset: dataset)
            let expected = try await bed.expected(csvConfiguration, job: "shelters", target: target)
            #expect(!expected.isEmpty)
            #expect(stored == expected, "\(target): the same records as the csv export makes (\(stored.count) stored, \(expected.count) expected)")
        }

        // Three rows (of keys held once; the export pads some keys with blanks, the mapping trims them) change; the tap reads from its state, the hub sends those three.
        let held = try await bed.stored(configuration, platform: "province", dataset: "rfgc")
        let single = try server.sql("SELECT btrim(\"工程编号\") FROM shelters GROUP BY 1 HAVING count(*) = 1 ORDER BY 1", tuplesOnly: true)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { held[$0] != nil }
        let changed = Array(single.prefix(3))
        #expect(changed.count == 3)
        try server.sql("""
            UPDATE shelters SET "工程名称" = "工程名称" || '（改建）', updated_at = '2027-01-01 00:00:00+08' WHERE btrim("工程编号") IN (\(changed.map { "'\($0)'" }.joined(separator: ", ")));
            """)
        let second = try await bed.runner(configuration).run(job)
        #expect(second.read < 10, "only rows at or after the bookmark are read (\(second.read))")
        for target in second.targets {
            #expect(target.upserts == 3, "\(target.name): \(target.upserts) upserts")
            #expect(target.deletes == 0)
        }
        let after = try await bed.stored(configuration, platform: "province", dataset: "rfgc")
        #expect(after.count == held.count)
        #expect(Set(after.filter { $0.value != held[$0.key] }.keys) == Set(changed), "exactly those three changed at the platform")
    }
}

/// A PostgreSQL server of the test's own: `initdb` into a temporary directory (as the
/// `postgres` user when the test runs as root, since the server refuses root), listening on
/// 127.0.0.1 at an ephemeral port, a database `register`, trust authentication.
final class PostgresServer {
    let directory: String
    let port: Int
    let binaries: String
    private let asRoot = getuid() == 0

    init(binaries: String) throws {
        self.binaries = binaries
        directory = NSTemporaryDirectory() + "huitong-pg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        if asRoot { _ = try Self.run(["/bin/chown", "postgres", directory]) }
        do {
            _ = try run(binaries + "/initdb", ["-D", directory + "/data", "-U", "huitong", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
            _ = try run(binaries + "/pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60",
                                               "-o", "-p \(port) -c listen_addresses=127.0.0.1 -k \(directory)", "start"])
            _ = try sql("CREATE DATABASE register", database: "postgres")
        } catch {
            stop()  // a server started before the failure is not left running
            throw error
        }
    }

    /// Runs SQL (psql script text, meta-commands included) in `database`; its output.
    @discardableResult
    func sql(_ script: String, database: String = "register", tuplesOnly: Bool = false) throws -> String {
        let file = directory + "/script-\(UUID().uuidString).sql"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        _ = chmod(file, 0o644)
        return try run(binaries + "/psql", ["-X", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "huitong", "-d", database] + (tuplesOnly ? ["-At"] : ["-q"]) + ["-f", file])
    }

    func stop() {
        _ = try? run(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        asRoot ? try Self.run(["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments) : try Self.run([executable] + arguments)
    }

    /// Runs a command to its end, its output (stdout and stderr) into a file. posix_spawn and
    /// waitpid, not Foundation's `Process`: that waits on a socket its child inherits, and the
    /// server `pg_ctl start` leaves behind keeps it open for its life.
    static func run(_ command: [String]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "huitong-pg-output-\(UUID().uuidString)"
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw PostgresServerError(description: "cannot create \(outputPath)") }
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        var pid: pid_t = 0
        let arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        close(output)
        guard spawned == 0 else { throw PostgresServerError(description: "cannot start \(command[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw PostgresServerError(description: "\(command.joined(separator: " ")) ended with wait status \(status): \(text)")
        }
        return text
    }

    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw PostgresServerError(description: "no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct PostgresServerError: Error, CustomStringConvertible {
    let description: String
}
