import HuitongCore
import HuitongYAML

/// Every problem found in one mapping file, reported together so that one `huitong check`
/// shows them all. Each is a `YAMLError` at the offending node (`file:line:col`, line, caret).
public struct MappingLoadFailure: OperatorFacingError, Sendable {
    public let errors: [YAMLError]

    public init(errors: [YAMLError]) { self.errors = errors }

    public var exitStatus: ExitStatus { .invalidInput }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Collects errors while compiling, so one bad field does not hide the next.
struct ErrorCollector {
    private(set) var errors: [YAMLError] = []

    mutating func add(_ error: YAMLError) { errors.append(error) }

    /// Runs `body`; on error records it and returns nil.
    mutating func attempt<T>(_ body: () throws(YAMLError) -> T) -> T? {
        do {
            return try body()
        } catch {
            errors.append(error)
            return nil
        }
    }
}

extension YAMLNode {
    /// The entries of a mapping node whose keys are all in `allowed`; reports the others.
    func entries(allowing allowed: Set<String>, what: String, into collector: inout ErrorCollector) -> [String: YAMLNode] {
        guard let entries = mappingEntries else {
            collector.add(error(.typeMismatch, "\(what) must be a mapping of keys to values"))
            return [:]
        }
        var result: [String: YAMLNode] = [:]
        for entry in entries {
            let key = entry.key.scalar?.text ?? ""
            if allowed.contains(key) {
                result[key] = entry.value
            } else {
                let hint = NameSuggestion.nearest(to: key, among: allowed).map { "did you mean \"\($0)\"? " } ?? ""
                collector.add(entry.key.error(
                    .unknownKey,
                    "\(what) has no key \"\(key)\"; \(hint)allowed: \(allowed.sorted().joined(separator: ", "))"
                ))
            }
        }
        return result
    }

    /// The node's value as a `Value`, for constants (`value:`, `default:`, `one_of:`).
    var constantValue: Value {
        switch content {
        case let .scalar(scalar):
            switch scalar.resolution {
            case .null: return .null
            case let .bool(flag): return .bool(flag)
            case let .int(number): return .integer(number)
            case let .float(number): return .double(number)
            case .integerOutOfRange, .string: return .string(scalar.text)
            }
        case let .sequence(items):
            return .array(items.map(\.constantValue))
        case let .mapping(entries):
            var object = OrderedObject()
            for entry in entries { object[entry.key.scalar?.text ?? ""] = entry.value.constantValue }
            return .object(object)
        }
    }
}

extension Value {
    /// The type a constant has in the mapping language.
    var constantType: ValueType {
        switch self {
        case .null: .any
        case .bool: .boolean
        case .integer: .integer
        case .double: .decimal
        case .string: .string
        case .array: .list
        case .object: .object
        }
    }
}
