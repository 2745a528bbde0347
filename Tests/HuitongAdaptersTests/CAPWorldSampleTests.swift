import Foundation
import HuitongCore
import Testing
@testable import HuitongAdapters

@Suite("CAP adapter on real CAP messages from other countries (google/cap-library)")
struct CAPWorldSampleTests {
    /// Every `.cap` file and what becomes of it: the identifier of its record, or (after "!")
    /// the reason it is set aside.
    static let outcomes: [(file: String, outcome: String)] = [
        ("43b080713727.cap", "43b080713727"),
        ("australia.cap", "tag:www.rfs.nsw.gov.au2011-10-06:40184"),
        ("canada.cap", "2.49.0.1.124.6bddbc91.2012"),
        ("canada_errors.cap", "2.49.0.1.124.6bddbc91.2012"),
        ("canada_signed.cap", "2.49.0.1.124.f2c83f5f.2013"),
        ("earthquake-iso8859-1.cap", "USGS-earthquakes-usB000D5T4.3947362.7.20121014T225304.360Z.0"),
        ("invalid.cap", "!missing required CAP element <scope>"),
        ("thunderstorm.cap", "KSTO1055887203"),
        ("wcatwc-warning.cap", "PAAQ-2-lqw6d6"),
        ("weather.cap", "!not CAP 1.2: <alert> is in namespace urn:oasis:names:tc:emergency:cap:1.1 (CAP 1.1); "
            + "the hub reads CAP 1.2 only (urn:oasis:names:tc:emergency:cap:1.2)"),
        ("xee.cap", "!DTDs and entities are not accepted in CAP files: the file has a DOCTYPE declaration at line 3; "
            + "nothing it refers to was fetched. Ask the sender to send the alert without a DOCTYPE"),
    ]

    @Test("each file is a record or is set aside with its reason; LICENSE and README are not alert files")
    func everyFile() async throws {
        let run = try await CAPRun(CAPDirectoryAdapter(directory: CAPFixtures.world))
        #expect(run.files == Self.outcomes.map(\.file))
        for (file, outcome) in Self.outcomes {
            if outcome.hasPrefix("!") {
                #expect(run.reasons[file] == String(outcome.dropFirst()), "\(file)")
            } else {
                #expect(run.records[file]?["identifier"]?.stringValue == outcome, "\(file)")
            }
        }
    }

    @Test("the ISO-8859-1 file's accented letters come out as the right characters")
    func latin1Decoded() throws {
        let bytes = try CAPFixtures.bytes(CAPFixtures.world, "earthquake-iso8859-1.cap")
        // On disk "á" is the single Latin-1 byte E1, which is not UTF-8.
        #expect(bytes.contains(0xE1))
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        let record = try CAPFixtures.read(bytes).get()
        #expect(record["headline"]?.stringValue == "EQ 4.6 Usulután, Usulután, El Salvador - PRELIMINARY REPORT")
        #expect(record["areaDesc"]?.stringValue?.hasPrefix("47 miles (76 km) SSW of Usulután, Usulután, El Salvador;") == true)
        #expect(record["circle"]?.stringValue == "12.747,-88.783 0.0")
        #expect(record["onset"]?.stringValue == "2012-10-14T22:40:56+00:00")
    }

    @Test("the signed file is read; its XML signature, in another namespace, is not part of any field")
    func signedFile() throws {
        let record = try CAPFixtures.read(CAPFixtures.bytes(CAPFixtures.world, "canada_signed.cap")).get()
        #expect(record["msgType"]?.stringValue == "Update")
        #expect(record["event"]?.stringValue == "snowfall")
        #expect(record["headline"]?.stringValue == "snowfall warning")
        let text = record.map { $0.value.stringValue ?? "" }.joined(separator: " ")
        #expect(!text.contains("SignatureValue") && !text.contains("MIIF0jCCBLqgAwIBAgIQ"))
    }

    @Test("of several info blocks only the first is read (canada.cap: English before French)")
    func firstInfoOnly() throws {
        let record = try CAPFixtures.read(CAPFixtures.bytes(CAPFixtures.world, "canada.cap")).get()
        #expect(record["headline"]?.stringValue == "severe thunderstorm watch")
        #expect(record["areaDesc"]?.stringValue == "Windsor - Leamington - Essex County")
        #expect(record["polygon"]?.stringValue?.hasPrefix("42.3481,-82.9314 ") == true)
    }

    @Test("australia.cap: elements with a cap: prefix are read by namespace; the first of two categories is kept")
    func prefixedElements() throws {
        let record = try CAPFixtures.read(CAPFixtures.bytes(CAPFixtures.world, "australia.cap")).get()
        #expect(record["category"]?.stringValue == "Fire")
        #expect(record["circle"]?.stringValue == "-35.3888,147.0598 25.0")
        // The escaped markup in the description is text, unescaped once.
        #expect(record["description"]?.stringValue?.hasPrefix("ALERT LEVEL: Not Applicable<br />LOCATION:") == true)
        // Its geocodes are ISO 3166 and postcodes, not GB2260.
        #expect(record["geocode_gb2260"] == nil)
    }

    @Test("canada_errors.cap is well-formed CAP 1.2: its empty <references> breaks nothing the hub reads")
    func emptyReferences() throws {
        let record = try CAPFixtures.read(CAPFixtures.bytes(CAPFixtures.world, "canada_errors.cap")).get()
        #expect(record["msgType"]?.stringValue == "Update")
        #expect(record["headline"] == nil && record["description"] == nil)
        #expect(record["areaDesc"]?.stringValue == "Windsor - Leamington - Essex County")
    }

    @Test("the sample set keeps its licence and provenance")
    func provenance() throws {
        let readme = try String(contentsOfFile: CAPFixtures.world + "/README.md", encoding: .utf8)
        let license = try String(contentsOfFile: CAPFixtures.world + "/LICENSE", encoding: .utf8)
        #expect(readme.contains("google/cap-library"))
        #expect(license.contains("Apache License"))
    }
}
