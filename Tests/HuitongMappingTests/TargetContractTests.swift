import Foundation
import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongMapping

/// Every province dataset (exchange v1 §4) and city type (open API v2 §3.4, §4.1) has exactly
/// one target mapping, and its output is the contract's: the same fields in the same order,
/// the same key, wire types, and required fields. The field tables are read from copies of the
/// contracts in Tests/Fixtures/contracts, so a transcription mistake cannot hide here.
@Suite("Target mappings cover the platform contracts")
struct TargetContractTests {
    /// One row of a contract's field table.
    struct ContractField: Equatable {
        enum Presence: Equatable { case required, optional, conditional }
        let name: String
        let type: String
        let presence: Presence
    }

    /// One dataset or resource type of a contract.
    struct ContractDataset: CustomTestStringConvertible {
        let platform: String
        let name: String
        var key: [String]
        var fields: [ContractField] = []

        var testDescription: String { "\(platform) \(name)" }
    }

    /// The field tables of a contract: each `| field | … |` table with the dataset named above it.
    ///
    /// Province sections are `### 4.N \`name\` — … Key: \`a\`, \`b\`.`; city resource types are a
    /// line holding only `` `name` ``; the city's events table follows `### 4.1 \`POST /openapi/v2/events\``.
    static func datasets(platform: String, file: String) throws -> [ContractDataset] {
        let text = try String(contentsOfFile: Fixtures.path("contracts/\(file)"), encoding: .utf8)
        var datasets: [ContractDataset] = []
        var current: ContractDataset?
        var inTable = false
        var typeColumn = 0
        let provinceHeading = /^### 4\.\d `(\w+)` .*Key: (.+)\.$/
        let cityType = /^`(\w+)`$/
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let match = line.wholeMatch(of: provinceHeading) {
                let keys = match.2.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
                current = ContractDataset(platform: platform, name: String(match.1), key: keys)
            } else if let match = line.wholeMatch(of: cityType) {
                // §3.1: "Each object replaces the stored resource with the same `id`."
                current = ContractDataset(platform: platform, name: String(match.1), key: ["id"])
            } else if line.hasPrefix("### 4.1 `POST /openapi/v2/events`") {
                // §4.1: "An event with an `eventId` already stored is updated in place."
                current = ContractDataset(platform: platform, name: "events", key: ["eventId"])
            }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.first == "field" {
                inTable = current != nil
                typeColumn = try #require(cells.firstIndex(of: "type"))
                continue
            }
            guard inTable, line.hasPrefix("|") else {
                if inTable, let finished = current {
                    datasets.append(finished)
                    current = nil
                }
                inTable = false
                continue
            }
            if cells.allSatisfy({ $0.allSatisfy { $0 == "-" } }) { continue }
            let rule = cells[cells.count - 1]
            let presence: ContractField.Presence =
                rule.hasPrefix("optional") ? .optional
                : rule.hasPrefix("required when") || rule.hasPrefix("required for") ? .conditional
                : rule.hasPrefix("required") ? .required : .optional
            for name in cells[0].split(separator: ",") {
                current?.fields.append(ContractField(
                    name: name.trimmingCharacters(in: .whitespaces), type: cells[typeColumn], presence: presence
                ))
            }
        }
        if inTable, let finished = current { datasets.append(finished) }
        return datasets
    }

    static let contractDatasets: [ContractDataset] = {
        let province = (try? datasets(platform: "province", file: "province-exchange-v1.md")) ?? []
        let city = (try? datasets(platform: "city", file: "city-openapi-v2.md")) ?? []
        return province + city
    }()

    /// Every target mapping file, compiled, by platform folder.
    static func targetMappings() throws -> [(platform: String, file: String, mapping: CompiledMapping)] {
        let compiler = MappingCompiler(schema: try MappingTestSupport.realSchema.get())
        let root = RepositoryPaths.path("mappings/targets")
        var found: [(String, String, CompiledMapping)] = []
        for platform in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
            let folder = root + "/" + platform
            for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".yaml") {
                found.append((platform, file, try compiler.compile(path: folder + "/" + file)))
            }
        }
        return found
    }

    /// The contract's word for the JSON a rule produces: a code is a string at the city, an
    /// epoch-millisecond time an int, a province datetime its `yyyy-MM-dd HH:mm:ss` text.
    static func wireType(_ rule: FieldRule, platform: String) -> String {
        switch rule.type {
        case .string: "string"
        case .code: platform == "province" ? "code" : "string"
        case .integer: "int"
        case .decimal: "number"
        case .date: "date"
        case .datetime:
            switch rule.timeFormat {
            case .epochMilliseconds?: "int"
            case .dateTime?: "datetime"
            default: "RFC 3339, which neither platform takes"
            }
        case .boolean, .point, .area: "\(rule.type), which neither platform takes"
        }
    }

    @Test("the contracts' tables are read: five province datasets and five city types")
    func contractsRead() {
        #expect(Self.contractDatasets.map(\.testDescription) == [
            "province rfgc", "province jbsm", "province zyd", "province zhss", "province hjjc",
            "city shelter", "city siren", "city team", "city facility", "city events",
        ])
        #expect(Self.contractDatasets.map(\.fields.count) == [18, 10, 8, 9, 7, 14, 8, 6, 8, 12])
    }

    @Test("each target mapping compiles, sits in its platform's folder and feeds a dataset of the contracts")
    func everyMappingHasAContractDataset() throws {
        let known = Set(Self.contractDatasets.map { "\($0.platform) \($0.name)" })
        for (platform, file, mapping) in try Self.targetMappings() {
            #expect(mapping.kind == .target, "\(platform)/\(file)")
            #expect(mapping.output.platform == platform, "\(platform)/\(file) declares platform \(mapping.output.platform ?? "none")")
            #expect(known.contains("\(platform) \(mapping.output.name)"), "\(platform)/\(file) feeds \(mapping.output.name), which the contract does not have")
            #expect(file == mapping.output.name + ".yaml", "\(platform)/\(file) feeds \(mapping.output.name): name the file after it")
        }
    }

    @Test("exactly one target mapping per dataset, whose output is the contract's", arguments: contractDatasets)
    func datasetHasItsMapping(_ dataset: ContractDataset) throws {
        let matches = try Self.targetMappings().filter { $0.platform == dataset.platform && $0.mapping.output.name == dataset.name }
        try #require(matches.count == 1, "\(matches.count) target mappings feed \(dataset.testDescription)")
        let output = matches[0].mapping.output
        #expect(output.fields.map(\.name) == dataset.fields.map(\.name))
        #expect(output.key == dataset.key)
        for (field, row) in zip(output.fields, dataset.fields) where field.name == row.name {
            #expect(Self.wireType(field.rule, platform: dataset.platform) == row.type, "\(dataset.testDescription).\(row.name)")
            // A conditional field is optional in its rule; the mapping's record rules decide.
            #expect(field.required == (row.presence == .required), "\(dataset.testDescription).\(row.name) required")
        }
    }

    @Test("a conditional field has record rules that decide it", arguments: [
        ("province", "jbsm", "gzms", 2), ("province", "zhss", "jd", 1), ("province", "zhss", "wd", 1),
    ])
    func conditionalFieldsHaveRules(platform: String, dataset: String, field: String, rules: Int) throws {
        let contract = try #require(Self.contractDatasets.first { $0.platform == platform && $0.name == dataset })
        #expect(contract.fields.first { $0.name == field }?.presence == .conditional)
        let mapping = try TargetMapping(platform, dataset).mapping
        #expect(mapping.rules.checks.filter { Self.isAbout(field, $0.check) }.count == rules)
    }

    /// Whether a require or forbid rule is about `field`.
    static func isAbout(_ field: String, _ check: RecordCheck) -> Bool {
        switch check {
        case let .require(name, _), let .forbid(name, _): name == field
        case .compare: false
        }
    }
}
