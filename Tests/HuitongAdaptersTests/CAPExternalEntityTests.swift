import Foundation
import FoundationXML
import HuitongCore
import HuitongHTTPServer
import Testing
@testable import HuitongAdapters

/// xee.cap aimed at things the test can watch: its external entities point at a secret file in
/// a scratch directory and at a loopback HTTP server, and a probe reports any open of the file.
private final class XXETarget {
    let scratch: CAPScratchDirectory
    let secretPath: String
    let secret = "SECRET-\(UUID().uuidString)"
    let server: HTTPServer
    let document: String

    init() throws {
        scratch = try CAPScratchDirectory()
        secretPath = scratch.file("secret.txt")
        try Data(secret.utf8).write(to: URL(fileURLWithPath: secretPath))
        let payload = "<!ENTITY % send SYSTEM 'file://\(secretPath)'>"
        server = try HTTPServer { _ in .text(200, payload) }
        let original = try String(contentsOfFile: CAPFixtures.world + "/xee.cap", encoding: .utf8)
        #expect(original.contains("<!ENTITY xxe SYSTEM \"http://localhost:8080/payload3\">"))
        document = original
            .replacingOccurrences(
                of: "<!ENTITY xxe SYSTEM \"http://localhost:8080/payload3\">",
                with: "<!ENTITY xxe SYSTEM \"file://\(secretPath)\">"
            )
            .replacingOccurrences(of: "file:///etc/passwd", with: "file://\(secretPath)")
            .replacingOccurrences(of: "http://localhost:8080", with: server.baseURL)
    }

    deinit { server.stop() }
}

/// XMLParser run with a delegate that keeps all text and never stops on an error, unlike the
/// reader's, so that only the entity settings stand between the document and the file.
private final class PermissiveParse: NSObject, XMLParserDelegate {
    private(set) var text = ""

    init(_ document: String, resolvingEntities: Bool) {
        super.init()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = self
        parser.shouldResolveExternalEntities = resolvingEntities
        parser.externalEntityResolvingPolicy = resolvingEntities ? .always : .never
        _ = parser.parse()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }
}

@Suite("CAP adapter and XML external entities (xee.cap)")
struct CAPExternalEntityTests {
    @Test("xee.cap aimed at a local file and a loopback server is set aside; nothing is opened or connected")
    func adapterTouchesNothing() async throws {
        let target = try XXETarget()
        try target.scratch.write("xee.cap", target.document)
        let probe = try CAPFileAccessProbe(watching: [target.secretPath])

        let run = try await CAPRun(CAPDirectoryAdapter(directory: target.scratch.path))

        #expect(probe.events() == 0)
        #expect(target.server.acceptedConnections == 0)
        #expect(run.records.isEmpty)
        let reason = try #require(run.reasons["xee.cap"])
        #expect(reason.hasPrefix("DTDs and entities are not accepted in CAP files: the file has a DOCTYPE declaration at line 3"))
        #expect(!reason.contains(target.secret))
    }

    @Test("past the DOCTYPE guard, the reader's parse step still opens no file and makes no connection")
    func parserSettingsAlone() throws {
        let target = try XXETarget()
        let probe = try CAPFileAccessProbe(watching: [target.secretPath])

        let outcome = Result { () throws(CAPReadFailure) in try CAPAlertReader.fields(parsing: Array(target.document.utf8)) }

        #expect(probe.events() == 0)
        #expect(target.server.acceptedConnections == 0)
        let text = switch outcome {
        case .success(let fields): fields.values.values.joined(separator: " ")
        case .failure(let failure): failure.description
        }
        #expect(!text.contains(target.secret))
    }

    @Test("with entity loading off, as the reader sets it, XMLParser opens nothing even when it reads on past every error")
    func entityLoadingOff() throws {
        let target = try XXETarget()
        let probe = try CAPFileAccessProbe(watching: [target.secretPath])
        let text = PermissiveParse(target.document, resolvingEntities: false).text
        #expect(probe.events() == 0)
        #expect(target.server.acceptedConnections == 0)
        #expect(text.contains("SEVERE THUNDERSTORM WARNING"))
        #expect(!text.contains(target.secret))
    }

    @Test("the probe does see XMLParser open the file when entity loading is on (so its silence above means something)")
    func probeSeesResolvingParser() throws {
        let target = try XXETarget()
        let probe = try CAPFileAccessProbe(watching: [target.secretPath])
        _ = PermissiveParse(target.document, resolvingEntities: true)
        #expect(probe.events() > 0)
    }

    @Test("the DOCTYPE is refused in UTF-16 too, where its bytes are not ASCII")
    func doctypeInUTF16() throws {
        let target = try XXETarget()
        let text = target.document.replacingOccurrences(of: "encoding=\"utf-8\"", with: "encoding=\"UTF-16\"")
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let probe = try CAPFileAccessProbe(watching: [target.secretPath])
        #expect(CAPFixtures.read(bytes) == .failure(.documentTypeDeclaration(line: 3)))
        #expect(probe.events() == 0)
    }

    @Test("a DOCTYPE disguised by a declared UTF-7 (\"+ADw-!DOCTYPE\") is found once the text is decoded")
    func doctypeInUTF7() throws {
        let body = "\n<!DOCTYPE alert SYSTEM \"http://127.0.0.1:9/x.dtd\">\n" + CAPFixtures.alert().split(separator: "\n")[1]
        let encoded = try CAPTestEncoder.encode(body, to: "UTF-7")
        #expect(!String(decoding: encoded, as: UTF8.self).contains("<!DOCTYPE"))
        let bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-7\"?>".utf8) + encoded
        #expect(CAPFixtures.read(bytes) == .failure(.documentTypeDeclaration(line: 2)))
    }

    @Test("an internal DTD alone (entity expansion, 'billion laughs') is refused as well")
    func internalSubset() {
        let laughs = """
        <?xml version="1.0"?>
        <!DOCTYPE alert [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&b;</identifier></alert>
        """
        #expect(CAPFixtures.read(laughs) == .failure(.documentTypeDeclaration(line: 2)))
    }

    @Test("a DOCTYPE after comments and processing instructions is found; one inside a comment is only text")
    func doctypeAmongPrologItems() {
        let hidden = CAPFixtures.alert().replacingOccurrences(
            of: "<alert", with: "<?xml-stylesheet href=\"a.xsl\"?>\n<!-- x -->\n<!DOCTYPE alert>\n<alert"
        )
        #expect(CAPFixtures.read(hidden) == .failure(.documentTypeDeclaration(line: 4)))
        let commented = CAPFixtures.alert().replacingOccurrences(of: "<alert", with: "<!-- <!DOCTYPE alert> -->\n<alert")
        #expect((try? CAPFixtures.read(commented).get())?["identifier"] == "T-1")
    }

    @Test("an entity reference without a DTD is not well-formed, and fetches nothing")
    func undeclaredEntity() {
        let text = CAPFixtures.alert(info: "<info><headline>A&xxe;</headline></info>")
        guard case .failure(.notWellFormed(let line, _, let problem)) = CAPFixtures.read(text) else {
            Issue.record("an undeclared entity was accepted")
            return
        }
        #expect(line == 2)
        #expect(problem.hasPrefix("a reference to an undeclared entity"))
    }

    @Test("XInclude is not processed: the include element is ignored and its file never opened")
    func xincludeIgnored() throws {
        let target = try XXETarget()
        let probe = try CAPFileAccessProbe(watching: [target.secretPath])
        let text = CAPFixtures.alert(
            info: "<info><headline>H<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file://\(target.secretPath)\" parse=\"text\"/></headline></info>"
        )
        let record = try CAPFixtures.read(text).get()
        #expect(record["headline"] == "H")
        #expect(probe.events() == 0)
    }
}
