import Foundation
import HuitongCore

/// What one sync target's mapping made of each schema record the last time it ran, so a run
/// need not map again a record that did not change (`memo.jsonl` in the target's state, and
/// the run's copy in the target's run directory):
///
///     {"format": "huitong mapping memo", "basis": SHA-256 of everything the mapping depends on}
///     {"s": schema key, "g": SHA-256 of the schema record (its scratch encoding), "k": platform key, "h": SHA-256 of the staged record}
///
/// A line is a fact about a pure function — under this basis, the schema record with this
/// content maps to the staged record with this key and hash — so it stays true whatever
/// happened to the record afterwards: the platform refused it, the run stopped. A run trusts it
/// only together with the accepted state: a schema record is passed over as unchanged when its
/// line's `g` matches and the platform is known to hold exactly `h` under `k` for it.
///
/// In memory the memo is one more hash per entry of the accepted index, not a second index.
///
/// The basis covers the running executable (its build ID), the mappings directory, the platform
/// profiles and the target (its mapping, dataset and profile): any change to any of them, and
/// the memo is not used (every record is mapped, and the new memo written). A target mapping with a `dedupe`
/// rule decides a record's fate over the whole read, so it never uses a memo.
enum MappingMemo {
    static let format = "huitong mapping memo"

    struct Entry: Sendable, Equatable {
        /// SHA-256 of the schema record's scratch encoding (`ScratchValueEncoder`, keys written out).
        var source: ContentHash
        /// The platform key the mapping gave.
        var key: String
        /// The staged record's hash (its `h`).
        var hash: ContentHash
    }

    /// Reads the memo at `path` into what the platform holds: each line whose platform key is
    /// held with exactly its hash, for its schema key, gives that entry its schema record's
    /// hash (``AcceptedIndex/Entry/source``); any other line could never pass a record over and
    /// is dropped. Nothing is read when there is no memo or its basis differs.
    ///
    /// - Returns: the platform key of every schema key mapped to another key than itself (the
    ///   usual mapping keeps it), for looking a schema record up.
    static func load(_ path: String, basis: ContentHash, into accepted: inout [String: AcceptedIndex.Entry]) throws(HubError) -> [String: String] {
        var renamed: [String: String] = [:]
        var current: Bool?
        try forEachLineBytes(of: path) { (bytes, _, number) throws(HubError) in
            guard let trusted = current else {
                current = try headerBasis(bytes, place: "\(path):\(number)") == basis
                return
            }
            guard trusted else { return }
            let (schemaKey, entry) = try decode(bytes, place: "\(path):\(number)")
            guard let held = accepted[entry.key], held.hash == entry.hash, held.schemaKey == schemaKey else { return }
            accepted[entry.key]?.source = entry.source
            if entry.key != schemaKey { renamed[schemaKey] = entry.key }
        }
        return renamed
    }

    private static func headerBasis(_ bytes: [UInt8], place: String) throws(HubError) -> ContentHash? {
        do {
            var fields = try FormatFields(try JSONReader().value(from: bytes), path: "", format: format)
            let name = try fields.string("format")
            guard name == format else { throw FormatProblem(path: "format", message: "is \"\(name)\", not \"\(format)\"") }
            let basis = try fields.string("basis")
            try fields.finish()
            return ContentHash(hex: basis)
        } catch {
            throw damaged(place, error)
        }
    }

    /// A line as ``line(schemaKey:_:)`` writes it, read strictly: the three strings, then the hash.
    private static func decode(_ bytes: [UInt8], place: String) throws(HubError) -> (String, Entry) {
        var fields = LeadingFields(bytes)
        if let schemaKey = fields.text("s"), let source = fields.hash("g"), let key = fields.text("k"), let hash = fields.hash("h"), fields.isAtEnd {
            return (schemaKey, Entry(source: source, key: key, hash: hash))
        }
        // Not as `line` writes it (an escaped key, or damage): strictly, to say what is wrong.
        do {
            let (strings, _, last) = try bytes.withUnsafeBytes { raw throws(JSONError) in
                try JSONLeadingStrings.read(raw, names: ["s", "g", "k"], last: "h")
            }
            guard let source = ContentHash(hex: strings[1]) else { throw FormatProblem(path: "g", message: "is not a SHA-256 in hexadecimal") }
            guard last.count == 66, bytes[last.lowerBound] == UInt8(ascii: "\""), bytes[last.upperBound - 1] == UInt8(ascii: "\""),
                  let hash = ContentHash(hex: String(decoding: bytes[(last.lowerBound + 1)..<(last.upperBound - 1)], as: UTF8.self)) else {
                throw FormatProblem(path: "h", message: "is not a SHA-256 in hexadecimal")
            }
            return (strings[0], Entry(source: source, key: strings[2], hash: hash))
        } catch {
            throw damaged(place, error)
        }
    }

    private static func damaged(_ place: String, _ error: any Error) -> HubError {
        HubError.corrupt("\(place): \(error) (the file is only a memo: remove it and run again)")
    }

    /// The header line of a memo written under `basis`, with its line break.
    static func headerLine(basis: ContentHash) -> [UInt8] {
        var bytes: [UInt8] = []
        try? JSONWriter().append(["format": .string(format), "basis": .string(basis.hex)], to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// One line of the memo, with its line break.
    static func line(schemaKey: String, _ entry: Entry) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(180 + schemaKey.utf8.count + entry.key.utf8.count)
        bytes.append(contentsOf: #"{"s":"#.utf8)
        try? JSONWriter().append(.string(schemaKey), to: &bytes)
        bytes.append(contentsOf: #","g":""#.utf8)
        entry.source.appendHex(to: &bytes)
        bytes.append(contentsOf: #"","k":"#.utf8)
        try? JSONWriter().append(.string(entry.key), to: &bytes)
        bytes.append(contentsOf: #","h":""#.utf8)
        entry.hash.appendHex(to: &bytes)
        bytes.append(contentsOf: "\"}\n".utf8)
        return bytes
    }
}

extension MappingMemo {
    /// What every target mapping depends on besides the target itself, hashed: the running
    /// code (its build ID and version) and every file under the mappings directory (schema,
    /// code tables, mappings) and `plugins/platforms/` (profiles), by name and content. Nil
    /// when the executable has no build ID to name its code by (then no memo is written or trusted).
    static func inputs(mappings: String, plugins: String) -> ContentHash? {
        guard let build = ExecutableBuildID.current else { return nil }
        var hasher = SHA256()
        func add(_ text: String) {
            hasher.update(Array(text.utf8))
            hasher.update([0])
        }
        add("\(format) 1")
        add(build)
        add(HuitongVersion.current)
        // Contents, and names within a directory: not where the files are, which changes
        // with the working directory a run is started from.
        for directory in [mappings, plugins + "/platforms"] {
            add("directory")
            for file in (FileManager.default.subpaths(atPath: directory) ?? []).sorted() {
                var isDirectory: ObjCBool = false
                let path = directory + "/" + file
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                let bytes = DurableFiles.read(path) ?? []
                add(file)
                add(String(bytes.count))
                hasher.update(bytes)
            }
        }
        return ContentHash(hasher.finalize())
    }

    /// One target's basis: the inputs, and the target (its name, dataset and profile) and mode.
    static func basis(inputs: ContentHash, target: String, test: Bool) -> ContentHash {
        var bytes: [UInt8] = []
        inputs.appendHex(to: &bytes)
        bytes += Array("\u{0}\(target)\u{0}\(test ? "test" : "production")".utf8)
        return ContentHash(SHA256.hash(bytes))
    }
}

/// The GNU build ID of the running executable, in hexadecimal: it changes whenever the code
/// does, so it names the code a memo was made by. Read once from the ELF notes of
/// `/proc/self/exe`; nil when there is none.
enum ExecutableBuildID {
    static let current: String? = read("/proc/self/exe")

    static func read(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        func bytes(at offset: UInt64, count: Int) -> [UInt8]? {
            guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.read(upToCount: count), data.count == count else { return nil }
            return Array(data)
        }
        func integer(_ bytes: [UInt8], at offset: Int, size: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in (0..<size).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
            return value
        }
        // ELF64, little-endian: the only kind this Linux build runs as.
        guard let header = bytes(at: 0, count: 64), header[0..<4].elementsEqual([0x7F, 0x45, 0x4C, 0x46]), header[4] == 2, header[5] == 1 else { return nil }
        let programHeaders = integer(header, at: 32, size: 8)
        let entrySize = Int(integer(header, at: 54, size: 2))
        let entryCount = Int(integer(header, at: 56, size: 2))
        guard entrySize >= 56, entryCount > 0, entryCount < 256,
              let table = bytes(at: programHeaders, count: entrySize * entryCount) else { return nil }
        for index in 0..<entryCount {
            let base = index * entrySize
            guard integer(table, at: base, size: 4) == 4 else { continue }  // PT_NOTE
            let offset = integer(table, at: base + 8, size: 8)
            let size = Int(integer(table, at: base + 32, size: 8))
            guard size > 0, size < 1 << 20, let notes = bytes(at: offset, count: size) else { continue }
            var position = 0
            while position + 12 <= notes.count {
                let nameSize = Int(integer(notes, at: position, size: 4))
                let descriptionSize = Int(integer(notes, at: position + 4, size: 4))
                let type = integer(notes, at: position + 8, size: 4)
                let nameStart = position + 12
                let descriptionStart = nameStart + (nameSize + 3) / 4 * 4
                let end = descriptionStart + (descriptionSize + 3) / 4 * 4
                guard descriptionStart + descriptionSize <= notes.count else { break }
                if type == 3, nameSize == 4, notes[nameStart..<nameStart + 4].elementsEqual(Array("GNU\0".utf8)), descriptionSize > 0 {
                    return notes[descriptionStart..<descriptionStart + descriptionSize].map { byte in
                        let text = String(byte, radix: 16)
                        return byte < 16 ? "0" + text : text
                    }.joined()
                }
                position = end
            }
        }
        return nil
    }
}
