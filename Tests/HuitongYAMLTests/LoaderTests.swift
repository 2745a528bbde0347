import Foundation
import HuitongTestSupport
import Testing
@testable import HuitongYAML

@Suite("Loading files and streams")
struct LoaderTests {
    @Test("valid fixtures load", arguments: ["mapping-road.yaml", "settings-scalars.yaml", "multi-document.yaml", "byte-order-mark.yaml"])
    func validFixturesLoad(name: String) throws {
        let documents = try YAMLLoader.load(path: Fixtures.path("yaml/\(name)"))
        #expect(!documents.documents.isEmpty)
    }

    @Test("a mapping file's merges and codes come through as written")
    func mappingFixture() throws {
        let root = try YAMLLoader.load(path: Fixtures.path("yaml/mapping-road.yaml")).requireSingleDocument()
        let fields = try root.require("fields").requireSequence()
        #expect(try fields[1].require("code").requireString() == "320613")
        #expect(try fields[1].require("max_length").requireInt() == 12)
        #expect(try fields[0].require("max_length").requireInt() == 64)
        #expect(try fields[0].require("encoding").requireString() == "utf-8")
    }

    @Test("every document of a multi-document stream is returned in order")
    func multiDocument() throws {
        let documents = try YAMLLoader.load(path: Fixtures.path("yaml/multi-document.yaml")).documents
        #expect(documents.count == 3)
        #expect(documents[0]["kind"]?.scalar?.text == "first")
        #expect(documents[1]["kind"]?.scalar?.text == "second")
        #expect(documents[2].sequence?.first?.scalar?.text == "third")
    }

    @Test("an empty file has no documents, and requireSingleDocument says so")
    func emptyFile() throws {
        let documents = try YAMLLoader.load(text: "# only a comment\n", fileName: "empty.yaml")
        #expect(documents.documents.isEmpty)
        #expect(throws: YAMLError.self) { try documents.requireSingleDocument() }
    }

    @Test("requireSingleDocument refuses a stream of several documents")
    func severalDocumentsAreRefused() throws {
        let documents = try YAMLLoader.load(path: Fixtures.path("yaml/multi-document.yaml"))
        do {
            _ = try documents.requireSingleDocument()
            Issue.record("three documents accepted as one")
        } catch {
            #expect(error.code == .documentCount)
            #expect(error.description.hasSuffix("multi-document.yaml: expected exactly one YAML document, found 3 (separated by ---)"))
        }
    }

    @Test("a missing file is an error naming its path")
    func missingFile() {
        do {
            _ = try YAMLLoader.load(path: "mappings/no-such-file.yaml")
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.errors.map(\.code) == [.fileUnreadable])
            #expect(error.description == "mappings/no-such-file.yaml: cannot read the file: it does not exist; check the path")
        }
    }

    @Test("a directory is refused with a clear error")
    func directoryIsRefused() {
        do {
            _ = try YAMLLoader.load(path: Fixtures.path("yaml"))
            Issue.record("a directory loaded")
        } catch {
            #expect(error.errors.map(\.code) == [.fileUnreadable])
            #expect(error.description.hasSuffix("cannot read the file: it is a directory; name a .yaml file inside it"))
        }
    }
}
