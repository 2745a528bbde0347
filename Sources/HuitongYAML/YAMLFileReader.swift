import Foundation

/// Reads a YAML file's bytes, refusing files over the size limit before reading them.
enum YAMLFileReader {
    /// The file's bytes, or a `fileUnreadable`/`fileTooLarge` error naming the path.
    static func read(path: String, maxBytes: Int) throws(YAMLError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw YAMLError(.fileUnreadable, "cannot read the file: it does not exist; check the path", file: path)
        }
        guard !isDirectory.boolValue else {
            throw YAMLError(.fileUnreadable, "cannot read the file: it is a directory; name a .yaml file inside it", file: path)
        }
        // The size on disk is checked first so a huge file is never read into memory.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
           size.int64Value > Int64(maxBytes) {
            throw tooLarge(path: path, size: "\(size.int64Value) bytes", maxBytes: maxBytes)
        }
        guard FileManager.default.isReadableFile(atPath: path), let handle = FileHandle(forReadingAtPath: path) else {
            throw YAMLError(.fileUnreadable, "cannot read the file: permission denied; check its owner and permissions", file: path)
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // One byte past the limit tells a file that grew (or a pipe) from one that fits.
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw YAMLError(.fileUnreadable, "cannot read the file: \(error.localizedDescription)", file: path)
        }
        guard data.count <= maxBytes else {
            throw tooLarge(path: path, size: "more than \(maxBytes) bytes", maxBytes: maxBytes)
        }
        return [UInt8](data)
    }

    /// The error for input over `YAMLLimits.maxFileBytes`, shared with in-memory loading.
    static func tooLarge(path: String, size: String, maxBytes: Int) -> YAMLError {
        YAMLError(
            .fileTooLarge,
            "the file is \(size), over the limit of \(maxBytes) bytes for a YAML file; configuration files should be far smaller, check that this is the right file",
            file: path
        )
    }
}
