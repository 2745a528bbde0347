import Testing
@testable import HuitongYAML
import HuitongCore

@Suite("Source marks")
struct SourceMarkTests {
    @Test("every node carries its file and 1-based line and column")
    func nodesCarryMarks() throws {
        let node = try YAMLTestLoading.document("road:\n  name: x\n  lanes: [1, 2]\n", file: "mappings/road.yaml")
        let road = try #require(node["road"])
        let lanes = try #require(road["lanes"]?.sequence)
        #expect(node.mark.description == "mappings/road.yaml:1:1")
        #expect(road.mark.description == "mappings/road.yaml:2:3")
        #expect(road["name"]?.mark.description == "mappings/road.yaml:2:9")
        #expect(lanes.map(\.mark.description) == ["mappings/road.yaml:3:11", "mappings/road.yaml:3:14"])
    }

    @Test("mapping keys carry their own marks")
    func keysCarryMarks() throws {
        let entries = try YAMLTestLoading.document("a: 1\n  # comment\nbb: 2\n").requireMapping()
        #expect(entries.map(\.key.mark.line) == [1, 3])
        #expect(entries.map(\.key.mark.column) == [1, 1])
    }

    @Test("columns after CJK text count one per character, not per byte")
    func columnsCountCharacters() throws {
        let node = try YAMLTestLoading.document("名称: 值\n道路: [甲, 乙]\n")
        #expect(node["名称"]?.mark.column == 5)
        #expect(node["道路"]?.sequence?.map(\.mark.column) == [6, 9])
    }

    @Test("a byte-order mark does not shift line 1")
    func byteOrderMarkIsInvisible() throws {
        let node = try YAMLTestLoading.document("\u{FEFF}a: 1\n")
        #expect(try node.requireMapping().first?.key.mark.column == 1)
        #expect(node["a"]?.mark.column == 4)
    }

    @Test("lines in later documents are counted from the start of the file")
    func laterDocumentsCountFromFileStart() throws {
        let documents = try YAMLLoader.load(text: "a: 1\n---\nb: 2\n", fileName: "two.yaml").documents
        #expect(documents.map(\.mark.line) == [1, 3])
    }
}
