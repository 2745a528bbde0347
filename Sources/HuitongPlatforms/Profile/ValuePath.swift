import HuitongCore

/// A dotted path into a JSON answer (`data.rejected`, `result.accessToken`), as profiles
/// name the places where a platform puts its verdicts.
package struct ValuePath: Sendable, Hashable, CustomStringConvertible {
    package let components: [String]

    /// Splits `text` on dots; every component must be non-empty.
    package init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !text.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        components = parts
    }

    /// The value at this path, or nil when a member is missing or a step is not an object.
    package func value(in root: Value) -> Value? {
        var current = root
        for component in components {
            guard let next = current[component] else { return nil }
            current = next
        }
        return current
    }

    package var description: String { components.joined(separator: ".") }
}
