import HuitongCore
import Testing

/// Rows of the shelter registry sample (`Tests/Fixtures/sources/shelters.csv`, GB18030) against
/// the shelter records the mapping agreement gives them, worked out by hand from each row.
///
/// Locations: the registry's 经度/纬度 are BD-09 and the shelter entity keeps WGS-84 unrounded
/// (the targets round to 6 decimals). The expected points were computed independently with
/// `scripts/agreement-datum.py BD09 WGS84 LON LAT` (the agreement's published BD-09 and GCJ-02
/// algorithms, GCJ-02 inverted by iteration to 1e-12°) and are compared within 1e-9°; at that
/// distance every one also rounds to the same 6 decimals.
@Suite("Shelter registry sample: hand-checked rows")
struct SourceSampleRowsShelterTests {
    static let outcomes = Task { try await SampleOutcomes.read("shelter-registry", "shelters.csv") }

    static let mapped: [SampleRow] = [
        .mapped("shelters.csv:2", "0.23万㎡ is 2300 m²; 核五级 → H5; 257个; 2005/12/19; 平时用途 and 充电桩 empty", [
            "id": "320613-RF-0039", "name": "任港路停车楼地下室人防工程", "district": "320613", "address": "南通市崇川区桃园路776号",
            "location": ["lon": 120.9601029951598, "lat": 31.930247782922116],   // BD-09 120.970823, 31.934518
            "floor_area": 2300.0, "protection_class": "H5", "wartime_function": "PERSONNEL_1",
            "capacity": 2601, "parking_spaces": 257, "completion_date": "2005-12-19",
            "maintainer": "通州区人防设施管理站", "maintainer_credit_code": "91320173L9C8WBFYXP", "status": "IN_USE",
            "updated_at": "2025-12-15T22:36:00+08:00",
        ]),
        .mapped("shelters.csv:6", "a quoted \"10,256㎡\" with a thousands separator; charging piles under the parking spaces", [
            "id": "320685-RF-0040", "name": "北濠东村地下室人防工程", "district": "320685", "address": "南通市海安市工农路590号",
            "location": ["lon": 120.38585529259429, "lat": 32.547151804350499],   // BD-09 120.397169, 32.551303
            "floor_area": 10256.0, "protection_class": "H5", "wartime_function": "PERSONNEL_2", "peacetime_use": "VACANT",
            "capacity": 1608, "parking_spaces": 142, "charging_piles": 4, "completion_date": "2019-03-25",
            "maintainer": "崇川区城建物业服务中心", "maintainer_credit_code": "91320620XAB64WJ4JT", "status": "IN_USE",
            "updated_at": "2026-02-07T05:30:00+08:00",
        ]),
        .mapped("shelters.csv:8", "a quoted name holding doubled quotes and a comma; no address; 核6B级", [
            "id": "320685-RF-0215", "name": "南通\"园林社区\",人民中路人防工程", "district": "320685",
            "location": ["lon": 120.52525298640191, "lat": 32.498091010379397],   // BD-09 120.536241, 32.501671
            "floor_area": 10691.0, "protection_class": "H6B", "wartime_function": "PERSONNEL_2", "peacetime_use": "COMMERCE",
            "capacity": 200, "parking_spaces": 364, "completion_date": "2019-02-27",
            "maintainer": "通州区人防设施管理站", "maintainer_credit_code": "91320133PX5T10J66Q", "status": "IN_USE",
            "updated_at": "2026-09-01T09:16:00+08:00",
        ]),
        .mapped("shelters.csv:11", "2006年12月22日; 常五级 → C5; 其他 → OTHER; charging piles without parking spaces", [
            "id": "320612-RF-0115", "name": "任港路停车楼地下车库人防工程", "district": "320612",
            "location": ["lon": 121.0224468143074, "lat": 32.043272295927459],   // BD-09 121.033572, 32.047002
            "floor_area": 9435.12, "protection_class": "C5", "wartime_function": "OTHER", "peacetime_use": "VACANT",
            "capacity": 2142, "charging_piles": 8, "completion_date": "2006-12-22",
            "maintainer_credit_code": "91320661G4QU5XN4D4", "status": "IN_USE", "updated_at": "2026-10-05T02:02:00+08:00",
        ]),
        .mapped("shelters.csv:12", "an update time without seconds (2026/6/20 16:01); 核6级; 停用; no capacity or completion date", [
            "id": "320685-RF-0092", "name": "创新区医学综合体地下空间人防工程", "district": "320685", "address": "南通市海安市人民中路823号",
            "location": ["lon": 120.54448624197427, "lat": 32.448006327864562],   // BD-09 120.555441, 32.451526
            "floor_area": 2562.0, "protection_class": "H6", "wartime_function": "PERSONNEL_2", "peacetime_use": "COMMERCE",
            "parking_spaces": 391, "charging_piles": 16,
            "maintainer_credit_code": "91320610BG85MJFDRF", "status": "DISABLED", "updated_at": "2026-06-20T16:01:00+08:00",
        ]),
        .mapped("shelters.csv:16", "spaces around 工程编号; 常5 → C5; 专业队工程 → SPECIALIST_TEAM", [
            "id": "320612-RF-0264", "name": "创新区医学综合体地下车库人防工程", "district": "320612",
            "location": ["lon": 121.0804497053946, "lat": 32.104450313580706],   // BD-09 121.091536, 32.108968
            "floor_area": 1568.9, "protection_class": "C5", "wartime_function": "SPECIALIST_TEAM", "peacetime_use": "VACANT",
            "capacity": 695, "parking_spaces": 128, "charging_piles": 37, "completion_date": "2020-11-07",
            "maintainer": "南通大陆桥物业管理有限公司", "maintainer_credit_code": "913206327JPJX6MW22", "status": "IN_USE",
            "updated_at": "2026-02-05T13:14:00+08:00",
        ]),
        .mapped("shelters.csv:19", "a quoted address over two physical lines (the record's origin is its first); 常六级 → C6", [
            "id": "320623-RF-0053", "name": "文峰大世界地下车库人防工程", "district": "320623", "address": "南通市钟秀路\n任港路停车楼旁",
            "location": ["lon": 121.15983032745213, "lat": 32.2163008601527],   // BD-09 121.170998, 32.220288
            "floor_area": 2200.0, "protection_class": "C6", "wartime_function": "PERSONNEL_2", "peacetime_use": "VACANT",
            "capacity": 487, "parking_spaces": 148, "charging_piles": 12, "completion_date": "2015-01-29",
            "maintainer": "南通大陆桥物业管理有限公司", "maintainer_credit_code": "9132069421GGFJFNAA", "status": "DISABLED",
            "updated_at": "2026-07-27T06:53:00+08:00",
        ]),
        .mapped("shelters.csv:21", "核六级 → H6; 医疗救护站 → MEDICAL; 在建", [
            "id": "320613-RF-0102", "name": "颐和社区地下室人防工程", "district": "320613",
            "location": ["lon": 120.92493481076059, "lat": 31.896176384458141],   // BD-09 120.935645, 31.900015
            "floor_area": 1537.23, "protection_class": "H6", "wartime_function": "MEDICAL",
            "capacity": 2386, "parking_spaces": 37, "charging_piles": 24, "completion_date": "2005-09-10",
            "maintainer": "通州区人防设施管理站", "maintainer_credit_code": "91320623LKXMCCUUPD", "status": "BUILDING",
            "updated_at": "2026-06-20T05:24:00+08:00",
        ]),
        .mapped("shelters.csv:24", "764平方米; spaces around 工程编号; no credit code", [
            "id": "320613-RF-0189", "name": "张謇企业家学院地下空间人防工程", "district": "320613", "address": "南通市崇川区江海大道310号",
            "location": ["lon": 120.92455412671575, "lat": 32.008845206176737],   // BD-09 120.935275, 32.012651
            "floor_area": 764.0, "protection_class": "H5", "wartime_function": "SPECIALIST_TEAM", "peacetime_use": "VACANT",
            "capacity": 1859, "parking_spaces": 390, "charging_piles": 33, "completion_date": "2007-04-17",
            "maintainer": "南通大陆桥物业管理有限公司", "status": "IN_USE", "updated_at": "2026-06-24T18:03:00+08:00",
        ]),
        .mapped("shelters.csv:26", "the legacy 海门市 is 海门区 320614; 常5级; 2026/9/7 13:50", [
            "id": "320614-RF-0112", "name": "颐和社区地下室人防工程", "district": "320614", "address": "南通市海门区崇川路204号",
            "location": ["lon": 121.09127056150562, "lat": 31.952719999575958],   // BD-09 121.102403, 31.957177
            "floor_area": 9169.53, "protection_class": "C5", "wartime_function": "MEDICAL", "peacetime_use": "STORAGE",
            "capacity": 1633, "charging_piles": 1, "completion_date": "2023-08-26",
            "maintainer": "南通大陆桥物业管理有限公司", "maintainer_credit_code": "91320644PY4NJQCTFH", "status": "BUILDING",
            "updated_at": "2026-09-07T13:50:00+08:00",
        ]),
        .mapped(
            "shelters.csv:28", "a credit code with a wrong check character is left out with a warning (warn); 核6 → H6; 6772.20",
            [
                "id": "320623-RF-0069", "name": "南通\"张謇企业家学院\",工农路人防工程", "district": "320623", "address": "南通市如东县人民中路718号",
                "location": ["lon": 121.10861824035767, "lat": 32.245678225668208],   // BD-09 121.119822, 32.249761
                "floor_area": 6772.2, "protection_class": "H6", "wartime_function": "MEDICAL",
                "capacity": 380, "parking_spaces": 318, "charging_piles": 35, "completion_date": "2018-06-25",
                "maintainer": "通州区人防设施管理站", "status": "IN_USE", "updated_at": "2026-10-24T18:57:00+08:00",
            ],
            // GB 32100: weights 3^i mod 31 over the first 17 characters give check character T.
            warnings: [reason("maintainer_credit_code", "91320627GK9X98XB82", "gb32100", #"check character is "2", expected "T" (GB 32100)"#)]
        ),
        .mapped("shelters.csv:29", "0.72万㎡; 物资库 → MATERIEL; no maintainer; a one-digit hour (2026/9/14 6:29)", [
            "id": "320685-RF-0026", "name": "任港路停车楼地下室人防工程", "district": "320685", "address": "南通市海安市长江路344号",
            "location": ["lon": 120.41245564161609, "lat": 32.59871343727032],   // BD-09 120.423823, 32.602530
            "floor_area": 7200.0, "protection_class": "C5", "wartime_function": "MATERIEL", "peacetime_use": "OTHER",
            "capacity": 474, "parking_spaces": 147, "charging_piles": 1, "completion_date": "2008-06-29",
            "maintainer_credit_code": "91320611DKY1H6HDB3", "status": "IN_USE", "updated_at": "2026-09-14T06:29:00+08:00",
        ]),
        .mapped("shelters.csv:30", "0.92万㎡ (9200, not 9200.000000000002); 指挥所 → COMMAND; 2025/11/14 1:27", [
            "id": "320612-RF-0002", "name": "任港路停车楼地下空间人防工程", "district": "320612", "address": "南通市通州区世纪大道124号",
            "location": ["lon": 121.03296844823252, "lat": 32.093953647987433],   // BD-09 121.044109, 32.097822
            "floor_area": 9200.0, "protection_class": "C6", "wartime_function": "COMMAND", "peacetime_use": "COMMERCE",
            "capacity": 2506, "charging_piles": 32, "completion_date": "2024-02-21",
            "maintainer": "江海物业服务有限公司", "maintainer_credit_code": "91320189QMPB2EMG3F", "status": "IN_USE",
            "updated_at": "2025-11-14T01:27:00+08:00",
        ]),
        .mapped("shelters.csv:54", "the legacy 港闸区 is 崇川区 320613", [
            "id": "320613-RF-0263", "name": "崇川区任港路停车楼地下车库人防工程", "district": "320613",
            "location": ["lon": 120.95901063021657, "lat": 31.894811695049601],   // BD-09 120.969696, 31.899084
            "floor_area": 964.9, "protection_class": "H6B", "wartime_function": "PERSONNEL_2",
            "capacity": 2287, "parking_spaces": 138, "completion_date": "2018-05-20",
            "maintainer": "崇川区城建物业服务中心", "maintainer_credit_code": "91320620FDPA5KQ48G", "status": "DISABLED",
            "updated_at": "2026-11-11T16:39:00+08:00",
        ]),
        .mapped("shelters.csv:178", "an id keeping the retired prefix 320602 is kept as it is; 港闸区 → 320613; 2431.0", [
            "id": "320602-RF-0233", "name": "崇川区北濠东村地下室人防工程", "district": "320613", "address": "南通市崇川区工农路496号",
            "location": ["lon": 120.94508886255181, "lat": 31.977506343912207],   // BD-09 120.955781, 31.981686
            "floor_area": 2431.0, "protection_class": "H6", "wartime_function": "MEDICAL", "peacetime_use": "STORAGE",
            "capacity": 1330, "parking_spaces": 46, "charging_piles": 3, "completion_date": "2015-12-13",
            "maintainer": "南通大陆桥物业管理有限公司", "maintainer_credit_code": "91320609U9UDDA8MM0", "status": "DISABLED",
            "updated_at": "2026-05-15T14:02:00+08:00",
        ]),
        .mapped("shelters.csv:223", "of two rows with one id the later update (2026/5/27 20:51) wins; 2025年6月5日; 海门市", [
            "id": "320614-RF-0008", "name": "海门区万达广场地下室人防工程", "district": "320614", "address": "南通市海门区人民中路424号",
            "location": ["lon": 121.14757469986665, "lat": 31.830745377787245],   // BD-09 121.158794, 31.834648
            "floor_area": 6551.2, "protection_class": "H5", "wartime_function": "PERSONNEL_2", "peacetime_use": "OTHER",
            "capacity": 1946, "parking_spaces": 58, "completion_date": "2025-06-05",
            "maintainer": "通州区人防设施管理站", "status": "IN_USE", "updated_at": "2026-05-27T20:51:00+08:00",
        ]),
    ]

    static let setAside: [SampleRow] = [
        .setAside("shelters.csv:4", "掩蔽人数 1.5 is not an integer", reason("capacity", "1.5", "integer", #"not an integer: "1.5""#)),
        .setAside("shelters.csv:17", "状态 拆除 is none of 在用, 在建, 停用",
                  reason("status", "拆除", "lookup shelter_status", #"unknown value "拆除" in code table shelter_status"#)),
        .setAside("shelters.csv:33", "建筑面积 约三千 is not a number", reason("floor_area", "约三千", "number", #"not a number: "约三千""#)),
        .setAside("shelters.csv:91", "所属区县 苏州工业园区 is not a Nantong district",
                  reason("district", "苏州工业园区", "lookup district", #"unknown value "苏州工业园区" in code table district"#)),
        .setAside("shelters.csv:127", "经度 is empty",
                  reason("location", ",32.522770", "point", "longitude and latitude must both be present")),
        .setAside("shelters.csv:152", "建筑面积 0 is not above 0", reason("floor_area", "0", "range", "0 is not above 0")),
        .setAside("shelters.csv:164", "工程名称 is empty", reason("name", nil, "required", "required, but absent")),
        .setAside("shelters.csv:176", "更新时间 昨天 is not a time",
                  reason("updated_at", "昨天", "datetime",
                         #"not a date and time in any of the formats yyyy-MM-dd HH:mm:ss, yyyy/M/d H:mm: "昨天""#)),
        .setAside("shelters.csv:216", "竣工时间 2031-01-01 is after today", reason("completion_date", "2031-01-01", "not_future")),
        .setAside("shelters.csv:221", "the earlier of two rows with id 320614-RF-0008 (2020-01-01 00:00:00) is the duplicate",
                  reason("id", "320614-RF-0008", "duplicate",
                         "duplicate: another record with this key wins (a later updated_at, or the same and read later)")),
        .setAside("shelters.csv:234", "停车位 -3 is negative", reason("parking_spaces", "-3", "range", "-3 is below the minimum 0")),
        .setAside("shelters.csv:240", "防护等级 核7级 is no protection class",
                  reason("protection_class", "核7级", "lookup protection_class", #"unknown value "核7级" in code table protection_class"#)),
        .setAside("shelters.csv:294", "9 charging piles for 5 parking spaces",
                  reason("charging_piles", "9", "compare", "充电桩数量多于停车位 (charging piles exceed parking spaces)")),
        .setAside("shelters.csv:320", "战时用途 地铁站 is no wartime function",
                  reason("wartime_function", "地铁站", "lookup wartime_function", #"unknown value "地铁站" in code table wartime_function"#)),
    ]

    @Test("each chosen row maps to the shelter record the agreement gives it", arguments: mapped)
    func mappedRow(_ row: SampleRow) async throws {
        try row.check(in: await Self.outcomes.value, computedPoints: ["location"])
    }

    @Test("every row that breaks a reject rule is set aside with exactly its reason", arguments: setAside)
    func setAsideRow(_ row: SampleRow) async throws {
        try row.check(in: await Self.outcomes.value)
    }
}
