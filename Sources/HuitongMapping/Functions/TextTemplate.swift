import HuitongCore

/// The `template` step, parsed once: literal text with `{value}` for the current value and
/// `{0}`, `{1}` … for the items of a list value; `{{` and `}}` write a brace.
///
/// ```swift
/// let areaCode = try TextTemplate.parse("{value}000000")
/// try areaCode.render(.string("320613"))     // "320613000000"
/// ```
///
/// Anything else in braces is refused by ``parse(_:)``, so a typo such as `{vaule}` stops the
/// mapping from loading instead of reaching a platform as literal text.
struct TextTemplate: Sendable, Equatable {
    /// One piece of a parsed template.
    enum Part: Sendable, Equatable {
        case literal(String)
        /// `{value}`.
        case value
        /// `{n}`: the item at index `n` of a list value.
        case item(Int)
    }

    let parts: [Part]

    /// Whether the template uses `{value}`, for the compiler's type checks.
    var usesValue: Bool { parts.contains(.value) }

    /// The highest `{n}` used, or `nil` when the template uses no item.
    var highestItem: Int? {
        parts.compactMap { part -> Int? in
            if case .item(let index) = part { return index }
            return nil
        }.max()
    }

    /// Parses `template`; an unknown placeholder, an unclosed `{` or a lone `}` is an error
    /// naming the template.
    static func parse(_ template: String) throws(StepFailure) -> TextTemplate {
        var parts: [Part] = []
        var literal = ""
        var scalars = template.unicodeScalars[...]
        func failure(_ problem: String) -> StepFailure {
            StepFailure("template \(StepFailure.quoted(template)): \(problem)")
        }
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "{":
                if scalars.first == "{" {
                    scalars.removeFirst()
                    literal += "{"
                    continue
                }
                guard let close = scalars.firstIndex(of: "}") else {
                    throw failure("\"{\" without a closing \"}\"; write {{ for a brace")
                }
                let name = String(scalars[..<close])
                scalars = scalars[scalars.index(after: close)...]
                let part: Part
                if name == "value" {
                    part = .value
                } else if !name.isEmpty, name.utf8.allSatisfy(TextFunctions.isASCIIDigit), name.utf8.count <= 6,
                          let index = Int(name)
                {
                    part = .item(index)
                } else {
                    throw failure("unknown placeholder {\(name)}; use {value}, {0}, {1} …, or {{ and }} for braces")
                }
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                parts.append(part)
            case "}":
                guard scalars.first == "}" else { throw failure("a single \"}\"; write }} for a brace") }
                scalars.removeFirst()
                literal += "}"
            default:
                literal.unicodeScalars.append(scalar)
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return TextTemplate(parts: parts)
    }

    /// The template filled in with `value`. For a list, `{n}` is its item `n`; for a single
    /// value, `{value}` and `{0}` are the value itself. Fails when a placeholder has nothing
    /// to show: an item past the end of the list, an absent item, `{value}` for a whole list.
    func render(_ value: Value) throws(StepFailure) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .literal(let text):
                result += text
            case .value:
                if case .array(let items) = value {
                    throw StepFailure("{value} needs a single value, but this is a list of \(items.count); use {0}, {1} …")
                }
                result += try Self.text(of: value)
            case .item(let index):
                if case .array(let items) = value {
                    guard index < items.count else {
                        throw StepFailure("the template uses {\(index)}, but the list has \(items.count) item\(items.count == 1 ? "" : "s")")
                    }
                    guard !items[index].isNull else { throw StepFailure("item \(index) of the list is absent") }
                    result += try Self.text(of: items[index])
                } else {
                    guard index == 0 else {
                        throw StepFailure("the template uses {\(index)}, but the value is not a list")
                    }
                    result += try Self.text(of: value)
                }
            }
        }
        return result
    }

    /// How a value is written into a template: strings as they are, numbers as people and
    /// ECMAScript write them (`3300`, not `3300.0`; see ``NumberFunctions/text(of:)``),
    /// Booleans as `true`/`false`.
    static func text(of value: Value) throws(StepFailure) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let integer): return String(integer)
        case .double(let double):
            guard double.isFinite else { throw StepFailure("a non-finite number cannot go into a template") }
            return NumberFunctions.text(of: double)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: throw StepFailure("an absent value cannot go into a template")
        case .array: throw StepFailure("a list cannot go into a template placeholder")
        case .object: throw StepFailure("an object cannot go into a template placeholder")
        }
    }
}
