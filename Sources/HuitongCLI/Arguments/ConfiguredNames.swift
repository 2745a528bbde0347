import HuitongCore
import HuitongHub

/// The jobs or platforms a command names, checked against the configuration: all of them when
/// none is named; an unknown name is reported with the known ones and the nearest as a hint.
enum ConfiguredNames {
    /// `nil` (after printing why) when a name is unknown.
    static func select<Item>(
        _ names: [String], from items: [Item], name: (Item) -> String, kind: String,
        command: String, file: String, console: Console
    ) -> [Item]? {
        guard !names.isEmpty else { return items }
        var selected: [Item] = []
        for wanted in names {
            guard let item = items.first(where: { name($0) == wanted }) else {
                let known = items.map(name)
                let hint = NameSuggestion.nearest(to: wanted, among: known).map { " Did you mean \($0)?" } ?? ""
                console.diagnostic("huitong \(command): no \(kind) \"\(wanted)\" in \(file); it has \(known.joined(separator: ", ")).\(hint)")
                return nil
            }
            selected.append(item)
        }
        return selected
    }
}
