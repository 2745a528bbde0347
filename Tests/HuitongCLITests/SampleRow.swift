import HuitongCore
import HuitongTestSupport
import Testing
@testable import HuitongCLI

/// What `huitong map` made of every record of one sample source, by origin (`file:line`, or the
/// file name of a CAP alert). The hand-checked row tests map each sample once and look their rows
/// up, rather than mapping the whole sample again for every row.
struct SampleOutcomes: Sendable {
    private let entries: [String: Value]

    /// Maps `input` (under `Tests/Fixtures/sources`) with the shipped source mapping `mapping`.
    static func read(_ mapping: String, _ input: String, _ options: [String] = []) async throws -> SampleOutcomes {
        let result = await runHuitong([
            "map", "--mappings", RepositoryPaths.mappings, "-m", RepositoryPaths.path("mappings/sources/\(mapping).yaml"),
            "-i", Fixtures.path("sources/\(input)"), "--format", "jsonl", "-n", "1000000",
        ] + options)
        guard result.errors.isEmpty else { throw SandboxTestFailure("huitong map \(mapping) \(input): \(result.errors)") }
        var entries: [String: Value] = [:]
        for line in result.output.split(separator: "\n") {
            let entry = try JSONReader().value(from: String(line))
            guard let origin = entry["origin"]?.stringValue else { throw SandboxTestFailure("an outcome without an origin: \(entry)") }
            entries[origin] = entry
        }
        return SampleOutcomes(entries: entries)
    }

    /// The outcome printed for the record at `origin`, if there is one.
    subscript(origin: String) -> Value? {
        entries[origin]
    }
}

/// One hand-checked sample row: where it is, why it was chosen, and the outcome the mapping
/// agreement gives it, worked out by hand from the row's source text.
struct SampleRow: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable {
        /// The canonical record, every field in output order, and the warnings it carries.
        case mapped(Value, warnings: [Value])
        /// Every reason, in order. A reason written without a `message` is compared without one
        /// (for messages that name today's date).
        case setAside([Value])
        /// The reason the record is not for this target.
        case skipped(String)
    }

    let origin: String
    let why: String
    let expected: Expected

    var testDescription: String { "\(origin): \(why)" }

    static func mapped(_ origin: String, _ why: String, _ record: Value, warnings: [Value] = []) -> SampleRow {
        SampleRow(origin: origin, why: why, expected: .mapped(record, warnings: warnings))
    }

    static func setAside(_ origin: String, _ why: String, _ reasons: Value...) -> SampleRow {
        SampleRow(origin: origin, why: why, expected: .setAside(reasons))
    }

    static func skipped(_ origin: String, _ why: String, _ reason: String) -> SampleRow {
        SampleRow(origin: origin, why: why, expected: .skipped(reason))
    }

    /// Checks what was made of the row against the expectation: the whole record, member order
    /// included (`Value` equality alone ignores it), and its warnings; or every set-aside reason;
    /// or the skip reason. Members named in `computedPoints` are points from floating-point
    /// arithmetic (a datum conversion, a mean), compared per coordinate within `tolerance` degrees.
    func check(
        in outcomes: SampleOutcomes, computedPoints: Set<String> = [], tolerance: Double = 1e-9,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let entry = try #require(outcomes[origin], "no outcome at \(origin)", sourceLocation: sourceLocation)
        switch expected {
        case .mapped(let record, let warnings):
            #expect(entry["outcome"] == "mapped", "\(entry)", sourceLocation: sourceLocation)
            let expectedMembers = try #require(record.objectValue, sourceLocation: sourceLocation)
            var actual = try #require(entry["record"]?.objectValue, "\(entry)", sourceLocation: sourceLocation)
            #expect(actual.keys == expectedMembers.keys, "member order", sourceLocation: sourceLocation)
            for name in computedPoints {
                let (got, want) = (actual[name], expectedMembers[name])
                guard let want else {
                    #expect(got == nil, "\(name) should be absent", sourceLocation: sourceLocation)
                    continue
                }
                for axis in ["lon", "lat"] {
                    let wanted = try #require(want[axis]?.doubleValue, sourceLocation: sourceLocation)
                    let value = try #require(got?[axis]?.doubleValue, "\(name).\(axis) missing", sourceLocation: sourceLocation)
                    #expect(abs(value - wanted) < tolerance, "\(name).\(axis) \(value), expected \(wanted)", sourceLocation: sourceLocation)
                }
                actual[name] = want   // checked above; the whole-record comparison covers the rest
            }
            #expect(Value.object(actual) == record, sourceLocation: sourceLocation)
            #expect((entry["warnings"]?.arrayValue ?? []) == warnings, sourceLocation: sourceLocation)
        case .setAside(let reasons):
            #expect(entry["outcome"] == "set_aside", "\(entry)", sourceLocation: sourceLocation)
            let actual = entry["reasons"]?.arrayValue ?? []
            let compared = zip(actual, reasons).map { got, want -> Value in
                guard want["message"] == nil, var members = got.objectValue else { return got }
                members["message"] = nil
                return .object(members)
            }
            #expect(actual.count == reasons.count && compared == reasons, "\(actual)", sourceLocation: sourceLocation)
        case .skipped(let reason):
            #expect(entry["outcome"] == "skipped", "\(entry)", sourceLocation: sourceLocation)
            #expect(entry["reason"] == .string(reason), sourceLocation: sourceLocation)
        }
    }
}

/// A set-aside or warning reason as `huitong map --format jsonl` prints it.
func reason(_ field: String, _ value: Value, _ rule: String, _ message: String? = nil) -> Value {
    var members: OrderedObject = ["field": .string(field), "value": value, "rule": .string(rule)]
    if let message { members["message"] = .string(message) }
    return .object(members)
}
