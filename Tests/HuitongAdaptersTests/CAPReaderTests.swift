import Foundation
import HuitongCore
import Testing
@testable import HuitongAdapters

@Suite("CAP reader: namespaces, required elements and field extraction")
struct CAPReaderTests {
    @Test("an alert in no namespace is not CAP 1.2")
    func noNamespace() {
        let text = CAPFixtures.alert().replacingOccurrences(of: " xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"", with: "")
        #expect(CAPFixtures.read(text) == .failure(.notCAP12(namespace: "")))
        #expect(CAPReadFailure.notCAP12(namespace: "").description.hasPrefix("not CAP 1.2: <alert> is in no namespace; "))
    }

    @Test("a root other than alert is named, with its namespace")
    func otherRoot() {
        let text = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry/></feed>"
        #expect(CAPFixtures.read(text) == .failure(.notAlert(element: "feed", namespace: "http://www.w3.org/2005/Atom")))
    }

    @Test("CAP element names in another namespace do not count: a foreign identifier leaves the alert without one")
    func foreignElementsIgnored() {
        let text = CAPFixtures.alert(identifier: "T-1").replacingOccurrences(
            of: "<identifier>T-1</identifier>", with: "<x:identifier xmlns:x=\"urn:other\">T-1</x:identifier>"
        )
        #expect(CAPFixtures.read(text) == .failure(.missingElements(["identifier"])))
    }

    @Test("CAP elements nested inside a foreign element are not read as the alert's")
    func capInsideForeign() throws {
        let info = "<ext xmlns=\"urn:other\"><info xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><event>Wrong</event></info></ext>"
            + "<info><event>Right</event></info>"
        let record = try CAPFixtures.read(CAPFixtures.alert(info: info)).get()
        #expect(record["event"] == "Right")
    }

    @Test("all missing required elements are listed at once")
    func missingRequired() {
        let text = "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>X</identifier><status>Actual</status></alert>"
        #expect(CAPFixtures.read(text) == .failure(.missingElements(["sender", "sent", "msgType", "scope"])))
        #expect(CAPReadFailure.missingElements(["sender", "sent"]).description == "missing required CAP elements <sender>, <sent>")
    }

    @Test("an empty required element counts as missing")
    func emptyRequired() {
        let text = CAPFixtures.alert().replacingOccurrences(of: "<sent>2026-11-20T08:00:00+08:00</sent>", with: "<sent> </sent>")
        #expect(CAPFixtures.read(text) == .failure(.missingElements(["sent"])))
    }

    @Test("a second identifier makes the alert ambiguous and it is set aside")
    func repeatedIdentifier() {
        let text = CAPFixtures.alert(extraAlert: "<identifier>T-2</identifier>")
        #expect(CAPFixtures.read(text) == .failure(.repeatedElement("identifier")))
    }

    @Test("status, msgType and scope must be CAP 1.2 code values, case included")
    func codeLists() {
        let status = CAPFixtures.alert().replacingOccurrences(of: "<status>Actual</status>", with: "<status>actual</status>")
        #expect(CAPFixtures.read(status) == .failure(.invalidCode(
            element: "status", value: "actual", allowed: ["Actual", "Exercise", "System", "Test", "Draft"]
        )))
        #expect(CAPReadFailure.invalidCode(element: "status", value: "actual", allowed: ["Actual", "Test"]).description
            == "<status> \"actual\" is not a CAP 1.2 value (one of: Actual, Test)")
        let msgType = CAPFixtures.alert().replacingOccurrences(of: "<msgType>Alert</msgType>", with: "<msgType>Notice</msgType>")
        guard case .failure(.invalidCode(element: "msgType", value: "Notice", _)) = CAPFixtures.read(msgType) else {
            Issue.record("an unknown msgType was accepted")
            return
        }
    }

    @Test("an alert without info is a record of its alert-level elements; the mapping decides what to do with it")
    func alertWithoutInfo() throws {
        let record = try CAPFixtures.read(CAPFixtures.alert()).get()
        #expect(record.keys == ["identifier", "sender", "sent", "status", "msgType"])
    }

    @Test("text is trimmed of surrounding whitespace, including the full-width space; inner line breaks stay")
    func trimming() throws {
        let info = "<info><event>\n\t\u{3000}暴雨 预警 </event><description>  第一行\n第二行  </description><headline> </headline></info>"
        let record = try CAPFixtures.read(CAPFixtures.alert(info: info)).get()
        #expect(record["event"] == "暴雨 预警")
        #expect(record["description"] == "第一行\n第二行")
        #expect(record["headline"] == nil)
    }

    @Test("CDATA sections and character references are part of the text")
    func cdataAndReferences() throws {
        let info = "<info><headline><![CDATA[a < b]]> &amp; &#x9632;&#31354;</headline></info>"
        let record = try CAPFixtures.read(CAPFixtures.alert(info: info)).get()
        #expect(record["headline"] == "a < b & 防空")
    }

    @Test("the GB2260 geocode is found among others; only the first area of the first info counts")
    func geocodeAndFirsts() throws {
        let info = """
        <info><event>E1</event><area><areaDesc>A1</areaDesc>\
        <polygon>1,1 2,2 3,1 1,1</polygon><polygon>9,9 8,8 7,9 9,9</polygon><circle>1,1 1</circle><circle>2,2 2</circle>\
        <geocode><valueName>SAME</valueName><value>006109</value></geocode>\
        <geocode><valueName> GB2260 </valueName><value> 320612 </value></geocode>\
        <geocode><valueName>GB2260</valueName><value>320613</value></geocode></area>\
        <area><areaDesc>A2</areaDesc><geocode><valueName>GB2260</valueName><value>320614</value></geocode></area></info>\
        <info><event>E2</event><headline>H2</headline></info>
        """
        let record = try CAPFixtures.read(CAPFixtures.alert(info: info)).get()
        #expect(record["event"] == "E1")
        #expect(record["headline"] == nil)
        #expect(record["areaDesc"] == "A1")
        #expect(record["polygon"] == "1,1 2,2 3,1 1,1")
        #expect(record["circle"] == "1,1 1")
        #expect(record["geocode_gb2260"] == "320612")
    }

    @Test("a geocode with another valueName is not taken for GB2260")
    func otherGeocode() throws {
        let info = "<info><area><areaDesc>A</areaDesc><geocode><valueName>gb2260</valueName><value>320612</value></geocode></area></info>"
        let record = try CAPFixtures.read(CAPFixtures.alert(info: info)).get()
        #expect(record["geocode_gb2260"] == nil)
    }

    @Test("an empty file, or one of whitespace only, is set aside as empty")
    func emptyFile() {
        #expect(CAPFixtures.read([]) == .failure(.empty))
        #expect(CAPFixtures.read(" \n\t\r\n") == .failure(.empty))
    }

    @Test("a declaration alone has no complete root element")
    func noRoot() {
        guard case .failure(.notWellFormed(_, _, let problem)) = CAPFixtures.read("<?xml version=\"1.0\"?>\n") else {
            Issue.record("a declaration alone was read")
            return
        }
        #expect(problem == "no complete root element (the file is cut short, or is not XML)")
    }

    @Test("a file cut off inside the root's start tag is reported as cut short, not as a namespace problem")
    func cutInsideStartTag() {
        let head = "<?xml version=\"1.0\"?>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\""
        for (text, column) in [(head, 52), (String(head.prefix(28)), 7)] {
            #expect(CAPFixtures.read(text)
                == .failure(.notWellFormed(line: 2, column: column, problem: "the file ends inside a tag (it is cut short)")))
        }
    }

    @Test("a mismatched end tag is reported with the element that is open")
    func mismatchedTag() {
        let text = CAPFixtures.alert().replacingOccurrences(of: "</sender>", with: "</sendr>")
        guard case .failure(.notWellFormed(let line, _, let problem)) = CAPFixtures.read(text) else {
            Issue.record("a mismatched tag was accepted")
            return
        }
        #expect(line == 2)
        #expect(problem == "the end tag does not match <sender>")
    }
}
