import Foundation
import HuitongCore
import HuitongHub
import HuitongLedger
import HuitongTestSupport
import Testing
import HuitongPlatforms

@Suite struct FullSyncTests {
    static let targets: [(job: String, target: String, platform: String, dataset: String)] = [
        ("shelters", "province-rfgc", "province", "rfgc"), ("shelters", "city-shelter", "city", "shelter"),
        ("sirens", "province-jbsm", "province", "jbsm"), ("sirens", "city-siren", "city", "siren"),
        ("teams", "province-zyd", "province", "zyd"), ("teams", "city-team", "city", "team"),
        ("facilities", "province-zhss", "province", "zhss"), ("facilities", "city-facility", "city", "facility"),
        ("sensors", "province-hjjc", "province", "hjjc"), ("alerts", "city-events", "city", "events"),
    ]

    @Test func allSixSourcesReachBothPlatformsExactlyAndASecondRunSendsNothing() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        let runner = bed.runner(configuration)
        for job in configuration.jobs {
            let report = try await runner.run(job)
            #expect(report.status != .incomplete, "\(job.name): \(report.targets.flatMap(\.failures))")
            for target in report.targets {
                #expect(target.rejected == 0, "\(job.name) \(target.name): \(target.failures)")
                #expect(target.notSent == 0, "\(job.name) \(target.name): \(target.failures)")
                #expect(target.accepted == target.upserts + target.deletes)
            }
        }
        for (job, target, platform, dataset) in Self.targets {
            let stored = try await bed.stored(configuration, platform: platform, dataset: dataset)
            let expected = try await bed.expected(configuration, job: job, target: target)
            #expect(!expected.isEmpty)
            #expect(stored == expected, "\(target): the platform holds \(stored.count) records, the mappings make \(expected.count)")
        }

        let ledger = try LedgerVerifier(directory: configuration.ledgerDirectory).verify()
        #expect(ledger.isIntact, "\(ledger.problems)")
        #expect(ledger.entryCount == 10, "one entry per exchange (job, target)")
        let rfgc = try #require(try LedgerReader(directory: configuration.ledgerDirectory).latestEntry(job: "shelters", target: "province-rfgc", test: false))
        let stored = try await bed.stored(configuration, platform: "province", dataset: "rfgc")
        let dataset = try LedgerReader(directory: configuration.ledgerDirectory).datasetRecords(of: rfgc)
        var ledgerKeys: [String] = []
        while let record = try dataset.next() { ledgerKeys.append(record.key) }
        #expect(ledgerKeys == stored.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "the ledger holds the dataset the platform holds, sorted by key")

        for job in configuration.jobs {
            let again = try await runner.run(job)
            #expect(again.status != .incomplete)
            for target in again.targets {
                #expect(target.upserts == 0 && target.deletes == 0 && target.requests == 0, "\(job.name) \(target.name) sent again")
            }
        }
        // Storage grows with change, not with runs: the unchanged registers are not copied again (the
        // second entry is its manifest and the rejects file, which lists the same set-aside rows again).
        let reader = LedgerReader(directory: configuration.ledgerDirectory)
        for target in ["province-rfgc", "city-shelter"] {
            let entries = try reader.entries().filter { (try? $0.manifest.get().subject.target) == target }
            try #require(entries.count == 2, "\(target): \(entries.map(\.directoryName))")
            let (first, second) = (entries[0], entries[1])
            #expect(try second.manifest.get().files.datasetStoredIn == first.directoryName, "\(target)")
            let firstBytes = try Self.bytes(in: first.path), secondBytes = try Self.bytes(in: second.path)
            #expect(firstBytes > 100_000 && secondBytes < 16_384, "\(target): the first exchange's entry holds \(firstBytes) bytes, the unchanged one's \(secondBytes)")
        }
        #expect(try LedgerVerifier(directory: configuration.ledgerDirectory).verify().isIntact)
    }

    static func bytes(in directory: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: directory).reduce(0) { total, name in
            total + ((try FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int) ?? 0)
        }
    }

    @Test func aChangedAnAddedAndARemovedRecordAreOneUpsertOneUpsertAndOneDelete() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        let runner = bed.runner(configuration)
        let job = try #require(configuration.job(named: "teams"))
        _ = try await runner.run(job)

        let path = bed.directory + "/sources/teams.json"
        var teams = try #require(try JSONReader().value(from: Array(try Data(contentsOf: URL(fileURLWithPath: path)))).arrayValue)
        let valid = try await bed.expected(configuration, job: "teams", target: "province-zyd")
        // Change the first team that reaches the platform, remove the second, add a copy of a third.
        let firstKey = try #require(valid.keys.sorted().first)
        let secondKey = try #require(valid.keys.sorted().dropFirst().first)
        let idField = "teamId"
        for index in teams.indices {
            guard case var .object(team) = teams[index] else { continue }
            if team[idField]?.stringValue == firstKey {
                team["members"] = .integer((team["members"]?.integerValue ?? 1) + 3)
                teams[index] = .object(team)
            }
        }
        teams.removeAll { $0[idField]?.stringValue == secondKey }
        if case var .object(copy)? = teams.first(where: { $0[idField]?.stringValue == valid.keys.sorted().last }) {
            copy[idField] = .string("TEAM-NEW-001")
            teams.append(.object(copy))
        }
        try Data(try JSONWriter(style: .pretty).bytes(for: .array(teams))).write(to: URL(fileURLWithPath: path))

        let report = try await runner.run(job)
        for target in report.targets {
            #expect(target.upserts == 2, "\(target.name)")
            #expect(target.deletes == 1, "\(target.name)")
            #expect(target.accepted == 3, "\(target.name)")
        }
        for (target, platform, dataset) in [("province-zyd", "province", "zyd"), ("city-team", "city", "team")] {
            let stored = try await bed.stored(configuration, platform: platform, dataset: dataset)
            let expected = try await bed.expected(configuration, job: "teams", target: target)
            #expect(stored == expected, "\(target)")
            #expect(stored[secondKey] == nil)
        }
    }
}

@Suite struct JointTestAndSecretsTests {
    @Test func aJointTestRunIsStoredApartAtTheProvinceAndKeepsStateOfItsOwn() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        let job = try #require(configuration.job(named: "teams"))
        let report = try await bed.runner(configuration).run(job, options: .init(test: true))
        #expect(report.test && report.status != .incomplete)
        let connector = try bed.connector(configuration, "province")
        var testKeys = 0
        try await connector.readBack(dataset: "zyd", test: true) { testKeys += $0.count }
        #expect(testKeys == 40)
        #expect(try await bed.stored(configuration, platform: "province", dataset: "zyd").isEmpty, "production untouched")
        // Production state knows nothing yet: a production run sends everything.
        let production = try await bed.runner(configuration).run(job)
        #expect(production.targets.allSatisfy { $0.upserts == 40 })
    }

    @Test func noSecretReachesTheStateTheLedgerOrTheReports() async throws {
        let bed = try TestOffice.withSamples()
        let configuration = try bed.configuration()
        var reports = ""
        for job in configuration.jobs {
            let report = try await bed.runner(configuration).run(job)
            reports += try JSONWriter().string(for: report.json)
        }
        var everything = reports
        let manager = FileManager.default
        for root in [configuration.stateDirectory, configuration.ledgerDirectory] {
            for file in manager.subpaths(atPath: root) ?? [] {
                if let data = manager.contents(atPath: root + "/" + file) { everything += String(decoding: data, as: UTF8.self) }
            }
        }
        #expect(everything.count > 100_000)
        for secret in [SandboxCredentials.province.secret, SandboxCredentials.city.secret, "Bearer ", "X-Signature", "clientSecret"] {
            #expect(!everything.contains(secret), "\(secret) leaked")
        }
    }
}
