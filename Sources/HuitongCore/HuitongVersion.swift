/// Huitong's own release, printed by `huitong --version` and recorded in ledger manifests.
public enum HuitongVersion {
    public static let current = "0.1.0"
}
