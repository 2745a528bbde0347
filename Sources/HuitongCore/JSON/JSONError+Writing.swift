// Errors of the writers, which know no byte offset but can say where in the value they stopped:
// the error starts with an empty path at the offending value, and each enclosing array and
// object prefixes its part while the error travels up, so the path costs nothing until then.

extension JSONError {
    /// A NaN or infinity, which no JSON text can hold.
    static func nonFiniteNumber(_ value: Double) -> JSONError {
        JSONError(code: .nonFiniteNumber,
                  message: "\(value) cannot be written as JSON, which has no NaN or infinity; map it to null or drop the field",
                  valuePath: "")
    }

    /// A value nested deeper than the writer's limit (only values built in code can be).
    static func writingTooDeep(limit: Int) -> JSONError {
        JSONError(code: .nestingTooDeep,
                  message: "arrays and objects nest deeper than \(limit) levels, more than a reader would accept",
                  valuePath: "")
    }

    /// The same error, one object member further out.
    func inMember(_ key: String) -> JSONError {
        var error = self
        let isIdentifier = !key.isEmpty && key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
        let component = isIdentifier ? ".\(key)" : "[\(JSONStringLiteral.quoted(key))]"
        error.valuePath = component + (valuePath ?? "")
        return error
    }

    /// The same error, one array element further out.
    func inElement(_ index: Int) -> JSONError {
        var error = self
        error.valuePath = "[\(index)]" + (valuePath ?? "")
        return error
    }

    /// The finished path, rooted at `$`.
    func atRoot() -> JSONError {
        var error = self
        error.valuePath = "$" + (valuePath ?? "")
        return error
    }
}
