import Foundation
import HuitongCore
import HuitongHTTPServer

/// The sandbox platforms, started on 127.0.0.1: each behind its own `HTTPServer` and `SandboxHost`.
package final class SandboxRunner: Sendable {
    /// One running platform.
    package struct Running: Sendable {
        package let name: String
        package let host: SandboxHost
        package let server: HTTPServer
        /// The base URL a client configures: `http://127.0.0.1:PORT` plus the platform's base path.
        package let baseURL: String
    }

    package let platforms: [Running]

    /// Starts every enabled platform. Throws when a port cannot be bound or a file cannot be read.
    package init(configuration: SandboxConfiguration, clock: any WallClock = SystemWallClock()) throws {
        var started: [Running] = []
        func start(_ name: String, _ common: SandboxConfiguration.Common, _ make: (SandboxClock) throws -> any SandboxPlatform) throws {
            guard common.enabled else { return }
            let platformClock = SandboxClock(base: clock, skewMilliseconds: Int64(common.faults.clockSkewSeconds) * 1000)
            let host = SandboxHost(platform: try make(platformClock), faults: common.faults, clock: clock)
            var serverConfiguration = HTTPServer.Configuration(port: common.port)
            serverConfiguration.maxBodyBytes = 64 << 20  // the platforms answer 413 themselves
            let server: HTTPServer
            do {
                server = try HTTPServer(configuration: serverConfiguration, handler: host.handler)
            } catch {
                started.forEach { $0.server.stop() }
                throw SandboxSetupError("\(name) could not listen on 127.0.0.1:\(common.port): \(error)")
            }
            started.append(Running(name: name, host: host, server: server, baseURL: server.baseURL + common.basePath))
        }
        try start("province", configuration.province) { clock in
            ProvincePlatform(configuration: .init(appSecrets: configuration.provinceAppSecrets, basePath: configuration.province.basePath, clock: clock))
        }
        try start("city", configuration.city) { clock in
            CityPlatform(configuration: .init(
                clients: configuration.cityClients, tokenLifetimeSeconds: configuration.cityTokenLifetimeSeconds,
                basePath: configuration.city.basePath, clock: clock
            ))
        }
        try start("facilities", configuration.facilities) { _ in
            let items = try configuration.facilitiesFile.map(FacilitiesPlatform.items(fromFile:)) ?? []
            return FacilitiesPlatform(configuration: .init(
                items: items, pageSize: configuration.facilitiesPageSize,
                bearerToken: configuration.facilitiesBearerToken, basePath: configuration.facilities.basePath
            ))
        }
        platforms = started
    }

    /// Stops every platform's server.
    package func stop() {
        platforms.forEach { $0.server.stop() }
    }

    /// `{"province": {"port": 40123, "baseURL": "http://127.0.0.1:40123/exchange"}, …}` for scripts.
    package var endpoints: Value {
        .object(OrderedObject(uniqueKeysWithValues: platforms.map { running in
            (running.name, .object(OrderedObject(uniqueKeysWithValues: [
                ("port", .integer(Int64(running.server.port))), ("baseURL", .string(running.baseURL)),
            ])))
        }))
    }

    /// Every platform's state (records, counters, request log), by platform name.
    package func state(includeRecords: Bool = true) -> Value {
        .object(OrderedObject(uniqueKeysWithValues: platforms.map { ($0.name, $0.host.state(includeRecords: includeRecords)) }))
    }

    /// Writes `value` as pretty JSON to `path`, atomically (a reader never sees half a file).
    package static func write(_ value: Value, to path: String) throws {
        let bytes = try JSONWriter(style: .pretty).bytes(for: value) + [10]
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SandboxSetupError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
