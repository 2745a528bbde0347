import Foundation
import HuitongCore
import HuitongSandbox
import HuitongTestSupport

@testable import HuitongPlatforms

extension PlatformProfile {
    /// The profile shipped as `plugins/platforms/NAME.yaml`.
    static func bundled(_ name: String) throws -> PlatformProfile {
        try PlatformProfileLoader.load(path: RepositoryPaths.path("plugins/platforms/\(name).yaml"))
    }
}

extension SandboxCredentials {
    /// The credentials as `PlatformSettings` takes them.
    var platformCredentials: [String: Secret] { [idName: Secret(id), secretName: Secret(secret)] }
}

/// The platform tests use a `TestOffice` for its sandbox, with connectors for it built from the
/// bundled profiles.
extension TestOffice {
    /// A connector for the sandbox platform `name` with its credentials. Retries wait no real
    /// time: the sleeper records the waits in `waits` instead.
    func connector(_ name: String, options: [String: String] = [:], concurrency: Int = 4) throws -> PlatformConnector {
        let settings = PlatformSettings(
            name: name, baseURL: baseURL(name), credentials: SandboxCredentials.of(name).platformCredentials,
            options: options, concurrency: concurrency
        )
        return try PlatformConnector(profile: try .bundled(name), settings: settings) { [waits] seconds in waits.record(seconds) }
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
