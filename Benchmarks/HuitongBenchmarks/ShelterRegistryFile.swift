import Foundation
import HuitongCore

/// A deterministic JSON Lines file of shelter-registry rows, shaped like the registry's CSV
/// export (`shared/samples/shelters.csv`) once an adapter has turned each row into an object
/// of strings keyed by the Chinese headers:
///
///     {"工程编号":"320613-RF-000039","工程名称":"任港路停车楼地下室人防工程","所属区县":"崇川区",…,"更新时间":"2026/6/15 23:56"}
///
/// Values vary the way the export does: areas as `3315`, `3315.5`, `3,315㎡`, `3315平方米` or
/// `0.33万㎡`; protection classes in several spellings; parking spaces with and without `个`;
/// three date formats and two date-time formats; about a fifth of the optional fields empty;
/// a few fields padded with spaces or U+3000. About 3% of the rows break a reject rule
/// (unknown codes, unparsable numbers, a date in the future, more charging piles than parking
/// spaces) and 0.5% reuse an earlier row's id, so every path of the mapping is taken.
enum ShelterRegistryFile {
    /// The registry's columns, in export order.
    static let headers = [
        "工程编号", "工程名称", "所属区县", "详细地址", "经度", "纬度", "建筑面积", "防护等级", "战时用途",
        "平时用途", "掩蔽人数", "停车位", "充电桩", "竣工时间", "维护单位", "统一社会信用代码", "状态", "更新时间",
    ]

    /// Writes `rows` rows to `path`, replacing the file.
    ///
    /// - Returns: the file's size in bytes.
    static func write(rows: Int, to path: String) throws -> Int {
        let writer = try BufferedFileWriter(path: path)
        var rowGenerator = ShelterRowGenerator(seed: 0x5348_454C_5445_52)  // "SHELTER"
        for _ in 0..<rows {
            let values = rowGenerator.nextRow()
            writer.append { buffer in
                buffer.append(UInt8(ascii: "{"))
                for (index, value) in values.enumerated() {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    appendJSONString(headers[index], to: &buffer)
                    buffer.append(UInt8(ascii: ":"))
                    appendJSONString(value, to: &buffer)
                }
                buffer.append(contentsOf: "}\n".utf8)
            }
        }
        return writer.finish()
    }

    /// A JSON string literal; names and addresses copied from the export can hold quotes and
    /// line breaks.
    private static func appendJSONString(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): buffer.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): buffer.append(contentsOf: #"\n"#.utf8)
            case 0..<0x20: buffer.append(contentsOf: String(format: "\\u%04x", byte).utf8)
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}

/// Makes one registry row at a time from a seeded generator (Core's SeededRandom), so every run sees the same rows.
struct ShelterRowGenerator {
    private var random: SeededRandom
    private var serial = 0
    /// Ids already issued, for the rows that repeat one (a shelter exported twice).
    private var issuedIDs: [String] = []

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    // Vocabulary from the sample export. Districts: code for the id, and what the registry
    // writes for it (legacy names and retired codes included), each as often as it appears.
    private static let districts: [(code: String, names: [String])] = [
        ("320613", ["崇川区", "崇川区", "崇川区", "崇川区", "港闸区", "320602"]), ("320612", ["通州区"]),
        ("320614", ["海门区", "海门区", "海门区", "海门市", "320684"]),
        ("320623", ["如东县"]), ("320681", ["启东市"]), ("320682", ["如皋市"]), ("320685", ["海安市"]),
    ]
    private static let places = ["任港路停车楼", "紫琅湖实验学校", "万达广场", "星湖城", "北濠东村", "张謇企业家学院",
                                 "文峰大世界", "创新区医学综合体", "颐和社区", "园林社区"]
    private static let works = ["地下室", "地下空间", "地下车库"]
    private static let roads = ["桃园路", "工农路", "青年东路", "通京大道", "世纪大道", "长江路", "江海大道", "人民中路", "崇川路"]
    private static let protectionClasses = ["核5级", "核五级", "核6级", "核六级", "核6", "核6B级", "常5级", "常五级", "常5",
                                            "常6级", "常六级", "常6"]
    private static let wartimeFunctions = ["一等人员掩蔽所", "二等人员掩蔽所", "二等人员掩蔽所", "医疗救护站", "急救医院",
                                           "专业队工程", "物资库", "指挥所", "其他"]
    private static let peacetimeUses = ["停车", "商业", "仓储", "空置", "其他"]
    private static let maintainers = ["通州区人防设施管理站", "南通市人防工程维护有限公司", "南通大陆桥物业管理有限公司",
                                      "崇川区城建物业服务中心", "江海物业服务有限公司"]
    private static let statuses = ["在用", "在用", "在用", "在建", "停用"]
    private static let creditAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The next row's 18 values, in header order.
    mutating func nextRow() -> [String] {
        serial += 1
        let district = pick(Self.districts)
        var id = "\(district.code)-RF-\(pad(serial, 6))"
        if chance(5, in: 1000), !issuedIDs.isEmpty {
            id = issuedIDs[issuedIDs.count - 1 - number(min(issuedIDs.count, 2_000))]
        } else {
            issuedIDs.append(id)
        }
        let districtName = pick(district.names)
        let place = pick(Self.places)
        var name = (chance(1, in: 3) ? district.names[0] : "") + place + pick(Self.works) + "人防工程"
        if chance(1, in: 50) { name = "南通\"\(place)\",\(pick(Self.roads))人防工程" }
        var address = chance(1, in: 5) ? "" : "南通市\(district.names[0])\(pick(Self.roads))\(number(999) + 1)号"
        if chance(1, in: 200) { address = "南通市\(pick(Self.roads))\n\(place)旁" }

        // BD-09 inside Nantong, in millionths of a degree as the registry writes them.
        var longitude = degrees(microdegrees: 120_500_000 + number(1_400_001))
        var latitude = degrees(microdegrees: 31_600_000 + number(1_100_001))
        if chance(2, in: 1000) { longitude = longitude.replacingOccurrences(of: ".", with: ",") }
        if chance(1, in: 1000) { (longitude, latitude) = (latitude, longitude) }

        let parking = number(400)
        let charging = chance(5, in: 1000) ? parking + 1 + number(20) : number(min(parking, 40) + 1)
        var values = [
            id, name,
            chance(5, in: 1000) ? pick(["开发区", "320699", "南通市"]) : districtName,
            address, longitude, latitude,
            floorArea(),
            chance(4, in: 1000) ? pick(["核7级", "甲级", "核6B"]) : pick(Self.protectionClasses),
            chance(3, in: 1000) ? "人员掩蔽所" : pick(Self.wartimeFunctions),
            chance(15, in: 100) ? "" : (chance(1, in: 100) ? "办公" : pick(Self.peacetimeUses)),
            chance(1, in: 10) ? "" : (chance(2, in: 1000) ? "1.5" : String(100 + number(2_900))),
            chance(2, in: 10) ? "" : (chance(1, in: 2) ? "\(parking)个" : String(parking)),
            chance(3, in: 10) ? "" : String(charging),
            completionDate(),
            chance(1, in: 4) ? "" : pick(Self.maintainers),
            creditCode(),
            chance(4, in: 1000) ? "拆除" : pick(Self.statuses),
            updateTime(),
        ]
        for index in values.indices {
            values[index] = padded(values[index])
        }
        return values
    }

    /// `3315`, `3315.5`, `3,315㎡`, `3315平方米`, `0.33万㎡`, and now and then a typo.
    private mutating func floorArea() -> String {
        let area = 200 + number(14_000)
        let cents = number(100)
        switch number(1000) {
        case 0..<4: return pick(["约三千", "12亩", "1,2,3", "-5", "0.001㎡"])
        case 4..<300: return String(area)
        case 300..<550: return "\(area).\(pad(cents, 2))"
        case 550..<750: return area >= 1000 ? "\(area / 1000),\(pad(area % 1000, 3))㎡" : "\(area)㎡"
        case 750..<850: return pick(["\(area)平方米", "\(area) ㎡", "\(area)m²"])
        default: return "\(area / 10_000).\(pad(area % 10_000 / 100, 2))万㎡"
        }
    }

    /// `2019-07-01`, `2019/7/1`, `2019年7月1日` or empty; a few in the future or not a date.
    private mutating func completionDate() -> String {
        if chance(2, in: 10) { return "" }
        if chance(3, in: 1000) { return pick(["2031-05-01", "2019-02-30", "2019.7.1"]) }
        let year = 1995 + number(31), month = 1 + number(12), day = 1 + number(28)
        switch number(3) {
        case 0: return "\(year)-\(pad(month, 2))-\(pad(day, 2))"
        case 1: return "\(year)/\(month)/\(day)"
        default: return "\(year)年\(month)月\(day)日"
        }
    }

    /// `2026-11-28 09:30:00` or `2026/11/28 9:30`, within the year before the export.
    private mutating func updateTime() -> String {
        if chance(1, in: 1000) { return "2026-13-01 10:00:00" }
        let year = 2025 + number(2)
        let month = year == 2025 ? 11 + number(2) : 1 + number(11)
        let day = 1 + number(28), hour = number(24), minute = number(60)
        if chance(1, in: 2) {
            return "\(year)-\(pad(month, 2))-\(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2)):00"
        }
        return "\(year)/\(month)/\(day) \(hour):\(pad(minute, 2))"
    }

    /// A GB 32100 code for a Nantong organisation (`91320…`): mostly with the right check
    /// character, some wrong, some lower-case, a fifth missing.
    private mutating func creditCode() -> String {
        if chance(2, in: 10) { return "" }
        var characters = Array("913206")
        for _ in 0..<11 { characters.append(Self.creditAlphabet[number(Self.creditAlphabet.count)]) }
        var sum = 0
        for (index, character) in characters.enumerated() {
            sum += Self.creditAlphabet.firstIndex(of: character)! * Self.creditWeights[index]
        }
        var check = (31 - sum % 31) % 31
        if chance(5, in: 100) { check = (check + 1 + number(30)) % 31 }
        characters.append(Self.creditAlphabet[check])
        let code = String(characters)
        return chance(2, in: 100) ? code.lowercased() : code
    }

    /// Some cells come out of the export with spaces or U+3000 around them.
    private mutating func padded(_ value: String) -> String {
        guard !value.isEmpty, chance(2, in: 100) else { return value }
        return pick(["  \(value) ", "\u{3000}\(value)", "\(value)\u{3000}\u{3000}"])
    }

    private func degrees(microdegrees: Int) -> String {
        "\(microdegrees / 1_000_000).\(pad(microdegrees % 1_000_000, 6))"
    }

    private mutating func number(_ bound: Int) -> Int {
        Int(random.next() % UInt64(bound))
    }

    private mutating func chance(_ count: Int, in scale: Int) -> Bool {
        number(scale) < count
    }

    private mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[number(elements.count)]
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
