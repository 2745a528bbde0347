import Foundation
import HuitongCore
import HuitongPlatforms

/// Records for the `push` benchmark, made deterministically from their number: record `n` is
/// the same in every run, so the same records make the same batches with the same keys.
///
/// Every record passes the sandbox's field rules (the contracts' tables, as the platform tests'
/// payloads use them); keys, names, districts, codes and coordinates vary so that no two
/// batches look alike. The payloads are what a target mapping would have produced, so the
/// platforms' field names appear here as test data, not as code that reads them.
enum PushRecords {
    /// Nantong's current county-level codes: the only 3206xx codes the province accepts.
    private static let districts = ["320612", "320613", "320614", "320623", "320681", "320682", "320685"]
    private static let kinds = ["人员掩蔽所", "地下车库", "医疗救护站", "物资库", "专业队掩蔽部"]
    private static let streets = ["人民路", "南大街", "工农路", "青年路", "崇川路", "世纪大道", "通江路", "长江路"]
    /// The city's wartime uses (the province's `zszn` codes, spelled out).
    private static let wartimeUses = ["一等人员掩蔽所", "二等人员掩蔽所", "医疗救护工程", "防空专业队工程", "人防物资库", "指挥工程", "其他配套工程"]

    /// The key shared by both platforms' records: district, kind marker and number.
    private static func key(_ number: Int) -> String {
        districts[number % districts.count] + "-RF-" + String(format: "%06d", number)
    }

    private static func name(_ number: Int) -> String {
        "\(streets[(number / 7) % streets.count])\(number)号\(kinds[number % kinds.count])"
    }

    /// A coordinate with exactly the decimals written: micro-degrees divided once, so the
    /// shortest printing of the double is the six-decimal figure.
    private static func degrees(_ base: Int, _ number: Int, step: Int) -> Double {
        Double(base + (number &* step) % 1_000_000) / 1e6
    }

    /// A province `rfgc` (人防工程) record.
    static func rfgc(_ number: Int) -> OutgoingRecord {
        let key = key(number)
        let updated = String(
            format: "2026-%02d-%02d %02d:%02d:%02d",
            1 + number % 10, 1 + number % 28, 8 + number % 10, number % 60, (number / 60) % 60
        )
        return OutgoingRecord(key: key, payload: [
            "gcbm": .string(key), "gcmc": .string(name(number)), "xzqhdm": .string(districts[number % districts.count]),
            "jd": .double(degrees(120_500_000, number, step: 7_919)), "wd": .double(degrees(31_500_000, number, step: 104_729)),
            "jzmj": .double(Double(50_000 + (number &* 37) % 500_000) / 100),
            "kljb": .string(["H5", "H6", "H6B", "C5", "C6"][number % 5]),
            "zszn": .string(["RY1", "RY2", "YL", "ZY", "WZ", "ZH", "QT"][(number / 5) % 7]),
            "zt": .string(["1", "2", "3"][number % 3]), "gxsj": .string(updated),
        ])
    }

    /// A city `shelter` (人防工程) resource.
    static func shelter(_ number: Int) -> OutgoingRecord {
        let key = key(number)
        return OutgoingRecord(key: key, payload: [
            "id": .string(key), "name": .string(name(number)),
            "areaCode": .string(districts[number % districts.count] + String(format: "%03d000", 1 + number % 12)),
            "lng": .double(degrees(120_500_000, number, step: 7_919)), "lat": .double(degrees(31_500_000, number, step: 104_729)),
            "protectLevel": .integer(Int64(1 + number % 5)),
            "wartimeUse": .string(wartimeUses[(number / 5) % wartimeUses.count]),
            "status": .string(["IN_USE", "BUILDING", "DISABLED"][number % 3]),
            "updatedAt": .integer(1_764_293_400_000 + Int64(number) * 1_000),
        ])
    }
}
