import HuitongCore

/// The documents of one YAML file, in order. Most files hold exactly one.
package struct YAMLDocumentSet: Sendable {
    /// The path as the operator named it.
    package let file: String
    /// One root node per document; empty for an empty file.
    package let documents: [YAMLNode]

    init(file: String, documents: [YAMLNode]) {
        self.file = file
        self.documents = documents
    }

    /// The root of a file that must hold exactly one document (a mapping file, a
    /// platform profile).
    package func requireSingleDocument() throws(YAMLError) -> YAMLNode {
        guard documents.count == 1, let document = documents.first else {
            let found = documents.isEmpty ? "none" : "\(documents.count) (separated by ---)"
            throw YAMLError(.documentCount, "expected exactly one YAML document, found \(found)", file: file)
        }
        return document
    }
}
