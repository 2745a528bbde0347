import Foundation
import HuitongCore

/// The run marker, `run/run.json`: written whole (beside, flushed, renamed) once a run is
/// staged and planned, so it is either absent — no run waits to be finished — or complete.
enum RunMarker {
    /// The marker at `paths.runMarker`, or nil when there is none. One that is there but cannot
    /// be read is damage, never "no run": taken for none, the run directory (its journal of
    /// answers included) would be discarded and the run staged again under new keys.
    static func read(_ paths: JobPaths, job: String) throws(HubError) -> Value? {
        let path = paths.runMarker
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let bytes = DurableFiles.read(path) else { throw HubError.disk("cannot read the run marker \(path)", EIO) }
        do {
            return try JSONReader().value(from: bytes)
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
