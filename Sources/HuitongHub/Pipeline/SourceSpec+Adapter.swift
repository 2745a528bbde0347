import HuitongAdapters
import HuitongMapping
import HuitongPlatforms

extension SourceSpec {
    /// The adapter that reads this source.
    package func adapter(for mapping: CompiledMapping) -> any SourceAdapter {
        switch self {
        case let .csv(path, encoding):
            CSVSourceAdapter(path: path, encoding: CSVEncoding(rawValue: encoding) ?? .auto, requiredColumns: mapping.inputFieldNames)
        case let .jsonFile(path):
            JSONArrayFileAdapter(path: path)
        case let .jsonLines(directory):
            JSONLinesDirectoryAdapter(directory: directory)
        case let .capDirectory(directory):
            CAPDirectoryAdapter(directory: directory)
        case let .httpAPI(baseURL, path, token, maximumPages):
            PagedAPIAdapter(baseURL: baseURL, path: path, bearerToken: token?.reveal(), maximumPages: maximumPages)
        }
    }
}
