import Foundation
import HuitongCore
import HuitongTestSupport
@testable import HuitongAdapters

#if canImport(Glibc)
import Glibc
#endif

/// The CAP sample directories, a scratch directory per test, and helpers to run the adapter.
enum CAPFixtures {
    /// The Nantong release system's samples (`Tests/Fixtures/sources/alerts`).
    static let alerts = Fixtures.path("sources/alerts")
    /// Real CAP messages from google/cap-library (`Tests/Fixtures/sources/cap-world`).
    static let world = Fixtures.path("sources/cap-world")

    /// The bytes of a sample file.
    static func bytes(_ directory: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name)))
    }

    /// What the reader makes of some bytes: the record, or the failure's message.
    static func read(_ bytes: [UInt8]) -> Result<OrderedObject, CAPReadFailure> {
        Result { () throws(CAPReadFailure) in try CAPAlertReader.record(from: bytes) }
    }

    /// What the reader makes of some text, written as UTF-8.
    static func read(_ text: String) -> Result<OrderedObject, CAPReadFailure> {
        read(Array(text.utf8))
    }

    /// A minimal valid CAP 1.2 alert, with `info` content spliced in.
    static func alert(identifier: String = "T-1", info: String = "", extraAlert: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>\(identifier)</identifier>\
        <sender>ntyj@nantong.gov.cn</sender><sent>2026-11-20T08:00:00+08:00</sent><status>Actual</status>\
        <msgType>Alert</msgType><scope>Public</scope>\(extraAlert)\(info)</alert>
        """
    }
}

/// One run of an adapter: every item, the size of each batch, and the returned checkpoint.
struct CAPRun {
    var items: [SourceItem] = []
    var batchSizes: [Int] = []
    var checkpoint: Value?
    /// Whether the read reached every file.
    var completeness: ReadCompleteness

    init(_ adapter: CAPDirectoryAdapter, since checkpoint: Value? = nil) async throws {
        var items: [SourceItem] = []
        var batchSizes: [Int] = []
        let read = try await adapter.read(since: checkpoint) { batch in
            items += batch
            batchSizes.append(batch.count)
        }
        self.checkpoint = read.checkpoint
        self.completeness = read.completeness
        self.items = items
        self.batchSizes = batchSizes
    }

    /// The file names of the items, in delivery order.
    var files: [String] { items.map(\.capOrigin.file) }

    /// Each file's record, by file name.
    var records: [String: OrderedObject] {
        Dictionary(uniqueKeysWithValues: items.compactMap { item in
            if case .record(let record, let origin) = item { (origin.file, record) } else { nil }
        })
    }

    /// Each unreadable file's reason, by file name.
    var reasons: [String: String] {
        Dictionary(uniqueKeysWithValues: items.compactMap { item in
            if case .unreadable(let origin, let reason) = item { (origin.file, reason) } else { nil }
        })
    }
}

extension SourceItem {
    var capOrigin: RecordOrigin {
        switch self {
        case .record(_, let origin), .unreadable(let origin, _): origin
        }
    }
}

/// A directory under the system's temporary directory, removed when the object goes away.
final class CAPScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("huitong-cap-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String {
        path + "/" + name
    }

    func write(_ name: String, _ text: String) throws {
        try write(name, Array(text.utf8))
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
    }

    /// Copies sample files into this directory.
    func copy(_ names: [String], from directory: String) throws {
        for name in names {
            try FileManager.default.copyItem(atPath: directory + "/" + name, toPath: file(name))
        }
    }
}

/// Watches files with Linux inotify and reports whether anything opened or read them.
///
/// Proof by observation rather than by trusting the parser's settings: the kernel reports
/// every open, whoever does it, until the probe is closed.
final class CAPFileAccessProbe {
    private let descriptor: Int32

    init(watching paths: [String]) throws {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw CAPProbeError.unavailable(errno) }
        for path in paths {
            guard inotify_add_watch(descriptor, path, UInt32(IN_OPEN | IN_ACCESS)) >= 0 else {
                throw CAPProbeError.unavailable(errno)
            }
        }
    }

    deinit {
        close(descriptor)
    }

    /// The number of open and read events since the probe started (or since the last call).
    func events() -> Int {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var count = 0
        while true {
            let length = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard length > 0 else { return count }
            var offset = 0
            while offset < length {
                let nameLength = buffer.withUnsafeBytes {
                    $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)
                }
                count += 1
                offset += 16 + Int(nameLength)
            }
        }
    }
}

enum CAPProbeError: Error {
    case unavailable(Int32)
}
