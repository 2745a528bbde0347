import Foundation
import HuitongAdapters
import HuitongMapping

/// Picks the adapter for an input an operator names on the command line, by its form.
enum SourceSelection {
    static func adapter(for input: String, mapping: CompiledMapping, encoding: String?, bearerEnvironment: String?) throws -> any SourceAdapter {
        if input.hasPrefix("http://") || input.hasPrefix("https://") {
            var token: String?
            if let name = bearerEnvironment {
                guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                    throw SourceError(.configuration, source: input, message: "environment variable \(name) is not set; export the API's bearer token in it")
                }
                token = value
            }
            guard let url = URL(string: input), let host = url.host else {
                throw SourceError(.configuration, source: input, message: "not a URL")
            }
            let base = "\(url.scheme ?? "http")://\(host)\(url.port.map { ":\($0)" } ?? "")"
            let path = url.path.isEmpty ? "/api/facilities" : url.path
            return PagedAPIAdapter(baseURL: base, path: path, bearerToken: token)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
            throw SourceError(.notFound, source: input, message: "no such file or directory; check the path")
        }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []
            if names.contains(where: { $0.lowercased().hasSuffix(".xml") || $0.lowercased().hasSuffix(".cap") }) {
                return CAPDirectoryAdapter(directory: input)
            }
            return JSONLinesDirectoryAdapter(directory: input)
        }
        switch (input as NSString).pathExtension.lowercased() {
        case "csv":
            let chosen = CSVEncoding(rawValue: encoding ?? "auto") ?? .auto
            return CSVSourceAdapter(path: input, encoding: chosen, requiredColumns: mapping.inputFieldNames)
        case "json":
            return JSONArrayFileAdapter(path: input)
        case "jsonl", "ndjson":
            return JSONLinesDirectoryAdapter(directory: input)
        default:
            throw SourceError(.configuration, source: input, message: "unknown input form; give a .csv, .json or .jsonl file, a directory, or an http(s) URL")
        }
    }
}
