import Foundation
import HuitongCore

/// Counts of the source stage.
struct StagedSource: Sendable, Equatable {
    var read = 0
    var normalised = 0
    var setAside = 0
    var skipped = 0
}

/// Counts of one target after staging and planning.
struct StagedTarget: Sendable, Equatable {
    var mapped = 0
    var setAside = 0
    var skipped = 0
    var unchanged = 0
    var upserts = 0
    var deletes = 0
    /// Of the deletes: records still in the source that this target's mapping now skips.
    var noLongerForTarget = 0
    /// What the platform holds as far as Huitong knows (the accepted index), for the delete guard.
    var held = 0
    /// Why the delete guard refused this target's deletes (a dry run keeps the plan and says so).
    var deleteRefusal: String?
}

/// The run marker, `run/run.json`: written whole (beside, flushed, renamed) once a run is
/// staged and planned, so it is either absent — no run waits to be finished — or complete. From
/// then on the run is finished by resending, never by reading the source again.
///
///     {"run": id, "job": name, "stage": "staged", "deletesAllowed": false,
///      "source": {"read", "normalised", "setAside", "skipped"},
///      "targets": {name: {"mapped", "setAside", "skipped", "unchanged", "upserts", "deletes",
///                         "noLongerForTarget", "held", "deleteRefusal"}}}
struct RunMarker: Sendable, Equatable {
    static let format = "huitong run marker"

    var run: String
    var job: String
    /// The run was started with `--allow-deletes`.
    var deletesAllowed: Bool
    var source: StagedSource
    var targets: [String: StagedTarget]

    var jsonValue: Value {
        [
            "run": .string(run), "job": .string(job), "stage": "staged", "deletesAllowed": .bool(deletesAllowed),
            "source": [
                "read": .integer(Int64(source.read)), "normalised": .integer(Int64(source.normalised)),
                "setAside": .integer(Int64(source.setAside)), "skipped": .integer(Int64(source.skipped)),
            ],
            "targets": .object(OrderedObject(uniqueKeysWithValues: targets.sorted { $0.key < $1.key }.map { name, counts in
                (name, [
                    "mapped": .integer(Int64(counts.mapped)), "setAside": .integer(Int64(counts.setAside)),
                    "skipped": .integer(Int64(counts.skipped)), "unchanged": .integer(Int64(counts.unchanged)),
                    "upserts": .integer(Int64(counts.upserts)), "deletes": .integer(Int64(counts.deletes)),
                    "noLongerForTarget": .integer(Int64(counts.noLongerForTarget)), "held": .integer(Int64(counts.held)),
                    "deleteRefusal": counts.deleteRefusal.map(Value.string) ?? .null,
                ] as Value)
            })),
        ]
    }

    init(run: String, job: String, deletesAllowed: Bool, source: StagedSource, targets: [String: StagedTarget]) {
        self.run = run
        self.job = job
        self.deletesAllowed = deletesAllowed
        self.source = source
        self.targets = targets
    }

    init(decoding value: Value) throws(FormatProblem) {
        var fields = try FormatFields(value, path: "", format: Self.format)
        run = try fields.string("run")
        job = try fields.string("job")
        let stage = try fields.string("stage")
        guard stage == "staged" else { throw FormatProblem(path: "stage", message: "is \"\(stage)\", not staged") }
        deletesAllowed = try fields.bool("deletesAllowed")
        var sourceFields = try fields.fields("source")
        source = StagedSource(
            read: try sourceFields.count("read"), normalised: try sourceFields.count("normalised"),
            setAside: try sourceFields.count("setAside"), skipped: try sourceFields.count("skipped")
        )
        try sourceFields.finish()
        guard case let .object(table) = try fields.value("targets") else {
            throw FormatProblem(path: "targets", message: "must be an object")
        }
        targets = [:]
        for (name, entry) in table {
            var counts = try FormatFields(entry, path: "targets.\(name)", format: Self.format)
            targets[name] = StagedTarget(
                mapped: try counts.count("mapped"), setAside: try counts.count("setAside"), skipped: try counts.count("skipped"),
                unchanged: try counts.count("unchanged"), upserts: try counts.count("upserts"), deletes: try counts.count("deletes"),
                noLongerForTarget: try counts.count("noLongerForTarget"), held: try counts.count("held"),
                deleteRefusal: try counts.optionalString("deleteRefusal")
            )
            try counts.finish()
        }
        try fields.finish()
    }

    /// Writes the marker whole: from here on the run is finished by resending.
    func write(_ paths: JobPaths) throws(HubError) {
        let bytes: [UInt8]
        do {
            bytes = try JSONWriter().bytes(for: jsonValue)
        } catch {
            throw HubError(.corruptState, "cannot encode the run marker: \(error)")
        }
        try DurableFiles.replace(paths.runMarker, with: bytes)
    }

    /// The marker at `paths.runMarker`, or nil when there is none. One that is there but cannot
    /// be read is damage, never "no run": taken for none, the run directory (its journal of
    /// answers included) would be discarded and the run staged again under new keys.
    static func read(_ paths: JobPaths, job: String) throws(HubError) -> RunMarker? {
        let path = paths.runMarker
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let bytes = DurableFiles.read(path) else { throw HubError.disk("cannot read the run marker \(path)", EIO) }
        do {
            return try RunMarker(decoding: try JSONReader().value(from: bytes))
        } catch {
            throw HubError.damagedRunMarker(job: job, path: path, run: paths.run, reason: "\(error)")
        }
    }
}

extension HubError {
    /// The marker of an interrupted run exists but does not parse.
    static func damagedRunMarker(job: String, path: String, run: String, reason: String) -> HubError {
        HubError(
            .damagedRunMarker,
            """
            job \(job): the run marker \(path) is damaged (\(reason)); it is written whole, so this is not an \
            interrupted write. Nothing was sent by this run. The interrupted run's answers are in the journals \
            under \(run)/. Restore the marker from a backup and run again: only the batches without an answer are \
            sent, under their keys. Or, if there is no backup, remove \(run)/ to stage the run afresh: the batches it \
            had already applied are then sent again under new keys and the platforms apply them again, which changes \
            nothing (the same records with the same content). Do not remove the rest of the state directory.
            """
        )
    }
}
