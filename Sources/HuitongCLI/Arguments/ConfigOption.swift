import HuitongHub

extension OptionSpec {
    /// `--config FILE`, for commands that read `huitong.yaml`.
    static let config = OptionSpec(
        name: "config", kind: .value(placeholder: "FILE"),
        help: "the configuration file (default: ./\(HubConfiguration.defaultPath))"
    )
}

extension ParsedArguments {
    var configurationPath: String { value(OptionSpec.config.name) ?? HubConfiguration.defaultPath }
}
