import HuitongCore
import HuitongYAML
import Foundation

/// A piece of a request a profile describes with placeholders: a header value, a path, an
/// envelope. `{name}` is replaced when the request is built; `{{` and `}}` stand for braces.
///
/// A string that is exactly one placeholder (`"{upserts}"`, `"{test}"`) inserts the
/// variable's value as it is (a list, a boolean); anywhere else a placeholder is rendered as
/// text. Placeholders are checked when the profile loads, so a misspelt variable is a load
/// error at its line and column, never a surprise on the wire.
package indirect enum PlatformTemplate: Sendable {
    case constant(Value)
    case text([TextPart])
    case variable(String)
    case object([(key: String, value: PlatformTemplate)])
    case array([PlatformTemplate])

    /// One run of literal text or one placeholder inside a string.
    package enum TextPart: Sendable, Equatable {
        case literal(String)
        case variable(String)
    }

    /// Every placeholder name used, in order of appearance.
    package var variables: [String] {
        switch self {
        case .constant: []
        case let .text(parts): parts.compactMap { if case let .variable(name) = $0 { name } else { nil } }
        case let .variable(name): [name]
        case let .object(members): members.flatMap(\.value.variables)
        case let .array(items): items.flatMap(\.variables)
        }
    }

    /// The value with every placeholder resolved by `lookup`.
    ///
    /// - Throws: `TemplateVariableMissing` when `lookup` has no value for a name; the loader's
    ///   checks make that a programming error rather than an operator's.
    package func render(_ lookup: (String) -> Value?) throws(TemplateVariableMissing) -> Value {
        switch self {
        case let .constant(value):
            return value
        case let .variable(name):
            guard let value = lookup(name) else { throw TemplateVariableMissing(name: name) }
            return value
        case let .text(parts):
            return .string(try Self.renderText(parts, lookup))
        case let .object(members):
            var object = OrderedObject()
            object.reserveCapacity(members.count)
            for member in members {
                object.appendNewMember(try member.value.render(lookup), forKey: member.key)
            }
            return .object(object)
        case let .array(items):
            var values: [Value] = []
            for item in items { values.append(try item.render(lookup)) }
            return .array(values)
        }
    }

    /// The template rendered as text (a header value, a path): non-string values are written
    /// as their JSON text (`true`, `42`).
    package func renderText(_ lookup: (String) -> Value?) throws(TemplateVariableMissing) -> String {
        switch self {
        case let .text(parts): return try Self.renderText(parts, lookup)
        default: return Self.text(of: try render(lookup))
        }
    }

    private static func renderText(_ parts: [TextPart], _ lookup: (String) -> Value?) throws(TemplateVariableMissing) -> String {
        var result = ""
        for part in parts {
            switch part {
            case let .literal(text): result += text
            case let .variable(name):
                guard let value = lookup(name) else { throw TemplateVariableMissing(name: name) }
                result += text(of: value)
            }
        }
        return result
    }

    static func text(of value: Value) -> String {
        if case let .string(text) = value { return text }
        return (try? JSONWriter().string(for: value)) ?? ""
    }
}

/// A placeholder had no value when a request was built.
package struct TemplateVariableMissing: Error, Sendable, CustomStringConvertible {
    package let name: String
    package var description: String { "the template variable {\(name)} has no value here" }
}

extension PlatformTemplate {
    /// Reads a template from YAML: strings are parsed for placeholders, other scalars are
    /// constants. `allowed` says which variable names this place may use (a name ending in
    /// `.` or `:` admits every name with that prefix, e.g. `credential.`).
    static func load(from node: YAMLNode, allowed: VariableNames, into errors: inout YAMLErrorCollector) -> PlatformTemplate {
        switch node.content {
        case let .scalar(scalar):
            guard scalar.resolution == .string || scalar.style != .plain else { return .constant(node.constantValue) }
            guard let parts = parseText(scalar.text, at: node, into: &errors) else { return .constant(.string(scalar.text)) }
            var ok = true
            for case let .variable(name) in parts where !allowed.admits(name) {
                errors.add(node.error(.unknownReference, "unknown template variable {\(name)}; here you may use \(allowed.listing)"))
                ok = false
            }
            guard ok else { return .constant(.string(scalar.text)) }
            if parts.count == 1, case let .variable(name) = parts[0] { return .variable(name) }
            if parts.allSatisfy({ if case .literal = $0 { true } else { false } }) {
                return .constant(.string(scalar.text.replacingOccurrences(of: "{{", with: "{").replacingOccurrences(of: "}}", with: "}")))
            }
            return .text(parts)
        case let .sequence(items):
            return .array(items.map { load(from: $0, allowed: allowed, into: &errors) })
        case let .mapping(entries):
            return .object(entries.map { entry in
                (key: entry.key.scalar?.text ?? "", value: load(from: entry.value, allowed: allowed, into: &errors))
            })
        }
    }

    /// Splits `{name}` placeholders from literal text; `{{`/`}}` are literal braces.
    static func parseText(_ text: String, at node: YAMLNode, into errors: inout YAMLErrorCollector) -> [TextPart]? {
        var parts: [TextPart] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{" || character == "}", next < text.endIndex, text[next] == character {
                literal.append(character)
                index = text.index(after: next)
                continue
            }
            if character == "}" {
                errors.add(node.error(.invalidValue, "a lone \"}\" in \"\(text)\"; write }} for a literal brace"))
                return nil
            }
            if character == "{" {
                guard let close = text[next...].firstIndex(of: "}") else {
                    errors.add(node.error(.invalidValue, "unclosed placeholder in \"\(text)\"; write {name}, or {{ for a literal brace"))
                    return nil
                }
                let name = String(text[next..<close])
                guard !name.isEmpty, !name.contains("{") else {
                    errors.add(node.error(.invalidValue, "empty or nested placeholder in \"\(text)\""))
                    return nil
                }
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.variable(name))
                index = text.index(after: close)
                continue
            }
            literal.append(character)
            index = next
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }
}

/// The variable names one place in a profile may use.
struct VariableNames: Sendable {
    var exact: Set<String>
    /// Prefixes such as `credential.` or `now:`, with the names they admit after the prefix
    /// (nil: any non-empty rest).
    var prefixed: [String: Set<String>?]

    init(_ exact: Set<String>, prefixed: [String: Set<String>?] = [:]) {
        self.exact = exact
        self.prefixed = prefixed
    }

    func admits(_ name: String) -> Bool {
        if exact.contains(name) { return true }
        for (prefix, rests) in prefixed where name.hasPrefix(prefix) {
            let rest = String(name.dropFirst(prefix.count))
            guard !rest.isEmpty else { return false }
            if let rests { return rests.contains(rest) }
            return true
        }
        return false
    }

    func adding(_ more: Set<String>) -> VariableNames {
        var copy = self
        copy.exact.formUnion(more)
        return copy
    }

    var listing: String {
        var names = exact.sorted().map { "{\($0)}" }
        for (prefix, rests) in prefixed.sorted(by: { $0.key < $1.key }) {
            if let rests {
                names += rests.sorted().map { "{\(prefix)\($0)}" }
            } else {
                names.append("{\(prefix)…}")
            }
        }
        return names.isEmpty ? "no variables" : names.joined(separator: ", ")
    }
}
