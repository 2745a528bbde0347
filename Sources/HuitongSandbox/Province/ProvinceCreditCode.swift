/// The check of a unified social credit code (统一社会信用代码), GB 32100-2015: eighteen
/// characters from a 31-character alphabet, the last one a check character over the first
/// seventeen. Written here from the standard, independently of the hub's own check.
enum ProvinceCreditCode {
    /// The standard's alphabet: digits and capitals without I, O, S, V and Z. A character's
    /// value is its position.
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    /// The weight of each of the first seventeen positions (3^i mod 31).
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The check character for the first seventeen characters, or nil if they are not seventeen
    /// characters of the alphabet.
    static func checkCharacter(for body: some Collection<UInt8>) -> UInt8? {
        guard body.count == 17 else { return nil }
        var sum = 0
        for (character, weight) in zip(body, weights) {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            sum += value * weight
        }
        let check = 31 - sum % 31
        return alphabet[check == 31 ? 0 : check]
    }

    /// Why `code` is not a valid credit code, or nil when it is.
    static func problem(with code: String) -> String? {
        let scalars = Array(code.unicodeScalars)
        guard scalars.count == 18 else {
            return "must be 18 characters, not \(scalars.count)"
        }
        if let position = scalars.firstIndex(where: { !$0.isASCII || !alphabet.contains(UInt8($0.value)) }) {
            return "character \(position + 1) '\(scalars[position])' is not allowed (digits and capitals except I, O, S, V, Z)"
        }
        let characters = scalars.map { UInt8($0.value) }
        guard let expected = checkCharacter(for: characters.prefix(17)), expected == characters[17] else {
            return "check character is wrong (GB 32100)"
        }
        return nil
    }
}
