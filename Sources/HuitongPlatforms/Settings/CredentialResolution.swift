/// Whether loading a configuration reads the `${env:…}` and `${file:…}` references in it.
package enum CredentialResolution: Sendable, Equatable {
    /// Read every reference now (credentials, base URLs, proxies, source URLs, bearer tokens);
    /// one that cannot be read is a configuration error. For commands that send: `run`,
    /// `ping`, `schedule`, `check`.
    case resolve
    /// Read none: for commands that send nothing and only need names and directories
    /// (`rejects`, `ledger`). Everything else is checked as usual, a secret written literally
    /// is still refused, and the platforms' settings cannot authenticate
    /// (`PlatformSettings.credentialsResolved` is false).
    case skip
}
