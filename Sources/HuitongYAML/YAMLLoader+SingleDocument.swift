extension YAMLLoader {
    /// The one document of the file at `path`; a syntax problem, a limit or a file holding
    /// another number of documents is thrown as the file's `YAMLLoadFailure`.
    package static func loadSingleDocument(path: String, limits: YAMLLimits = .default, redaction: YAMLRedaction = .none) throws(YAMLLoadFailure) -> YAMLNode {
        try single(try load(path: path, limits: limits, redaction: redaction))
    }

    /// The one document of `text`, named `fileName` in messages.
    package static func loadSingleDocument(text: String, fileName: String, limits: YAMLLimits = .default, redaction: YAMLRedaction = .none) throws(YAMLLoadFailure) -> YAMLNode {
        try single(try load(text: text, fileName: fileName, limits: limits, redaction: redaction))
    }

    private static func single(_ documents: YAMLDocumentSet) throws(YAMLLoadFailure) -> YAMLNode {
        do {
            return try documents.requireSingleDocument()
        } catch {
            throw YAMLLoadFailure(errors: [error])
        }
    }
}
