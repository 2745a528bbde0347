import HuitongCore

/// Loads YAML files into node trees, reporting every problem in the file at once.
///
///     let documents = try YAMLLoader.load(path: "mappings/road.yaml")
///     let mapping = try documents.requireSingleDocument().requireMapping()
///
/// Plain scalars resolve by the YAML 1.2 core schema (`yes` and `on` are strings);
/// anchors, aliases and `<<` merges are supported; the core tags are honoured and any
/// other tag is an error. Loading is synchronous and CPU-bound; it does not touch shared
/// state, so any thread or task may call it.
package enum YAMLLoader {
    /// Loads a UTF-8 file (a byte-order mark is allowed).
    ///
    /// - Parameter redaction: what no error about this file may show (the values of secret
    ///   keys in a configuration); also applies to errors raised later about its nodes.
    /// - Throws: `YAMLLoadFailure` with every error found: the file cannot be read or is
    ///   too large, or it has syntax or semantic errors.
    package static func load(path: String, limits: YAMLLimits = .default, redaction: YAMLRedaction = .none) throws(YAMLLoadFailure) -> YAMLDocumentSet {
        let bytes: [UInt8]
        do {
            bytes = try YAMLFileReader.read(path: path, maxBytes: limits.maxFileBytes)
        } catch {
            throw YAMLLoadFailure(errors: [error])
        }
        return try load(source: YAMLSourceText(file: path, bytes: bytes, redaction: redaction), limits: limits)
    }

    /// Loads YAML text held in memory; `fileName` is used in marks and error messages.
    package static func load(text: String, fileName: String, limits: YAMLLimits = .default, redaction: YAMLRedaction = .none) throws(YAMLLoadFailure) -> YAMLDocumentSet {
        let bytes = Array(text.utf8)
        guard bytes.count <= limits.maxFileBytes else {
            throw YAMLLoadFailure(errors: [
                YAMLFileReader.tooLarge(path: fileName, size: "\(bytes.count) bytes", maxBytes: limits.maxFileBytes),
            ])
        }
        return try load(source: YAMLSourceText(file: fileName, bytes: bytes, redaction: redaction), limits: limits)
    }

    private static func load(source: YAMLSourceText, limits: YAMLLimits) throws(YAMLLoadFailure) -> YAMLDocumentSet {
        let parser: YAMLParser
        do {
            parser = try YAMLParser(source: source)
        } catch {
            throw YAMLLoadFailure(errors: [error])
        }
        var composer = YAMLComposer(source: source, limits: limits)
        composer.compose(from: parser)
        guard composer.errors.isEmpty else { throw YAMLLoadFailure(errors: composer.errors) }
        return YAMLDocumentSet(file: source.file, documents: composer.documents)
    }
}
