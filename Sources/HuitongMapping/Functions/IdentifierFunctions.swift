/// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from
/// `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S, V, Z), the last a check character.
///
/// The check (GB 32100-2015 §4.3): each of the first 17 characters has a value (its index in
/// the alphabet) and a weight 3^(i−1) mod 31 (1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28);
/// the check value is 31 − (Σ value × weight mod 31), with 31 written as 0, mapped back into
/// the alphabet. The mapping agreement (`whdwxydm`) asks for this check: "wrong length or check
/// character (GB 32100): warn".
///
/// Characters 9–17 are the organisation's code under GB 11714-1997 (全国组织机构代码编制规则),
/// with its own check: 8 characters valued 0–9 and A=10 … Z=35, weights 3 7 9 10 5 8 4 2,
/// check = 11 − (Σ mod 11), 10 written `X` and 11 written `0` (GB 11714-1997 §2.1.2; text at
/// zh.wikisource.org, "GB 11714-1997 全国组织机构代码编制规则"). Verified against every
/// published code in the tests. It is stricter than the agreement asks, so it is off by default
/// and a mapping turns it on explicitly.
enum UnifiedSocialCreditCode {
    /// The GB 32100 alphabet; a character's value is its index.
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    /// Weights of characters 1–17.
    static let weights: [Int] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    /// GB 11714 weights of the organisation code's 8 body characters.
    static let organizationWeights: [Int] = [3, 7, 9, 10, 5, 8, 4, 2]

    /// ASCII byte → value in the GB 32100 alphabet, or −1.
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    /// The `gb32100` step: fails unless `code` has 18 characters from the alphabet and the
    /// right check character; with `checkingOrganizationCode`, the embedded GB 11714 code must
    /// check too. Lower-case letters are refused (the agreement upper-cases first).
    static func validate(_ code: String, checkingOrganizationCode: Bool = false) throws(StepFailure) {
        let result: StepFailure? = UTF8Search.withBytes(of: code) { bytes in
            guard bytes.count == 18, !bytes.contains(where: { $0 >= 0x80 }) else {
                return StepFailure("a unified social credit code has 18 characters, not \(code.count)")
            }
            var sum = 0
            for index in 0..<18 {
                let value = values[Int(bytes[index])]
                guard value >= 0 else {
                    let character = Character(Unicode.Scalar(bytes[index]))
                    let hint = character.isLowercase ? "; upper-case the code first" : ""
                    return StepFailure("character \(index + 1) \"\(character)\" is not allowed in a unified social "
                        + "credit code (0–9 and A–Y except I, O, S, V, Z)\(hint)")
                }
                if index < 17 { sum += Int(value) * weights[index] }
            }
            let check = (31 - sum % 31) % 31
            guard bytes[17] == alphabet[check] else {
                return StepFailure("check character is \"\(Character(Unicode.Scalar(bytes[17])))\", "
                    + "expected \"\(Character(Unicode.Scalar(alphabet[check])))\" (GB 32100)")
            }
            if checkingOrganizationCode {
                let expected = organizationCheckCharacter(bytes)
                guard bytes[16] == expected else {
                    let embedded = UTF8Search.string(UnsafeBufferPointer(rebasing: bytes[8..<17]))
                    return StepFailure("embedded organisation code \(embedded) has check character "
                        + "\"\(Character(Unicode.Scalar(bytes[16])))\", expected \"\(Character(Unicode.Scalar(expected)))\" (GB 11714)")
                }
            }
            return nil
        }
        if let result { throw result }
    }

    /// The GB 11714 check character for characters 9–16 of an 18-byte code (already known to
    /// be in the GB 32100 alphabet, so digits and upper-case letters).
    private static func organizationCheckCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var sum = 0
        for index in 0..<8 {
            let byte = bytes[8 + index]
            let value = byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : Int(byte - UInt8(ascii: "A")) + 10
            sum += value * organizationWeights[index]
        }
        switch 11 - sum % 11 {
        case 10: return UInt8(ascii: "X")
        case 11: return UInt8(ascii: "0")
        case let digit: return UInt8(ascii: "0") + UInt8(digit)
        }
    }
}

/// Mainland China mobile numbers (mapping agreement, rescue teams `lxdh`: "not `1[3-9]` + 9
/// digits: reject").
enum MobileNumber {
    /// The `mobile_cn` step: 11 ASCII digits, `1` then `3`–`9`. The caller removes spaces and
    /// dashes first (a `digits` or `remove` step). The message does not repeat the number,
    /// which is personal data.
    static func validate(_ text: String) throws(StepFailure) {
        let valid = UTF8Search.withBytes(of: text) { bytes in
            bytes.count == 11 && bytes[0] == UInt8(ascii: "1")
                && bytes[1] >= UInt8(ascii: "3") && bytes[1] <= UInt8(ascii: "9")
                && bytes.allSatisfy(TextFunctions.isASCIIDigit)
        }
        guard valid else {
            throw StepFailure("not a mainland mobile number: needs 11 digits starting 13–19, got \(text.count) characters")
        }
    }
}
