import HuitongAdapters
import HuitongCore
import HuitongMapping
import HuitongTestSupport

/// The office's sample source files (Tests/Fixtures/sources), read by the real adapters, as
/// the pipeline reads them, so a chain test maps exactly what the pipeline would.
enum SourceFiles {
    /// One item read: a record, or a file or line that could not be read.
    enum Item {
        case record(OrderedObject)
        case unreadable(String)
    }

    static func csv(_ path: String, gb18030: Bool = false) async throws -> [Item] {
        try await read(CSVSourceAdapter(configuration: CSVConfiguration(path: path, encoding: gb18030 ? .gb18030 : .auto)))
    }

    static func jsonArray(_ path: String) async throws -> [Item] {
        try await read(JSONArrayFileAdapter(path: path))
    }

    static func jsonLines(directory: String) async throws -> [Item] {
        try await read(JSONLinesDirectoryAdapter(directory: directory))
    }

    static func capAlerts(directory: String) async throws -> [Item] {
        try await read(CAPDirectoryAdapter(directory: directory))
    }

    private static func read(_ adapter: some SourceAdapter) async throws -> [Item] {
        try await MappingStage.read(adapter).map { $0.map(Item.record) ?? .unreadable("unreadable") }
    }
}
