import Foundation
import HuitongCore
import HuitongSandbox
import HuitongTestSupport
import Synchronization

@testable import HuitongPlatforms

/// The sandbox platforms on loopback ephemeral ports, and connectors for them built from the
/// bundled profiles. Retries wait no real time: the sleeper records the waits instead.
final class PlatformTestBed: Sendable {
    let sandbox: SandboxRunner
    let waits = WaitRecorder()

    init(province: FaultPlan = .none, city: FaultPlan = .none, cityTokenLifetimeSeconds: Int = 7200) throws {
        var configuration = SandboxConfiguration()
        configuration.province.faults = province
        configuration.city.faults = city
        configuration.facilities.enabled = false
        configuration.cityTokenLifetimeSeconds = cityTokenLifetimeSeconds
        sandbox = try SandboxRunner(configuration: configuration)
    }

    deinit { sandbox.stop() }

    static func profile(_ name: String) throws -> PlatformProfile {
        try PlatformProfileLoader.load(path: RepositoryPaths.path("plugins/platforms/\(name).yaml"))
    }

    func running(_ name: String) -> SandboxRunner.Running {
        sandbox.platforms.first { $0.name == name }!
    }

    var provincePlatform: ProvincePlatform { running("province").host.platform as! ProvincePlatform }
    var cityPlatform: CityPlatform { running("city").host.platform as! CityPlatform }

    func connector(_ name: String, options: [String: String] = [:], concurrency: Int = 4) throws -> PlatformConnector {
        let credentials: [String: Secret] = name == "province"
            ? ["app_key": Secret("huitong-sandbox"), "app_secret": Secret("sandbox-province-secret")]
            : ["client_id": Secret("huitong-sandbox"), "client_secret": Secret("sandbox-city-secret")]
        let settings = PlatformSettings(
            name: name, baseURL: running(name).baseURL, credentials: credentials, options: options, concurrency: concurrency
        )
        return try PlatformConnector(profile: try Self.profile(name), settings: settings) { [waits] seconds in waits.record(seconds) }
    }
}

/// Valid payloads for each dataset, made by hand from the contracts' tables.
enum Payloads {
    static func rfgc(_ number: Int, name: String = "人防工程") -> OutgoingRecord {
        let key = String(format: "320613-RF-%04d", number)
        return OutgoingRecord(key: key, payload: [
            "gcbm": .string(key), "gcmc": .string("\(name)\(number)"), "xzqhdm": "320613",
            "jd": .double(120.894321), "wd": .double(31.981234), "jzmj": .double(1520.5), "kljb": "H6",
            "zszn": "RY2", "zt": "1", "gxsj": "2026-11-28 09:30:00",
        ])
    }

    static func shelter(_ number: Int) -> OutgoingRecord {
        let key = String(format: "320613-RF-%04d", number)
        return OutgoingRecord(key: key, payload: [
            "id": .string(key), "name": .string("人防工程\(number)"), "areaCode": "320613000000",
            "lng": .double(120.899876), "lat": .double(31.979876), "protectLevel": 2, "wartimeUse": "二等人员掩蔽所",
            "status": "IN_USE", "updatedAt": .integer(1_764_293_400_000),
        ])
    }
}

/// The waits a connector asked for, instead of waiting.
final class WaitRecorder: Sendable {
    private let waits = Mutex<[Double]>([])
    func record(_ seconds: Double) { waits.withLock { $0.append(seconds) } }
    var all: [Double] { waits.withLock { $0 } }
}
