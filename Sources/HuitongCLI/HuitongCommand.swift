import HuitongCore

/// Entry point of the `huitong` command (being written).
public enum HuitongCommand {
    public static func main(arguments: [String]) async -> Int32 { 0 }
}
