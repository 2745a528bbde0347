// The five tables of contract §4, row by row. Field names and code lists are the province's own
// and appear here because this file *is* the province's side: the hub reads its copy from YAML.

extension ProvinceDataset {
    /// Every dataset the province serves, in the contract's order.
    static let all: [ProvinceDataset] = [rfgc, jbsm, zyd, zhss, hjjc]

    /// §4.1 人防工程 (shelter works). Key: `gcbm`.
    static let rfgc = ProvinceDataset(
        name: "rfgc",
        keyFields: ["gcbm"],
        fields: [
            .required("gcbm", .string(length: 1...32)),
            .required("gcmc", .string(length: 1...100)),
            .required("xzqhdm", .district),
            .optional("dz", .string(length: 0...200)),
            .required("jd", .longitude),
            .required("wd", .latitude),
            .required("jzmj", .number(ProvinceNumberBounds(minimum: 0, minimumIsExclusive: true, maximumDecimals: 2))),
            .required("kljb", .code(ProvinceCodeList([
                ("H5", "核5级"), ("H6", "核6级"), ("H6B", "核6B级"), ("C5", "常5级"), ("C6", "常6级"),
            ]))),
            .required("zszn", .code(ProvinceCodeList([
                ("RY1", "一等人员掩蔽所"), ("RY2", "二等人员掩蔽所"), ("YL", "医疗救护工程"), ("ZY", "防空专业队工程"),
                ("WZ", "人防物资库"), ("ZH", "指挥工程"), ("QT", "其他配套工程"),
            ]))),
            .optional("psyt", .code(ProvinceCodeList([
                ("TC", "停车"), ("SY", "商业"), ("CK", "仓储"), ("KZ", "空置"), ("QT", "其他"),
            ]))),
            .optional("ybrs", .integer(.nonNegative)),
            .optional("cwsl", .integer(.nonNegative)),
            .optional("cdzsl", .integer(.nonNegative)),
            .optional("jgrq", .date(notInFuture: true)),
            .optional("whdw", .string()),
            .optional("whdwxydm", .creditCode),
            .required("zt", .code(ProvinceCodeList([("1", "在用"), ("2", "在建"), ("3", "停用")]))),
            .required("gxsj", .dateTime),
        ],
        crossFieldRules: [.notGreaterThan(field: "cdzsl", limit: "cwsl")]
    )

    /// §4.2 警报试鸣结果 (siren test results). Key: `jbqbm`, `smrq`.
    static let jbsm = ProvinceDataset(
        name: "jbsm",
        keyFields: ["jbqbm", "smrq"],
        fields: [
            .required("jbqbm", .string()),
            .optional("jbqmc", .string()),
            .required("xzqhdm", .district),
            .required("jd", .longitude),
            .required("wd", .latitude),
            .required("jbqlx", .code(ProvinceCodeList([("DD", "电动"), ("DS", "电声"), ("DMT", "多媒体")]))),
            .required("smrq", .date()),
            .required("smsj", .dateTime),
            .required("smjg", .code(ProvinceCodeList([("1", "正常"), ("2", "故障")]))),
            .conditional("gzms", .string()),
        ],
        crossFieldRules: [
            .sameDay(field: "smsj", date: "smrq"),
            .requiredExactlyWhen(field: "gzms", code: "smjg", value: "2"),
        ]
    )

    /// §4.3 人防专业队 (professional rescue teams). Key: `dwbm`.
    static let zyd = ProvinceDataset(
        name: "zyd",
        keyFields: ["dwbm"],
        fields: [
            .required("dwbm", .string()),
            .required("dwmc", .string()),
            .required("dwlx", .code(ProvinceCodeList([
                ("QX", "抢险抢修"), ("YL", "医疗救护"), ("XF", "消防"), ("FH", "防化防疫"),
                ("TX", "通信"), ("YS", "运输"), ("ZA", "治安"),
            ]))),
            .required("xzqhdm", .district),
            .required("rs", .integer(.positive)),
            .required("fzr", .string()),
            .required("lxdh", .mobileNumber),
            .optional("zjrq", .date()),
        ],
        crossFieldRules: []
    )

    /// §4.4 指挥设施 (command posts and mobile command vehicles). Key: `ssbm`.
    static let zhss = ProvinceDataset(
        name: "zhss",
        keyFields: ["ssbm"],
        fields: [
            .required("ssbm", .string()),
            .required("ssmc", .string()),
            .required("sslx", .code(ProvinceCodeList([("GD", "固定指挥所"), ("JD", "机动指挥车")]))),
            .required("xzqhdm", .district),
            .conditional("jd", .longitude),
            .conditional("wd", .latitude),
            .required("txzt", .code(ProvinceCodeList([("1", "正常"), ("2", "降级"), ("3", "中断")]))),
            .required("zbzt", .code(ProvinceCodeList([("1", "值班"), ("2", "待命"), ("3", "维修")]))),
            .required("gxsj", .dateTime),
        ],
        crossFieldRules: [.requiredWhen(fields: ["jd", "wd"], code: "sslx", value: "GD")]
    )

    /// §4.5 工程环境监测 (shelter environment readings). Key: `cgqbm`, `cjsj`.
    static let hjjc = ProvinceDataset(
        name: "hjjc",
        keyFields: ["cgqbm", "cjsj"],
        fields: [
            .required("gcbm", .string()),
            .required("cgqbm", .string()),
            .required("cjsj", .dateTime),
            .optional("wdz", .number(ProvinceNumberBounds(minimum: -40, maximum: 80, maximumDecimals: 1))),
            .optional("sdz", .number(ProvinceNumberBounds(minimum: 0, maximum: 100, maximumDecimals: 1))),
            .required("jsbj", .integer(.flag)),
            .optional("mczt", .integer(.flag)),
        ],
        crossFieldRules: []
    )
}
