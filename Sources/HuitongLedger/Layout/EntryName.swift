/// The name of an entry's directory: `<sequence, 6 digits or more>-<entryId>`.
struct EntryName: Hashable, Sendable {
    var sequence: Int
    var entryId: String

    init(sequence: Int, entryId: String) {
        self.sequence = sequence
        self.entryId = entryId
    }

    /// Reads a directory name; `nil` when it is not exactly the form the writer makes
    /// (`000012-run-7-shelters-province`, no extra leading zeros, no other characters).
    init?(directoryName name: String) {
        guard let dash = name.firstIndex(of: "-") else { return nil }
        let digits = name[..<dash]
        let identifier = String(name[name.index(after: dash)...])
        guard digits.count >= LedgerFormat.sequenceDigits, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let sequence = Int(digits), sequence >= 1,
              !identifier.isEmpty, identifier.unicodeScalars.allSatisfy(Self.isAllowed)
        else { return nil }
        self.init(sequence: sequence, entryId: identifier)
        guard directoryName == name else { return nil }
    }

    var directoryName: String { "\(Self.paddedSequence(sequence))-\(entryId)" }

    /// `000012`.
    static func paddedSequence(_ sequence: Int) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, LedgerFormat.sequenceDigits - digits.count)) + digits
    }

    /// `<runId>-<job>-<target>` with every character outside `[A-Za-z0-9._-]` replaced by `_`,
    /// cut to ``LedgerFormat/maximumEntryIdLength``.
    static func entryId(runId: String, job: String, target: String) -> String {
        let joined = "\(runId)-\(job)-\(target)"
        var identifier = String(String.UnicodeScalarView(joined.unicodeScalars.map { isAllowed($0) ? $0 : "_" }))
        if identifier.count > LedgerFormat.maximumEntryIdLength {
            identifier = String(identifier.prefix(LedgerFormat.maximumEntryIdLength))
        }
        return identifier
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": true
        default: false
        }
    }
}
