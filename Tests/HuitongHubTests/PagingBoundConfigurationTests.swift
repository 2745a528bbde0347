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
        configuration?.job(named: "facilities")?.source.options.integer("max_pages")
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
        for (value, words) in [("0", "max_pages is 0; it is at least 1"), ("many", "max_pages must be a whole number")] {
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
        #expect(onFile.contains { $0.contains("the source plugin json has no option \"max_pages\"; it takes path") }, "\(onFile)")
    }
}
