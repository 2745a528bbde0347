import Foundation
import HuitongYAML

/// The `mappings/` directory of a Huitong checkout or installation and the folders in it:
/// `schema/`, `codes/`, `sources/`, `targets/`.
///
/// Commands take `--mappings DIR`, defaulting to `./mappings` (``defaultPath``), rather than
/// searching upwards, so that what is loaded is always what the operator named.
package struct MappingsDirectory: Sendable, Hashable {
    /// `mappings`, relative to the current directory.
    package static let defaultPath = "mappings"

    /// The directory as the operator named it.
    package let path: String

    package init(path: String = MappingsDirectory.defaultPath) {
        self.path = path
    }

    /// `schema/`: `schema.yaml` and one file per entity.
    package var schemaDirectory: String { subdirectory("schema") }
    /// `codes/`: the code tables.
    package var codesDirectory: String { subdirectory("codes") }
    /// `sources/`: source → schema mappings.
    package var sourcesDirectory: String { subdirectory("sources") }
    /// `targets/`: schema → platform mappings, one folder per platform.
    package var targetsDirectory: String { subdirectory("targets") }

    private func subdirectory(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }

    /// The YAML files (`*.yaml`, `*.yml`) under `directory`, recursively, hidden folders and
    /// files skipped, as `(relative path, full path)` sorted by relative path (byte order), so
    /// that loading and hashing see the files in the same order everywhere.
    static func yamlFiles(under directory: String) -> [(relative: String, path: String)] {
        let subpaths = FileManager.default.subpaths(atPath: directory) ?? []
        return subpaths
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { (relative: $0, path: directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0) }
    }

    /// Whether `path` is an existing directory.
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The one document of the YAML file at `path`, or `nil` with its problems recorded.
    static func document(at path: String, into errors: inout ErrorCollector) -> YAMLNode? {
        do {
            return try YAMLLoader.loadSingleDocument(path: path)
        } catch {
            error.errors.forEach { errors.add($0) }
            return nil
        }
    }
}
