import Foundation
import HuitongCore
import HuitongTestSupport
@testable import HuitongAdapters
import Testing

/// Small helpers shared by the CSV suites: files in a scratch directory, text in other
/// encodings, and reading a whole source into its batches.
enum CSVTesting {
    /// What one `read` delivered.
    struct Reading {
        var batches: [[SourceItem]]
        /// What `read` returned.
        var result: SourceRead

        var checkpoint: Value? { result.checkpoint }
        /// Where and why the read stopped early, if it did.
        var incomplete: IncompleteRead? { result.incompleteRead }

        var items: [SourceItem] { batches.flatMap { $0 } }

        /// The records with their lines, in order.
        var records: [(line: Int, record: OrderedObject)] {
            items.compactMap { item in
                guard case let .record(record, origin) = item else { return nil }
                return (origin.line ?? 0, record)
            }
        }

        /// The unreadable items' lines and reasons, in order.
        var unreadable: [(line: Int, reason: String)] {
            items.compactMap { item in
                guard case let .unreadable(origin, reason) = item else { return nil }
                return (origin.line ?? 0, reason)
            }
        }

        /// The origins of every item, in order.
        var origins: [RecordOrigin] {
            items.map { item in
                switch item {
                case let .record(_, origin), let .unreadable(origin, _): origin
                }
            }
        }
    }

    /// A path to a committed fixture under `Tests/Fixtures/sources/`.
    static func sample(_ name: String) -> String {
        Fixtures.path("sources/\(name)")
    }

    /// Writes `bytes` to a new file in a fresh scratch directory and returns its path.
    static func file(_ bytes: [UInt8], named name: String = "export.csv") throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("huitong-csv-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes UTF-8 `text` to a scratch file and returns its path.
    static func file(_ text: String, named name: String = "export.csv") throws -> String {
        try file(Array(text.utf8), named: name)
    }

    /// Removes a scratch file and its directory.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    /// `text` encoded as `encoding` (an iconv name such as `GBK` or `GB18030`).
    static func encoded(_ text: String, as encoding: String) -> [UInt8] {
        guard let converter = IconvChunkConverter(from: "UTF-8", to: encoding) else { return [] }
        var output: [UInt8] = []
        let input = Array(text.utf8)
        let (consumed, _) = input.withUnsafeBufferPointer { converter.convert($0, appendingTo: &output) }
        return consumed == input.count ? output : []
    }

    /// Reads the whole source, keeping each batch as delivered.
    static func read(_ configuration: CSVConfiguration) async throws -> Reading {
        var batches: [[SourceItem]] = []
        let result = try await CSVSourceAdapter(configuration: configuration)
            .read(since: .string("ignored")) { batches.append($0) }
        return Reading(batches: batches, result: result)
    }

    /// The `SourceError` reading the source throws, or `nil` if it reads.
    static func readError(_ configuration: CSVConfiguration) async -> SourceError? {
        do {
            _ = try await read(configuration)
            return nil
        } catch let error as SourceError {
            return error
        } catch {
            Issue.record("reading failed with an error that is not a SourceError: \(error)")
            return nil
        }
    }

    /// The string value of `column` in `record`, or `nil`.
    static func string(_ record: OrderedObject, _ column: String) -> String? {
        record[column]?.stringValue
    }
}
