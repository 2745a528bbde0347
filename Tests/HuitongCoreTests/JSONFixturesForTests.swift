import Foundation
@testable import HuitongCore

/// Small helpers shared by the JSON suites.
enum JSONTesting {
    /// Parses `text` as one document.
    static func read(_ text: String) throws(JSONError) -> Value {
        try JSONReader().value(from: text)
    }

    /// The error reading `text` produces, or `nil` if it parses.
    static func readError(_ text: String, maximumDepth: Int = JSONReader.defaultMaximumDepth) -> JSONError? {
        readError(bytes: Array(text.utf8), maximumDepth: maximumDepth)
    }

    /// The error reading `bytes` produces, or `nil` if they parse.
    static func readError(bytes: [UInt8], maximumDepth: Int = JSONReader.defaultMaximumDepth) -> JSONError? {
        do {
            _ = try JSONReader(maximumDepth: maximumDepth).value(from: bytes)
            return nil
        } catch {
            return error
        }
    }

    /// The canonical JSON of the document `text`.
    static func canonical(_ text: String) throws -> String {
        try CanonicalJSONWriter.string(for: try read(text))
    }

    /// The double with the given IEEE-754 bit pattern, written in hex.
    static func double(hex: String) -> Double {
        Double(bitPattern: UInt64(hex, radix: 16)!)
    }

    /// A new file in a fresh temporary directory holding `bytes`; delete it with `remove(_:)`.
    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("huitong-json-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("records.jsonl")
        try Data(bytes).write(to: file)
        return file.path
    }

    /// A new temporary file holding `text` as UTF-8.
    static func temporaryFile(_ text: String) throws -> String {
        try temporaryFile(Array(text.utf8))
    }

    /// Deletes a file made by `temporaryFile` with its directory.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}
