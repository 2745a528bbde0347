/// The contract's record types, transcribed from its tables (§3.4 resources, §4.1 events).
///
/// The sandbox keeps its own copy on purpose and never reads the hub's code tables: were both
/// to share a mistake, no joint test could see it.
extension CityRecordSchema {
    /// The resource types by their path name.
    static let resourceTypes: [String: CityRecordSchema] = [
        shelter.name: shelter, siren.name: siren, team.name: team, facility.name: facility,
    ]

    /// The resource type names in a stable order, for snapshots and messages.
    static let resourceTypeNames = ["facility", "shelter", "siren", "team"]

    static let shelter = CityRecordSchema(name: "shelter", fields: [
        .required("id", .text(maximumLength: nil)),
        .required("name", .text(maximumLength: nil)),
        .required("areaCode", .areaCode),
        .optional("address", .text(maximumLength: nil)),
        .required("lng", .longitude),
        .required("lat", .latitude),
        // 1 核5级, 2 核6级, 3 核6B级, 4 常5级, 5 常6级
        .required("protectLevel", .integer(minimum: 1, maximum: 5)),
        .required("wartimeUse", .oneOf([
            "一等人员掩蔽所", "二等人员掩蔽所", "医疗救护工程", "防空专业队工程", "人防物资库", "指挥工程", "其他配套工程",
        ])),
        .optional("peacetimeUse", .oneOf(["停车", "商业", "仓储", "空置", "其他"])),
        .optional("capacity", .integer(minimum: 0, maximum: nil)),
        .optional("parkingSpaces", .integer(minimum: 0, maximum: nil)),
        .optional("chargingPiles", .integer(minimum: 0, maximum: nil)),
        .required("status", .oneOf(["IN_USE", "BUILDING", "DISABLED"])),
        .required("updatedAt", .epochMilliseconds),
    ])

    static let siren = CityRecordSchema(name: "siren", fields: [
        .required("id", .text(maximumLength: nil)),
        .optional("name", .text(maximumLength: nil)),
        // The table says only "required"; §3.4's preamble makes every areaCode 12 digits.
        .required("areaCode", .areaCode),
        .required("lng", .longitude),
        .required("lat", .latitude),
        // ELECTRIC 电动, ELECTROACOUSTIC 电声, MULTIMEDIA 多媒体
        .required("sirenType", .oneOf(["ELECTRIC", "ELECTROACOUSTIC", "MULTIMEDIA"])),
        .required("lastTestAt", .epochMilliseconds),
        .required("lastTestResult", .oneOf(["NORMAL", "FAULT"])),
    ])

    static let team = CityRecordSchema(name: "team", fields: [
        .required("id", .text(maximumLength: nil)),
        .required("name", .text(maximumLength: nil)),
        .required("teamType", .oneOf(["抢险抢修", "医疗救护", "消防", "防化防疫", "通信", "运输", "治安"])),
        .required("members", .integer(minimum: 1, maximum: nil)),
        .required("leader", .text(maximumLength: nil)),
        .required("phone", .maskedPhone),
    ])

    static let facility = CityRecordSchema(
        name: "facility",
        fields: [
            .required("id", .text(maximumLength: nil)),
            .required("name", .text(maximumLength: nil)),
            .required("facilityType", .oneOf(["FIXED", "MOBILE"])),
            .optional("lng", .longitude),
            .optional("lat", .latitude),
            .required("commState", .oneOf(["NORMAL", "DEGRADED", "DOWN"])),
            .required("readiness", .oneOf(["ON_DUTY", "STANDBY", "MAINTENANCE"])),
            .required("updatedAt", .epochMilliseconds),
        ],
        togetherOrAbsent: [["lng", "lat"]]
    )

    static let event = CityRecordSchema(name: "event", idField: "eventId", fields: [
        .required("eventId", .text(maximumLength: nil)),
        .required("title", .text(maximumLength: 100)),
        // AIR_DEFENCE 防空袭, FLOOD 防汛, TYPHOON 台风, FIRE 火灾, GEOLOGICAL 地质灾害,
        // HAZMAT 危化品, PUBLIC_HEALTH 公共卫生, OTHER 其他
        .required("eventType", .oneOf([
            "AIR_DEFENCE", "FLOOD", "TYPHOON", "FIRE", "GEOLOGICAL", "HAZMAT", "PUBLIC_HEALTH", "OTHER",
        ])),
        // 1 特别重大 (I), 2 重大 (II), 3 较大 (III), 4 一般 (IV)
        .required("level", .integer(minimum: 1, maximum: 4)),
        .required("status", .oneOf(["NEW", "UPDATE", "CANCEL"])),
        .required("occurTime", .epochMilliseconds),
        .required("lng", .longitude),
        .required("lat", .latitude),
        .optional("address", .text(maximumLength: nil)),
        .optional("areaCode", .areaCode),
        .optional("description", .text(maximumLength: 2000)),
        // The sending department's code; civil air defence is RF. Not a closed list.
        .required("source", .text(maximumLength: nil)),
    ])
}
