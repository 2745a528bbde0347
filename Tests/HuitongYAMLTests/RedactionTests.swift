import HuitongCore
import Testing
@testable import HuitongYAML

/// A redaction as a configuration's would be: one declared secret, the word rules, and one
/// key declared not secret.
private let redaction = YAMLRedaction(
    secretKeys: ["sign_cert"], secretSubstrings: ["secret", "password", "token"],
    secretWords: ["key"], publicKeys: ["app_key"]
)

private func errors(_ text: String) -> [YAMLError] {
    do {
        _ = try YAMLLoader.load(text: text, fileName: "huitong.yaml", redaction: redaction)
        return []
    } catch {
        return error.errors
    }
}

/// One broken file whose errors must not show `secret`.
struct RedactionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let secret: String
    var testDescription: String { name }
}

@Suite("Redaction of secret values in error displays")
struct RedactionTests {
    @Test("keys are secret by name, by substring and by whole word; a public key is not")
    func secretKeys() {
        for key in ["sign_cert", "client_secret", "SECRET", "db_password", "bearer_token", "api_key", "apiKey", "client-key", "key"] {
            #expect(redaction.isSecret(key: key), "\(key)")
        }
        for key in ["app_key", "monkey", "keyboard", "base_url", "profile", "credentials"] {
            #expect(!redaction.isSecret(key: key), "\(key)")
        }
        #expect(YAMLRedaction.words(of: "apiKey_v2-x.y") == ["api", "key", "v2", "x", "y"])
    }

    @Test("a syntax error on a secret's line shows the key and the caret, the value masked")
    func strayColon() throws {
        let found = errors("platforms:\n  province:\n    app_secret: TopS3cret: x\n")
        let error = try #require(found.first)
        #expect(error.location.line == 3)
        #expect(error.description.hasSuffix("\n      app_secret: ********\n                  ^"), "\(error.description)")
    }

    @Test("a caret before the value stays where it was; one after it moves with the mask")
    func caretColumns() throws {
        let source = YAMLSourceText(file: "f.yaml", bytes: Array("k: {app_secret: abc, x: 1, url: http://u:p@h/}".utf8), redaction: redaction)
        #expect(source.excerpt(line: 1, column: 2, maxLength: 160).text == "k: {app_secret: ********")
        #expect(source.excerpt(line: 1, column: 2, maxLength: 160).caretColumn == 2)
        #expect(source.excerpt(line: 1, column: 30, maxLength: 160).caretColumn == 17)
        let url = YAMLSourceText(file: "f.yaml", bytes: Array("base_url: http://user:pa55word@host:1/x # z".utf8), redaction: redaction)
        let shown = url.excerpt(line: 1, column: 41, maxLength: 160)
        #expect(shown.text == "base_url: http://********@host:1/x # z")
        #expect(shown.caretColumn == 41 - "user:pa55word".count + 8)
    }

    static let cases: [RedactionCase] = [
        .init(name: "a tag that does not fit", text: "c:\n  app_secret: !!int S3cr3t-1\n", secret: "S3cr3t-1"),
        .init(name: "an unknown tag that is the secret", text: "c:\n  app_secret: !S3cr3t-2\n", secret: "S3cr3t-2"),
        .init(name: "a duplicated key", text: "c:\n  app_secret: ${env:A}\n  app_secret: S3cr3t-3 x: y\n", secret: "S3cr3t-3"),
        .init(name: "a duplicate key inside a flow mapping value", text: "c:\n  app_secret: {S3cr3t-4: 1, S3cr3t-4: 2}\n", secret: "S3cr3t-4"),
        .init(name: "an undefined alias", text: "c:\n  app_secret: *S3cr3t-5\n", secret: "S3cr3t-5"),
        .init(name: "a bad escape in quotes", text: "c:\n  app_secret: \"S3cr3t-6\\q\"\n", secret: "S3cr3t-6"),
        .init(name: "a tab for indentation", text: "c:\n\tapp_secret: S3cr3t-7\n", secret: "S3cr3t-7"),
        .init(name: "bad indentation", text: "c:\n    app_key: k\n   app_secret: S3cr3t-8\n", secret: "S3cr3t-8"),
        .init(name: "the second line of a plain scalar", text: "c:\n  app_secret: first\n    S3cr3t-9: x\n", secret: "S3cr3t-9"),
        .init(name: "the second line of a quoted scalar, tagged", text: "c:\n  app_secret: !!int \"first\n    S3cr3t-10\"\n", secret: "S3cr3t-10"),
        .init(name: "a block scalar, tagged", text: "c:\n  app_secret: !!int |\n    S3cr3t-11\n", secret: "S3cr3t-11"),
        .init(name: "a very long line", text: "c:\n  app_secret: S3cr3t-12" + String(repeating: "x", count: 300) + ": y\n", secret: "S3cr3t-12"),
        .init(name: "a quoted key", text: "c:\n  \"app_secret\": S3cr3t-13: x\n", secret: "S3cr3t-13"),
        .init(name: "a key inside a flow mapping", text: "c: {app_key: k, client_secret: S3cr3t-14: x}\n", secret: "S3cr3t-14"),
        .init(name: "a value on the next line", text: "c:\n  app_secret:\n    !!int S3cr3t-15\n", secret: "S3cr3t-15"),
        .init(name: "a sequence at the key's indentation", text: "c:\n  app_secret:\n  - !!int S3cr3t-16\n", secret: "S3cr3t-16"),
        .init(name: "an anchor on the value", text: "c:\n  app_secret: &S3cr3t-17 [x]\n  app_secret: 1\n", secret: "S3cr3t-17"),
        .init(name: "a number under a tag that does not fit", text: "c:\n  api_key: !!bool 123456789012345678901234567890\n", secret: "123456789012345678901234567890"),
        .init(name: "a password in a URL's userinfo", text: "c:\n  base_url: http://user:S3cr3t-19@h/: x\n", secret: "S3cr3t-19"),
    ]

    @Test("no error display shows the secret, whatever else is wrong on its line", arguments: cases)
    func secretNeverShown(_ example: RedactionCase) {
        let found = errors(example.text)
        #expect(!found.isEmpty, "the example must be broken")
        for error in found {
            #expect(!error.description.contains(example.secret), "\(error.description)")
            #expect(!error.message.contains(example.secret), "\(error.message)")
        }
    }

    @Test("a tag mismatch and an undefined alias on a secret's line say a value is not shown")
    func structuralMessages() throws {
        let tag = try #require(errors("c:\n  app_secret: !!int S3cr3t\n").first)
        #expect(tag.message.hasPrefix("!!int needs an integer (e.g. 42, -7, 0o17, 0x1F), found a value not shown here (its line holds a secret)"))
        let alias = try #require(errors("c:\n  app_secret: *S3cr3t\n").first)
        #expect(alias.message.hasPrefix("this alias is not defined; define its anchor earlier"))
        let duplicate = try #require(errors("c:\n  app_secret: a\n  app_secret: b\n").first)
        #expect(duplicate.message.hasPrefix("duplicate key \"app_secret\" (first at line 2, column 3)"))
        #expect(duplicate.sourceLine == "  app_secret: ********")
    }

    @Test("a reference is not blanked out of messages, nor a comment's words; other lines stay as written")
    func referencesAndOtherLines() throws {
        let found = errors("c:\n  app_secret: ${env:PROVINCE_SECRET}  # the secret is in the vault\n  app_key: !!int k\n")
        let error = try #require(found.first)
        #expect(error.sourceLine == "  app_key: !!int k")
        #expect(error.message.contains("found \"k\""))
        let source = YAMLSourceText(file: "f", bytes: Array("c:\n  app_secret: ${env:PROVINCE_SECRET}  # the secret\n".utf8), redaction: redaction)
        #expect(source.scrubbed("credential app_secret: ${env:PROVINCE_SECRET}: the secret is not set") == "credential app_secret: ${env:PROVINCE_SECRET}: the secret is not set")
    }

    @Test("consumers' messages about a node on a secret's line are scrubbed too")
    func consumerMessages() throws {
        let root = try YAMLLoader.loadSingleDocument(text: "c:\n  app_secret: [S3cr3t-x]\n", fileName: "h.yaml", redaction: redaction)
        let node = try #require(root["c"]?["app_secret"])
        let error = node.error(.invalidValue, "the value S3cr3t-x is wrong; see http://u:pw-S3cr3t@h/")
        #expect(error.message == "the value ******** is wrong; see http://h/")
        #expect(error.sourceLine == "  app_secret: ********")
        let sequence = try #require(node.sequence?.first)
        #expect(throws: YAMLError.self) { try sequence.requireInt() }
        do {
            _ = try sequence.requireInt()
        } catch {
            #expect(error.message == "expected an integer here, found a value not shown here (its line holds a secret)")
        }
    }

    @Test("without a redaction every value stays visible")
    func noRedaction() throws {
        let error = try #require(YAMLTestLoading.errors("c:\n  app_secret: !!int S3cr3t\n").first)
        #expect(error.message.contains("found \"S3cr3t\""))
        #expect(error.sourceLine == "  app_secret: !!int S3cr3t")
    }
}
