/// How an exchange brought the platform up to date.
package enum ExchangeMode: String, Sendable, Hashable, CaseIterable {
    /// The platform's dataset was made equal to the source: new and changed records upserted,
    /// vanished records deleted.
    case sync
    /// Records were only added or updated; nothing was deleted.
    case append
}
