import HuitongCore

/// What a source plugin is and takes, as its manifest (`plugins/sources/NAME/plugin.yaml`, or
/// the text a built-in adapter registers) declares it: checked when it is loaded, so a job
/// that names the plugin is held against its options before anything is read.
package struct PluginManifest: Sendable {
    /// `source` feeds a job; platforms are described by their profiles (`plugins/platforms/`).
    package enum Kind: String, Sendable, CaseIterable {
        case source
    }

    /// How the plugin runs.
    package enum Runtime: Sendable, Equatable {
        /// A built-in adapter of the hub, by its name in ``AdapterRegistry``.
        case builtin(String)
        /// An executable that speaks the Singer specification (``SingerTapAdapter``).
        case process(ProcessRuntime)

        package var description: String {
            switch self {
            case let .builtin(name): "builtin \(name)"
            case .process: "process (singer)"
            }
        }
    }

    /// How a process plugin is run and bounded.
    package struct ProcessRuntime: Sendable, Equatable {
        /// The executable and its first arguments; a word naming a file in the plugin's
        /// directory is that file's path.
        package let command: [String]
        /// Whether the tap is run with `--discover` first, its catalog passed on.
        package let discover: Bool
        /// `catalog` (today's taps) or `properties` (older ones): how the catalog is passed.
        package let catalogFlag: String
        /// The environment variables handed to the plugin besides PATH, HOME, LANG, LC_ALL and TZ.
        package let environment: [String]
        /// The stream read when a job names none.
        package let stream: String?
        package let timeLimitSeconds: Int
        package let maxLineBytes: Int
        package let maxOutputBytes: Int
    }

    package let name: String
    package let version: String
    package let kind: Kind
    package let description: String
    package let runtime: Runtime
    /// A read covers only what is new since the adapter's checkpoint, so records it does not
    /// see are not gone: no deletes are derived from it.
    package let incremental: Bool
    /// The schema entity the plugin's records become (the default mapping's output), if it
    /// feeds one entity only.
    package let entity: String?
    /// The source mapping a job uses when it names none, relative to the mappings directory.
    package let mapping: String?
    /// In the order the manifest declares them.
    package let options: [PluginOption]
    /// The manifest's file, or `built-in` for a built-in adapter's own manifest.
    package let file: String

    package func option(named name: String) -> PluginOption? {
        options.first { $0.name == name }
    }

    /// The names a job may write in its `source:` besides `adapter` (and `mapping`).
    package var optionNames: [String] { options.map(\.name) }
}

/// One option a plugin takes: its type, whether a job must give it, its default, and whether
/// it is a secret (then a job writes it as `${env:NAME}` or `${file:PATH}`, and it is masked in
/// every message).
package struct PluginOption: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable {
        /// Text.
        case string
        /// A whole number.
        case integer
        /// Any number.
        case number
        /// true or false.
        case boolean
        /// A file or directory, relative to the configuration's directory; it must exist.
        case path
        /// An http(s) URL with a host.
        case url
        /// A list of values.
        case list
        /// A mapping of keys to values.
        case object

        /// How a job writes a value of this kind, for messages.
        var phrase: String {
            switch self {
            case .string: "text"
            case .integer: "a whole number"
            case .number: "a number"
            case .boolean: "true or false"
            case .path: "a file or directory, relative to huitong.yaml"
            case .url: "an http(s) URL"
            case .list: "a list"
            case .object: "a mapping of keys to values"
            }
        }
    }

    package let name: String
    package let kind: Kind
    package let required: Bool
    package let defaultValue: Value?
    package let secret: Bool
    /// The values a string option may take; empty: any.
    package let allowed: [String]
    /// The least value of an integer option.
    package let minimum: Int?
    package let description: String

    package init(
        name: String, kind: Kind, required: Bool = false, defaultValue: Value? = nil, secret: Bool = false,
        allowed: [String] = [], minimum: Int? = nil, description: String = ""
    ) {
        self.name = name
        self.kind = kind
        self.required = required
        self.defaultValue = defaultValue
        self.secret = secret
        self.allowed = allowed
        self.minimum = minimum
        self.description = description
    }
}
