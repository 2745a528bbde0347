import HuitongCore
import Testing
@testable import HuitongSandbox

@Suite("Province field rules (contract §4)")
struct ProvinceFieldRuleTests {
    let fixture = ProvinceFixture()

    @Test("a valid record of each dataset is accepted", arguments: ["rfgc", "jbsm", "zyd", "zhss", "hjjc"])
    func validRecords(dataset: String) throws {
        #expect(try fixture.problems(dataset, ProvinceBatches.valid(dataset)) == [:])
    }

    @Test("the district codes retired in 2020 are rejected", arguments: ["320602", "320611", "320684"])
    func retiredDistrict(code: String) throws {
        let problems = try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("xzqhdm", .string(code)))
        #expect(problems["xzqhdm"]?.hasPrefix("retired code \(code)") == true)
    }

    @Test("every current Nantong code is accepted", arguments: ["320612", "320613", "320614", "320623", "320681", "320682", "320685"])
    func currentNantong(code: String) throws {
        #expect(try fixture.problems("zyd", ProvinceBatches.zyd().setting("xzqhdm", .string(code))) == [:])
    }

    @Test("a 3206xx code outside the current seven, a prefecture code and a code outside Jiangsu are rejected")
    func otherDistricts() throws {
        for code in ["320699", "320600", "320100", "310101", "3206", "32061X", "321400"] {
            let problems = try fixture.problems("zyd", ProvinceBatches.zyd().setting("xzqhdm", .string(code)))
            #expect(problems["xzqhdm"] != nil, "\(code)")
        }
    }

    @Test("a county of another Jiangsu city is accepted (the contract lists only Nantong's)")
    func otherJiangsuCounty() throws {
        #expect(try fixture.problems("zyd", ProvinceBatches.zyd().setting("xzqhdm", "320115")) == [:])
    }

    @Test("a district code given as a number is rejected")
    func districtAsNumber() throws {
        #expect(try fixture.problems("zyd", ProvinceBatches.zyd().setting("xzqhdm", 320613))["xzqhdm"] != nil)
    }

    @Test("coordinates outside Jiangsu are rejected, also when only swapped")
    func coordinatesOutsideJiangsu() throws {
        let shanghai = try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jd", 121.97).setting("wd", 31.23))
        #expect(shanghai["jd"]?.contains("outside Jiangsu") == true)
        #expect(shanghai["wd"] == nil)
        let swapped = try fixture.problems("jbsm", ProvinceBatches.jbsm().setting("jd", 32.064).setting("wd", 121.073))
        #expect(Set(swapped.keys) == ["jd", "wd"])
    }

    @Test("the edges of the Jiangsu box are inside it")
    func boxEdges() throws {
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jd", 116.3).setting("wd", 35.2)) == [:])
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jd", 121.95).setting("wd", 30.75)) == [:])
    }

    @Test("a coordinate with 7 decimals is rejected, 6 are fine")
    func coordinateDecimals() throws {
        let seven = try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jd", 120.8945131))
        #expect(seven["jd"]?.contains("more than 6 decimals") == true)
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("wd", 31.981245)) == [:])
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jd", 121)) == [:])
    }

    @Test("an unknown code is rejected with the contract's reason")
    func unknownCode() throws {
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("kljb", "H7")) == ["kljb": "unknown code 'H7'"])
    }

    @Test("a code written as a number is rejected: codes are strings")
    func codeAsNumber() throws {
        let problems = try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("zt", 1))
        #expect(problems["zt"]?.contains("codes are strings") == true)
    }

    @Test("a field the dataset does not have is rejected as unknown field")
    func unknownField() throws {
        #expect(try fixture.problems("zyd", ProvinceBatches.zyd().setting("bz", "备注")) == ["bz": "unknown field"])
    }

    @Test("a missing required field, a null one and a blank string are rejected; optional ones may be null")
    func requiredFields() throws {
        let problems = try fixture.problems(
            "rfgc", ProvinceBatches.rfgc().setting("gcmc", nil).setting("kljb", .null).setting("gxsj", "   ")
        )
        #expect(problems["gcmc"] == "required")
        #expect(problems["kljb"] == "required")
        #expect(problems["gxsj"] != nil)
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("dz", .null).setting("ybrs", .null)) == [:])
        #expect(try fixture.problems("zyd", ProvinceBatches.zyd().setting("fzr", " \t"))["fzr"]?.hasPrefix("required") == true)
    }

    @Test("every failing field of an item is reported")
    func everyFailingField() throws {
        let record = ProvinceBatches.rfgc().setting("kljb", "H7").setting("zszn", "RY3").setting("jzmj", -1).setting("extra", 1)
        #expect(Set(try fixture.problems("rfgc", record).keys) == ["kljb", "zszn", "jzmj", "extra"])
    }

    @Test("an int written with a fraction part, 3.0, is not an int")
    func integerWithFraction() throws {
        let problems = try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("ybrs", 3.0))
        #expect(problems["ybrs"]?.contains("integer") == true)
    }

    @Test("counts must not be negative, rs at least 1")
    func counts() throws {
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("cwsl", -1))["cwsl"] != nil)
        #expect(try fixture.problems("zyd", ProvinceBatches.zyd().setting("rs", 0))["rs"] != nil)
        #expect(try fixture.problems("zyd", ProvinceBatches.zyd().setting("rs", 1)) == [:])
    }

    @Test("more charging points than parking spaces are rejected")
    func chargingPointsExceedSpaces() throws {
        let problems = try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("cwsl", 10).setting("cdzsl", 11))
        #expect(Set(problems.keys) == ["cdzsl"])
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("cwsl", nil).setting("cdzsl", 11)) == [:])
    }

    @Test("building area must be above 0 with at most 2 decimals")
    func buildingArea() throws {
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jzmj", 0))["jzmj"] != nil)
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jzmj", 12.345))["jzmj"]?.contains("decimals") == true)
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jzmj", 12.34)) == [:])
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jzmj", "12.34"))["jzmj"] != nil)
    }

    @Test("a completion date after today (Beijing, platform clock) is rejected; today is fine")
    func futureCompletionDate() throws {
        let problems = try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jgrq", "2026-11-30"))
        #expect(problems["jgrq"]?.contains("future") == true)
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jgrq", "2026-11-29")) == [:])
    }

    @Test("dates and datetimes must exist in the calendar and follow the format")
    func calendarDates() throws {
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jgrq", "2023-02-29"))["jgrq"] != nil)
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("jgrq", "2023/02/28"))["jgrq"] != nil)
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("gxsj", "2026-11-28 24:00:00"))["gxsj"] != nil)
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("gxsj", "2026-11-28T09:12:00"))["gxsj"] != nil)
    }

    @Test("a credit code with a wrong check character is rejected; valid ones pass")
    func creditCode() throws {
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("whdwxydm", "91350100M000100Y44"))["whdwxydm"] != nil)
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("whdwxydm", "91110000600037341L")) == [:])
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("whdwxydm", "9135010"))["whdwxydm"] != nil)
    }

    @Test("the GB 32100 check character is computed over the standard's alphabet and weights")
    func creditCodeCheck() {
        #expect(ProvinceCreditCode.problem(with: "91350100M000100Y43") == nil)
        #expect(ProvinceCreditCode.problem(with: "91320612738283001E") == nil)
        #expect(ProvinceCreditCode.problem(with: "91320612738283001F") != nil)
        #expect(ProvinceCreditCode.problem(with: "91350100m000100Y43") != nil)
        #expect(ProvinceCreditCode.problem(with: "9I350100M000100Y43") != nil)
        #expect(ProvinceCreditCode.checkCharacter(for: Array("91110000600037341".utf8)) == UInt8(ascii: "L"))
    }

    @Test("lengths: gcbm at most 32 characters, gcmc 100, dz 200, counted in characters not bytes")
    func lengths() throws {
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc(String(repeating: "A", count: 33)))["gcbm"] != nil)
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc(String(repeating: "A", count: 32))) == [:])
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("gcmc", .string(String(repeating: "工", count: 100)))) == [:])
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("gcmc", .string(String(repeating: "工", count: 101))))["gcmc"] != nil)
        #expect(try fixture.problems("rfgc", ProvinceBatches.rfgc().setting("dz", .string(String(repeating: "路", count: 201))))["dz"] != nil)
    }

    @Test("smsj must fall on smrq")
    func sirenTimeOnTestDay() throws {
        let problems = try fixture.problems("jbsm", ProvinceBatches.jbsm().setting("smsj", "2026-09-20 10:00:00"))
        #expect(Set(problems.keys) == ["smsj"])
    }

    @Test("gzms is required when smjg is 2 and must be absent or null otherwise")
    func faultDescription() throws {
        let fault = ProvinceBatches.jbsm().setting("smjg", "2")
        #expect(try fixture.problems("jbsm", fault)["gzms"] == "required when smjg is '2'")
        #expect(try fixture.problems("jbsm", fault.setting("gzms", " "))["gzms"] != nil)
        #expect(try fixture.problems("jbsm", fault.setting("gzms", "功放损坏")) == [:])
        #expect(try fixture.problems("jbsm", ProvinceBatches.jbsm().setting("gzms", "无"))["gzms"]?.contains("absent or null") == true)
        #expect(try fixture.problems("jbsm", ProvinceBatches.jbsm().setting("gzms", .null)) == [:])
    }

    @Test("a masked phone number is rejected in zyd")
    func maskedPhone() throws {
        let problems = try fixture.problems("zyd", ProvinceBatches.zyd().setting("lxdh", "138****5678"))
        #expect(problems["lxdh"]?.contains("masked") == true)
    }

    @Test("only 11-digit mainland mobile numbers starting 13–19 are accepted")
    func mobileNumbers() throws {
        for number in ["12812345678", "1381234567", "138123456789", "0513-85123456", "+8613812345678"] {
            #expect(try fixture.problems("zyd", ProvinceBatches.zyd().setting("lxdh", .string(number)))["lxdh"] != nil, "\(number)")
        }
        #expect(try fixture.problems("zyd", ProvinceBatches.zyd().setting("lxdh", "19912345678")) == [:])
    }

    @Test("a fixed command post (GD) without coordinates is rejected; a vehicle (JD) may omit them")
    func commandPostCoordinates() throws {
        let fixed = try fixture.problems("zhss", ProvinceBatches.zhss(sslx: "GD").setting("jd", nil).setting("wd", .null))
        #expect(fixed == ["jd": "required when sslx is 'GD'", "wd": "required when sslx is 'GD'"])
        #expect(try fixture.problems("zhss", ProvinceBatches.zhss(sslx: "JD").setting("jd", nil).setting("wd", nil)) == [:])
        #expect(try fixture.problems("zhss", ProvinceBatches.zhss(sslx: "JD").setting("jd", 131.0))["jd"] != nil)
    }

    @Test("readings: temperature −40 to 80 and humidity 0 to 100 with one decimal, flags 0 or 1")
    func environmentReadings() throws {
        let base = ProvinceBatches.hjjc()
        #expect(try fixture.problems("hjjc", base.setting("wdz", -40).setting("sdz", 100)) == [:])
        #expect(try fixture.problems("hjjc", base.setting("wdz", 80.1))["wdz"] != nil)
        #expect(try fixture.problems("hjjc", base.setting("wdz", 18.45))["wdz"]?.contains("decimal") == true)
        #expect(try fixture.problems("hjjc", base.setting("sdz", -0.5))["sdz"] != nil)
        #expect(try fixture.problems("hjjc", base.setting("jsbj", 2))["jsbj"] != nil)
        #expect(try fixture.problems("hjjc", base.setting("jsbj", true))["jsbj"] != nil)
        #expect(try fixture.problems("hjjc", base.setting("mczt", 1.0))["mczt"] != nil)
        #expect(try fixture.problems("hjjc", base.setting("jsbj", nil))["jsbj"] == "required")
    }

    @Test("decimals are counted on the value's shortest form, exponents included")
    func decimalCounting() {
        #expect(ProvinceFieldCheck.decimals(of: 120.894513) == 6)
        #expect(ProvinceFieldCheck.decimals(of: 120.8945131) == 7)
        #expect(ProvinceFieldCheck.decimals(of: 1.5) == 1)
        #expect(ProvinceFieldCheck.decimals(of: 120.0) == 0)
        #expect(ProvinceFieldCheck.decimals(of: 120) == 0)
        #expect(ProvinceFieldCheck.decimals(of: 0.0000001) == 7)
        #expect(ProvinceFieldCheck.decimals(of: 1.5e-7) == 8)
        #expect(ProvinceFieldCheck.decimals(of: 1e21) == 0)
    }
}
