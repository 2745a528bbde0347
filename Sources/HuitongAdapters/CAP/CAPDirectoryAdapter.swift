import Foundation
import HuitongCore

/// Reads the city's early-warning drop directory: one OASIS CAP 1.2 alert per file
/// (sources.md §5).
///
/// - Files: those whose extension is one of `fileExtensions` (`xml` and `cap` unless
///   configured), in file-name order (the byte order of the UTF-8 names). Never read: hidden
///   files (a leading `.`) and `*.tmp` files, which the release system is still writing, nor
///   directories, FIFOs and other entries that are not regular files. Other names, such as a
///   README, are not part of the source.
/// - Items: each file read becomes exactly one item with `RecordOrigin(file: <file name>)`: a
///   record of strings (`identifier`, `sender`, `sent`, `status`, `msgType`, `event`,
///   `category`, `severity`, `urgency`, `certainty`, `onset`, `headline`, `description`,
///   `areaDesc`, `polygon`, `circle`, `geocode_gb2260`; absent ones left out), or an
///   unreadable item whose reason says what is wrong and where (see ``CAPAlertReader``).
///   Filtering on `status` and turning areas into coordinates is the mapping's work.
/// - Checkpoint: the SHA-256 of each file's content (``CAPCheckpoint``); a run delivers only
///   files that are new or whose content changed since the checkpoint it is given, and returns
///   the checkpoint for the directory as it found it.
/// - Memory: one file at a time, at most `maximumFileBytes` of it, and `batchSize` items.
/// - Safety: no file or URL a document refers to is ever opened; a document with a DOCTYPE
///   is set aside (``XMLPrologGuard``).
///
/// Throws ``SourceError`` when the directory cannot be listed or the checkpoint is not one it
/// wrote; a single file that cannot be opened is an unreadable item, and the run goes on (it
/// is tried again next run). A file that opens but cannot be read to its end (an I/O error)
/// makes the read incomplete, with exit status 4: the disk is failing, and a half-read alert
/// must be neither set aside as malformed nor remembered as read.
package struct CAPDirectoryAdapter: SourceAdapter {
    /// The directory the release system writes alert files into.
    package let directory: String
    /// Items per call to `deliver`.
    package let batchSize: Int
    /// Extensions of alert files, lowercase and without the dot; matched case-insensitively.
    package let fileExtensions: Set<String>
    /// Files larger than this are set aside unread (an alert is a few kilobytes; a CAP file
    /// with embedded resources a few megabytes).
    package let maximumFileBytes: Int

    /// - Precondition: `batchSize` and `maximumFileBytes` are positive.
    package init(
        directory: String,
        batchSize: Int = 100,
        fileExtensions: Set<String> = ["xml", "cap"],
        maximumFileBytes: Int = 16 << 20
    ) {
        precondition(batchSize > 0, "a CAP batch needs at least one item")
        precondition(maximumFileBytes > 0, "the CAP file size limit must be positive")
        self.directory = directory
        self.batchSize = batchSize
        self.fileExtensions = Set(fileExtensions.map { $0.lowercased() })
        self.maximumFileBytes = maximumFileBytes
    }

    package func read(
        since checkpoint: Value?,
        deliver: (_ batch: [SourceItem]) async throws -> Void
    ) async throws -> SourceRead {
        let previous = try CAPCheckpoint(checkpoint, source: directory)
        var next = CAPCheckpoint()
        var batch: [SourceItem] = []
        batch.reserveCapacity(batchSize)
        for name in try alertFileNames() {
            try Task.checkCancellation()
            switch readIfChanged(name, previous: previous, next: &next) {
            case .nothing:
                continue
            case .item(let item):
                batch.append(item)
            case .stopped(let incomplete):
                if !batch.isEmpty { try await deliver(batch) }
                return .incomplete(incomplete)
            }
            if batch.count == batchSize {
                try await deliver(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await deliver(batch) }
        return .complete(checkpoint: next.value)
    }

    /// What one directory entry gives a read.
    private enum FileOutcome {
        /// Not an alert file after all, or one whose content the checkpoint already has.
        case nothing
        case item(SourceItem)
        /// The file could not be read to its end: the read stops.
        case stopped(IncompleteRead)
    }

    /// The item for one file when its content is not the one `previous` remembers; records
    /// the file's hash in `next` in any case where it could be read.
    private func readIfChanged(_ name: String, previous: CAPCheckpoint, next: inout CAPCheckpoint) -> FileOutcome {
        let origin = RecordOrigin(file: name)
        switch CAPAlertFile.contents(ofPath: directoryURL.appendingPathComponent(name).path, maximumBytes: maximumFileBytes) {
        case .vanished, .notRegularFile:
            return .nothing
        case .openFailed(let message):
            return .item(.unreadable(origin: origin, reason: CAPReadFailure.fileNotReadable(message).description))
        case .readFailed(let byteCount, let reason):
            return .stopped(IncompleteRead(
                origin: origin,
                reason: "the alert file could not be read to its end: reading failed after \(byteCount) bytes (\(reason))",
                fix: "check the disk or mount of \(directory) (copy the file elsewhere to test), then run again",
                exitStatus: .runtimeFailure
            ))
        case .tooLarge(let byteCount, let sha256):
            next.contentHashes[name] = sha256
            guard previous.contentHashes[name] != sha256 else { return .nothing }
            let failure = CAPReadFailure.tooLarge(byteCount: byteCount, limit: maximumFileBytes)
            return .item(.unreadable(origin: origin, reason: failure.description))
        case .content(let bytes, let sha256):
            next.contentHashes[name] = sha256
            guard previous.contentHashes[name] != sha256 else { return .nothing }
            do {
                return .item(.record(try CAPAlertReader.record(from: bytes), origin: origin))
            } catch {
                return .item(.unreadable(origin: origin, reason: error.description))
            }
        }
    }

    /// The alert files' names in file-name order.
    private func alertFileNames() throws(SourceError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw SourceError(.notFound, source: directory, message: "the alert directory does not exist; check the source's path")
        }
        guard isDirectory.boolValue else {
            throw SourceError(.notADirectory, source: directory, message: "this is a file, not the alert directory; check the source's path")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw SourceError(
                .unreadable,
                source: directory,
                message: "cannot list the alert directory (\(error.localizedDescription)); check its permissions"
            )
        }
        return names.filter(isAlertFileName).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Whether a directory entry's name is that of an alert file.
    private func isAlertFileName(_ name: String) -> Bool {
        let lowercased = name.lowercased()
        // Hidden files are editors' and sync tools' business; `.tmp` files are still being written.
        guard !name.hasPrefix("."), !lowercased.hasSuffix(".tmp"),
              let dot = lowercased.lastIndex(of: ".")
        else { return false }
        return fileExtensions.contains(String(lowercased[lowercased.index(after: dot)...]))
    }

    private var directoryURL: URL {
        URL(fileURLWithPath: directory, isDirectory: true)
    }
}
