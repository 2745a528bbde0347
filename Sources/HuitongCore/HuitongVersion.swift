/// Huitong's own release, printed by `huitong --version` and recorded in ledger manifests.
package enum HuitongVersion {
    package static let current = "0.1.0"
}
