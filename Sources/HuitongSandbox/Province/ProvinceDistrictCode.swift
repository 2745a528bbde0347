/// The `xzqhdm` rule of contract §4: a current six-digit GB/T 2260 county-level code of Jiangsu.
///
/// What this sandbox can and cannot know: the contract lists Nantong (3206xx) in full — seven
/// current codes and three retired by the 2020 reorganisation — so every 3206xx code is checked
/// exactly. For the other twelve prefecture-level cities of Jiangsu (3201 南京 … 3213 宿迁) the
/// contract gives no list, so any county part other than `00` (the city itself) is accepted;
/// a county retired elsewhere in Jiangsu would pass here and be refused by the real platform.
enum ProvinceDistrictCode {
    /// Nantong's county-level divisions since the 2020 reorganisation.
    static let currentNantong: [String: String] = [
        "320612": "通州区", "320613": "崇川区", "320614": "海门区", "320623": "如东县",
        "320681": "启东市", "320682": "如皋市", "320685": "海安市",
    ]

    /// Nantong codes retired in 2020, with the code that replaced each.
    static let retiredNantong: [String: (name: String, successor: String)] = [
        "320602": ("the former 崇川区", "320613"),
        "320611": ("港闸区", "320613"),
        "320684": ("海门市", "320614"),
    ]

    /// Why `code` is not acceptable, or nil when it is.
    static func problem(with code: String) -> String? {
        let digits = Array(code.utf8)
        guard digits.count == 6, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return "'\(code)' is not a 6-digit administrative division code"
        }
        guard code.hasPrefix("32") else {
            return "'\(code)' is not a Jiangsu code (32xxxx)"
        }
        if let retired = retiredNantong[code] {
            return "retired code \(code) (\(retired.name), abolished in 2020); use a current code such as \(retired.successor)"
        }
        let prefecture = Int(code.dropFirst(2).prefix(2)) ?? 0
        guard (1...13).contains(prefecture) else {
            return "'\(code)' names no prefecture-level city of Jiangsu (3201–3213)"
        }
        guard !code.hasSuffix("00") else {
            return "'\(code)' is a prefecture-level code; a county-level code is required"
        }
        if prefecture == 6, currentNantong[code] == nil {
            let current = currentNantong.keys.sorted().joined(separator: ", ")
            return "'\(code)' is not a current Nantong code (\(current))"
        }
        return nil
    }
}
