import Foundation
import HuitongHub
import HuitongTestSupport
import Testing
import HuitongYAML

/// `max_pages` in an http source bounds one read of a paged API; it is checked where it is written.
@Suite struct PagingBoundConfigurationTests {
    static let jsonFacilities = "source: {adapter: json, path: sources/facilities.json}"

    func load(_ edit: (String) -> String) throws -> (configuration: HubConfiguration?, problems: [String]) {
        let bed = try TestOffice.withSamples()
        try edit(bed.configurationText).write(toFile: bed.configurationPath, atomically: true, encoding: .utf8)
        do {
            return (try HubConfiguration.load(path: bed.configurationPath), [])
        } catch {
            return (nil, error.errors.map(\.description))
        }
    }

    func maximumPages(of configuration: HubConfiguration?) -> Int? {
        guard case let .httpAPI(_, _, _, maximumPages)? = configuration?.job(named: "facilities")?.source else { return nil }
        return maximumPages
    }

    @Test func anHTTPSourceTakesMaxPagesAndDefaultsToTenThousand() throws {
        let configured = try load {
            $0.replacingOccurrences(of: Self.jsonFacilities, with: "source: {adapter: http, url: http://127.0.0.1:9/api/facilities, max_pages: 50}")
        }
        #expect(configured.problems.isEmpty, "\(configured.problems)")
        #expect(maximumPages(of: configured.configuration) == 50)
        let defaulted = try load {
            $0.replacingOccurrences(of: Self.jsonFacilities, with: "source: {adapter: http, url: http://127.0.0.1:9/api/facilities}")
        }
        #expect(maximumPages(of: defaulted.configuration) == 10_000)
    }

    @Test func maxPagesBelowOneNotANumberOrOnAFileSourceIsRefusedAtItsLine() throws {
        for (value, words) in [("0", "a whole number of at least 1"), ("many", "an integer")] {
            let found = try load {
                $0.replacingOccurrences(of: Self.jsonFacilities, with: "source: {adapter: http, url: http://127.0.0.1:9/api/facilities, max_pages: \(value)}")
            }.problems
            #expect(found.count == 1, "\(found)")
            #expect(found.first?.contains("huitong.yaml:") == true)
            #expect(found.first?.contains(words) == true, "\(found)")
        }
        let onFile = try load {
            $0.replacingOccurrences(of: Self.jsonFacilities, with: "source: {adapter: json, path: sources/facilities.json, max_pages: 5}")
        }.problems
        #expect(onFile.contains { $0.contains("max_pages bounds the pages of an http source; a json source has none") }, "\(onFile)")
    }
}
