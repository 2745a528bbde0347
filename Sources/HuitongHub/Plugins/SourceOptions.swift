import Foundation
import HuitongCore
import HuitongPlatforms
import HuitongYAML

/// The options a job gives its source plugin, checked against the plugin's manifest and with
/// its defaults filled in: paths made absolute, references (`${env:}`, `${file:}`) resolved.
/// Secrets are held apart, as ``Secret``s, so they cannot reach a message by accident.
package struct SourceOptions: Sendable {
    /// Every option with a value (given or by default) but the secrets.
    package internal(set) var values: [String: Value] = [:]
    package internal(set) var secrets: [String: Secret] = [:]

    package init(values: [String: Value] = [:], secrets: [String: Secret] = [:]) {
        self.values = values
        self.secrets = secrets
    }

    package func string(_ name: String) -> String? { values[name]?.stringValue }

    package func integer(_ name: String) -> Int? {
        if case let .integer(number)? = values[name] { return Int(number) }
        return nil
    }

    package func secret(_ name: String) -> Secret? { secrets[name] }

    /// The options for messages and the run's progress: `path=…, encoding=…`, in the
    /// manifest's order; a secret shows as `***`.
    package func summary(in manifest: PluginManifest) -> String {
        manifest.options.compactMap { option -> String? in
            if option.secret { return secrets[option.name] == nil ? nil : "\(option.name)=***" }
            guard let value = values[option.name] else { return nil }
            var text = value.stringValue ?? ((try? JSONWriter().string(for: value)) ?? "")
            if option.kind == .url, let url = URL(string: text) {
                // A resolved URL may carry a password or a key: only scheme, host, port and path.
                text = "\(url.scheme ?? "http")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")\(url.path)"
            }
            return "\(option.name)=\(text)"
        }.joined(separator: ", ")
    }
}

/// Checks of one option value against its declaration, shared by manifests (their defaults)
/// and jobs (the values they give).
enum OptionValues {
    /// What is wrong with `value` for an option of `kind`, as the end of a sentence ("is not
    /// a whole number"); nil when it fits.
    static func problem(of value: Value, kind: PluginOption.Kind, allowed: [String], minimum: Int?) -> String? {
        switch kind {
        case .string, .path, .url:
            guard let text = value.stringValue else { return "must be \(kind.phrase)" }
            if !allowed.isEmpty, !allowed.contains(text) {
                let hint = NameSuggestion.nearest(to: text, among: allowed).map { " (did you mean \"\($0)\"?)" } ?? ""
                return "is \"\(text)\"; it is one of \(allowed.joined(separator: ", "))\(hint)"
            }
            if kind == .url, !text.hasPrefix("${"), urlProblem(text) != nil { return urlProblem(text) }
            return nil
        case .integer:
            guard case let .integer(number) = value else { return "must be a whole number" }
            if let minimum, number < minimum { return "is \(number); it is at least \(minimum)" }
            return nil
        case .number:
            switch value {
            case .integer, .double: return nil
            default: return "must be a number"
            }
        case .boolean:
            guard case .bool = value else { return "must be true or false" }
            return nil
        case .list:
            guard case .array = value else { return "must be a list" }
            return nil
        case .object:
            guard case .object = value else { return "must be a mapping of keys to values" }
            return nil
        }
    }

    /// What is wrong with a URL an option gives; nil for `http(s)://host[:port][/path]`.
    static func urlProblem(_ text: String) -> String? {
        if text.hasPrefix("${") {
            return "is not a reference Huitong reads: write ${env:NAME} or ${file:PATH} (in lower case), or the URL itself"
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            return "must be http(s)://host[:port]/path"
        }
        return nil
    }

    /// Reads the options of a job's `source:` node against `manifest`: every key but
    /// `adapter` must be an option of the plugin (nearest name suggested), every
    /// value must fit its declaration, every required option must be there, a secret must be a
    /// reference and is resolved only when `resolution` says so.
    static func read(
        _ fields: [YAMLMappingEntry], of manifest: PluginManifest, source: YAMLNode, directory: String,
        environment: [String: String], resolution: CredentialResolution, into errors: inout YAMLErrorCollector
    ) -> SourceOptions? {
        var options = SourceOptions()
        // A secret under a misspelt name is not known to be one, so line redaction cannot mask
        // it: for a plugin with secrets and a key it does not know, no error shows a line.
        let hidesLines = manifest.options.contains(where: \.secret) && fields.contains { entry in
            let key = entry.key.scalar?.text ?? ""
            return key != "adapter" && manifest.option(named: key) == nil
        }
        func located(_ node: YAMLNode, _ code: YAMLError.Code, _ message: String) -> YAMLError {
            hidesLines ? node.errorWithoutExcerpt(code, message) : node.error(code, message)
        }
        var given: Set<String> = []
        var failed = false
        for entry in fields {
            let key = entry.key.scalar?.text ?? ""
            if key == "adapter" { continue }
            guard let option = manifest.option(named: key) else {
                let names = manifest.optionNames
                let hint = NameSuggestion.nearest(to: key, among: names).map { "did you mean \"\($0)\"? " } ?? ""
                let takes = names.isEmpty ? "it takes no options" : "it takes \(names.joined(separator: ", "))"
                let message = "the source plugin \(manifest.name) has no option \(entry.key.quotedKeyText()); \(hint)\(takes)"
                // A misspelt secret's value would show on the excerpt line: a plugin with secrets gets none.
                errors.add(located(entry.key, .unknownKey, message))
                failed = true
                continue
            }
            given.insert(key)
            if option.secret {
                guard let text = entry.value.scalar?.text, !entry.value.isNull else {
                    errors.add(entry.value.errorWithoutExcerpt(.typeMismatch, "\(key) is a secret: write ${env:NAME} or ${file:PATH}"))
                    failed = true
                    continue
                }
                let reference = CredentialReference(parsing: text)
                if case .literal = reference {
                    errors.add(entry.value.errorWithoutExcerpt(.invalidValue, "\(key) is a secret: write ${env:NAME} or ${file:PATH}, never the secret itself"))
                    failed = true
                    continue
                }
                guard resolution == .resolve else { continue }
                do {
                    let resolved = try reference.resolve(environment: environment, baseDirectory: directory)
                    if option.kind == .url, let problem = urlProblem(resolved) {
                        errors.add(entry.value.errorWithoutExcerpt(.invalidValue, "\(key) (from \(reference)) \(problem)"))
                        failed = true
                        continue
                    }
                    options.secrets[key] = Secret(resolved)
                } catch {
                    errors.add(entry.value.errorWithoutExcerpt(.invalidValue, "\(key): \(error.description)"))
                    failed = true
                }
                continue
            }
            var value = entry.value.constantValue
            if option.kind == .url, let text = value.stringValue, case .literal = CredentialReference(parsing: text) {
                // A plain URL: checked below as it is.
            } else if option.kind == .url, let text = value.stringValue {
                // A URL kept outside the configuration (it may carry a key in its query).
                switch resolution {
                case .skip:
                    value = .string("http://unresolved.invalid/")
                case .resolve:
                    do {
                        value = .string(try CredentialReference(parsing: text).resolve(environment: environment, baseDirectory: directory))
                    } catch {
                        errors.add(located(entry.value, .invalidValue, "\(key): \(error.description)"))
                        failed = true
                        continue
                    }
                }
            }
            if let problem = problem(of: value, kind: option.kind, allowed: option.allowed, minimum: option.minimum) {
                errors.add(located(entry.value, .invalidValue, "\(key) \(problem)" + (option.description.isEmpty ? "" : " (\(option.description))")))
                failed = true
                continue
            }
            if option.kind == .path, let text = value.stringValue {
                let full = text.hasPrefix("/") ? text : (directory as NSString).appendingPathComponent(text)
                if !FileManager.default.fileExists(atPath: full) {
                    errors.add(located(entry.value, .unknownReference, "no such file or directory: \(full)"))
                }
                value = .string(full)
            }
            options.values[key] = value
        }
        for option in manifest.options where !given.contains(option.name) {
            if option.required {
                errors.add(located(source, .missingKey, "the source plugin \(manifest.name) needs \(option.name): (\(option.description.isEmpty ? option.kind.phrase : option.description))"))
                failed = true
            } else if option.kind == .path, let text = option.defaultValue?.stringValue {
                // A default path is taken from huitong.yaml's directory, as a given one is.
                let full = text.hasPrefix("/") ? text : (directory as NSString).appendingPathComponent(text)
                if !FileManager.default.fileExists(atPath: full) {
                    errors.add(located(source, .unknownReference, "no such file or directory: \(full) (the default of \(option.name); give \(option.name): PATH)"))
                }
                options.values[option.name] = .string(full)
            } else if let value = option.defaultValue {
                options.values[option.name] = value
            }
        }
        return failed ? nil : options
    }
}
