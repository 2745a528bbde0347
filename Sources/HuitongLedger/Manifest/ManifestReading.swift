import HuitongCore

/// The first thing wrong with the bytes of a `manifest.json`, most basic first.
enum ManifestDefect: Sendable, Hashable {
    /// The bytes are not JSON at all.
    case notJSON(String)
    /// JSON, but not the canonical form (RFC 8785) the writer produces.
    case notCanonical
    /// `selfSHA256` does not match the rest of the manifest: a member was changed.
    case selfHashMismatch(recorded: String, computed: Digest)
    /// Another format, or JSON that is not a manifest of this format.
    case notFormat(String)

    var description: String {
        switch self {
        case let .notJSON(reason):
            "manifest.json is not JSON: \(reason)"
        case .notCanonical:
            "manifest.json is not canonical JSON (RFC 8785): the writer never writes it so; it was edited"
        case let .selfHashMismatch(recorded, computed):
            "manifest.json was changed: its content hashes to \(computed.hex), its selfSHA256 says \(recorded)"
        case let .notFormat(reason):
            "manifest.json is not a manifest of the ledger formats this huitong reads (\(LedgerFormat.readableIdentifiers.joined(separator: ", "))): \(reason)"
        }
    }
}

/// A manifest read from its bytes: the manifest when it could be decoded, and the first defect.
///
/// A manifest that decodes but has a defect (edited, not canonical) is still returned, so the
/// verifier can go on to check the entry's data files against it.
struct ManifestReading: Sendable {
    var manifest: ExchangeManifest?
    var defect: ManifestDefect?

    init(bytes: [UInt8]) {
        let value: Value
        do {
            value = try JSONReader().value(from: bytes)
        } catch {
            defect = .notJSON(error.message)
            return
        }
        if (try? CanonicalJSONWriter.bytes(for: value)) != bytes {
            defect = .notCanonical
        }
        guard case var .object(object) = value else {
            defect = defect ?? .notFormat("the manifest must be a JSON object")
            return
        }
        if case let .string(recorded)? = object[ExchangeManifest.selfHashMember] {
            object[ExchangeManifest.selfHashMember] = nil
            if let computed = try? ExchangeManifest.selfHash(of: object), computed.hex != recorded {
                defect = defect ?? .selfHashMismatch(recorded: recorded, computed: computed)
            }
        }
        do {
            let manifest = try ExchangeManifest(decoding: value)
            self.manifest = manifest
            if let member = Self.firstMemberNotReadBack(from: manifest, original: value) {
                defect = defect ?? .notFormat("the member \"\(member)\" holds a value the writer would not write")
            }
        } catch {
            defect = defect ?? .notFormat(error.description)
        }
    }

    /// The first top-level member whose canonical form differs once the manifest is decoded
    /// and written again (an upper-case digest, a time in another offset, a wrong duration).
    private static func firstMemberNotReadBack(from manifest: ExchangeManifest, original: Value) -> String? {
        guard case let .object(written)? = try? manifest.jsonValue(), case let .object(read) = original else { return nil }
        for (key, value) in written {
            let again = try? CanonicalJSONWriter.bytes(for: value)
            let before = read[key].flatMap { try? CanonicalJSONWriter.bytes(for: $0) }
            if again != before { return key }
        }
        return nil
    }
}
