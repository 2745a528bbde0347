/// The ledger's on-disk format version, written into every manifest.
public enum LedgerFormat {
    public static let identifier = "huitong-ledger/1"
}
