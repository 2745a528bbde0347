import Testing
@testable import HuitongYAML
import HuitongCore

@Suite("Typed node access")
struct NodeAccessTests {
    static let profile = "name: 省级平台\nretry:\n  attempts: 3\n  backoff: 1.5\nport: \"8080\"\nhosts: [a, b]\nenabled: yes\nempty:\n"

    @Test("subscript finds a value by key text and is nil for absent keys or non-mappings")
    func subscriptLooksUpByText() throws {
        let node = try YAMLTestLoading.document(Self.profile)
        #expect(node["retry"]?["attempts"]?.scalar?.text == "3")
        #expect(node["absent"] == nil)
        #expect(node["hosts"]?["a"] == nil)
    }

    @Test("requireInt, requireDouble and requireSequence return typed values")
    func typedValues() throws {
        let node = try YAMLTestLoading.document(Self.profile)
        #expect(try node.require("retry").require("attempts").requireInt() == 3)
        #expect(try node.require("retry").require("backoff").requireDouble() == 1.5)
        #expect(try node.require("hosts").requireSequence().map { try $0.requireString() } == ["a", "b"])
    }

    @Test("requireMapping on a sequence says what it expected and what it found, at the node")
    func mappingMismatch() throws {
        let node = try YAMLTestLoading.document(Self.profile)
        do {
            _ = try node.require("hosts").requireMapping()
            Issue.record("a sequence was accepted as a mapping")
        } catch {
            #expect(error.code == .typeMismatch)
            #expect(error.description == """
                test.yaml:6:8: expected a mapping here, found a sequence
                  hosts: [a, b]
                         ^
                """)
        }
    }

    @Test("requireInt on a quoted number suggests removing the quotes")
    func quotedNumberIsNotAnInt() throws {
        let node = try YAMLTestLoading.document(Self.profile)
        #expect(throws: YAMLError.self) { try node.require("port").requireInt() }
        do {
            _ = try node.require("port").requireInt()
        } catch {
            #expect(error.message == "expected an integer here, found the string \"8080\"; remove the quotes to make it a number")
        }
    }

    @Test("requireInt refuses an integer beyond Int64 with a range error")
    func outOfRangeInt() throws {
        let node = try YAMLTestLoading.document("big: 99999999999999999999\n")
        do {
            _ = try node.require("big").requireInt()
            Issue.record("an out-of-range integer was accepted")
        } catch {
            #expect(error.code == .valueOutOfRange)
        }
        #expect(try node.require("big").requireString() == "99999999999999999999")
    }

    @Test("requireString refuses null")
    func nullIsNotAString() throws {
        let node = try YAMLTestLoading.document(Self.profile)
        do {
            _ = try node.require("empty").requireString()
            Issue.record("null was accepted as a string")
        } catch {
            #expect(error.message.hasPrefix("expected a string here, found null"))
        }
    }

    @Test("requireBool refuses yes and explains why")
    func yesIsNotABool() throws {
        let node = try YAMLTestLoading.document(Self.profile)
        do {
            _ = try node.require("enabled").requireBool()
            Issue.record("yes was accepted as a boolean")
        } catch {
            #expect(error.message == "expected true or false here, found the string \"yes\"; yes, no, on and off are strings in YAML 1.2; write true or false")
        }
    }

    @Test("require names a missing key and points at the mapping")
    func missingKey() throws {
        let node = try YAMLTestLoading.document(Self.profile)
        do {
            _ = try node.require("retry").require("timeout")
            Issue.record("a missing key was found")
        } catch {
            #expect(error.code == .missingKey)
            #expect(error.message == "missing key \"timeout\" in this mapping; add it")
            #expect(error.location.line == 3)
        }
    }
}
