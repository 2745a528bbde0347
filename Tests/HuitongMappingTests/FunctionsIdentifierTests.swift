import Testing
@testable import HuitongMapping

@Suite("Identifiers: GB 32100 credit codes and mobile numbers")
struct FunctionsIdentifierTests {
    /// Published valid codes: the example of GB 32100-2015 (`91350100M000100Y43`) and the
    /// companies listed as valid in bluesky335/IDCheck `USCI/USCI_test.go` (e.g. 华为技术有限公司
    /// `914403001922038216`), plus the two of dromara/hutool `CreditCodeUtilTest.java`. Each was
    /// also checked with an independent Python implementation of both rules.
    static let published = [
        "91350100M000100Y43", "9135010557098120XJ", "91120222MA06DG3067", "91120222MA0699U071",
        "91310000MA1K35Y38P", "91110108795101314G", "914403001922038216", "91330000704202479R",
        "91500105MA5UM6TF71", "913504001555807674", "9135020026015919XW", "913502006120495420",
        "91310115591693856A", "91310110666007217T",
    ]

    @Test("published codes pass the GB 32100 check and the embedded GB 11714 check", arguments: published)
    func publishedCodesPass(code: String) throws {
        try UnifiedSocialCreditCode.validate(code)
        try UnifiedSocialCreditCode.validate(code, checkingOrganizationCode: true)
    }

    /// Real codes from early pilot areas that do not follow the standard's check character
    /// (bluesky335/IDCheck lists them as "不符合国家标准的情况。但它是合法的代码", hutool expects
    /// `isCreditCode` false for the first): the agreement's "warn" is for exactly these.
    @Test("pilot-area codes with a non-standard check character fail the GB 32100 check", arguments: [
        "91350211M00013FA1N", "91350211M0000XUF46", "91350100M0001TGQXM", "91350203M0001FUE2P",
    ])
    func pilotCodesFail(code: String) {
        let error = #expect(throws: StepFailure.self) { try UnifiedSocialCreditCode.validate(code) }
        #expect(error?.message.hasSuffix("(GB 32100)") == true)
    }

    @Test("changing any one character of a valid code is caught", arguments: published)
    func mutationsAreCaught(code: String) {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var characters = Array(code)
        for position in 0..<18 {
            let original = characters[position]
            for replacement in alphabet where replacement != original {
                characters[position] = replacement
                #expect(throws: StepFailure.self) { try UnifiedSocialCreditCode.validate(String(characters)) }
            }
            characters[position] = original
        }
    }

    @Test("the message says which check character was expected")
    func checkCharacterMessage() {
        let error = #expect(throws: StepFailure.self) { try UnifiedSocialCreditCode.validate("91350100M000100Y44") }
        #expect(error?.message == #"check character is "4", expected "3" (GB 32100)"#)
    }

    @Test("wrong length and characters outside the alphabet are named", arguments: [
        ("91350100M000100Y4", "a unified social credit code has 18 characters, not 17"),
        ("91350100M000100Y433", "a unified social credit code has 18 characters, not 19"),
        ("91350100I000100Y43", #"character 9 "I" is not allowed in a unified social credit code (0–9 and A–Y except I, O, S, V, Z)"#),
        ("91350100m000100y43", #"character 9 "m" is not allowed in a unified social credit code (0–9 and A–Y except I, O, S, V, Z); upper-case the code first"#),
        ("９1350100M000100Y4", "a unified social credit code has 18 characters, not 17"),
        ("", "a unified social credit code has 18 characters, not 0"),
    ])
    func malformedCodes(code: String, message: String) {
        let error = #expect(throws: StepFailure.self) { try UnifiedSocialCreditCode.validate(code) }
        #expect(error?.message == message)
    }

    @Test("a code whose main check passes but whose organisation code does not fails only the stricter check")
    func organisationCheckIsOptional() throws {
        // Body M000100Y with check 5 instead of 4, and the GB 32100 check character recomputed.
        let code = Self.withMainCheck("91350100M000100Y5")
        try UnifiedSocialCreditCode.validate(code)
        let error = #expect(throws: StepFailure.self) {
            try UnifiedSocialCreditCode.validate(code, checkingOrganizationCode: true)
        }
        #expect(error?.message == #"embedded organisation code M000100Y5 has check character "5", expected "4" (GB 11714)"#)
    }

    /// `prefix` (17 characters) with its GB 32100 check character appended.
    static func withMainCheck(_ prefix: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let sum = zip(prefix, UnifiedSocialCreditCode.weights).reduce(0) { total, pair in
            total + alphabet.firstIndex(of: pair.0)! * pair.1
        }
        return prefix + String(alphabet[(31 - sum % 31) % 31])
    }

    @Test("mainland mobile numbers are 1, then 3–9, then nine digits", arguments: [
        ("13812345678", true), ("19912345678", true), ("12812345678", false), ("1381234567", false),
        ("138123456789", false), ("23812345678", false), ("138-1234-567", false), ("１3812345678", false), ("", false),
    ])
    func mobileNumbers(number: String, valid: Bool) {
        if valid {
            #expect(throws: Never.self) { try MobileNumber.validate(number) }
        } else {
            let error = #expect(throws: StepFailure.self) { try MobileNumber.validate(number) }
            #expect(error?.message.contains(number) == false || number.isEmpty)
        }
    }
}
