import HuitongCore

/// The SHA-256 of everything that decided what was sent: the configuration, each mapping
/// and each code table, so an auditor can tell which versions an exchange used.
///
/// Hash the files' bytes as they were loaded. Names are the caller's choice (paths relative
/// to the repository, such as `mappings/sources/shelter-registry.yaml`, read best).
package struct ExchangeInputs: Sendable, Hashable {
    /// The configuration file (`huitong.yaml`). Hash its bytes: credentials are references
    /// (`${env:…}`) there, never values, and the hash does not reveal the file anyway.
    package var configurationSHA256: Digest
    /// Each mapping used (source and target), by name.
    package var mappings: [String: Digest]
    /// Each code table used, by name.
    package var codeTables: [String: Digest]

    package init(configurationSHA256: Digest, mappings: [String: Digest] = [:], codeTables: [String: Digest] = [:]) {
        self.configurationSHA256 = configurationSHA256
        self.mappings = mappings
        self.codeTables = codeTables
    }
}
