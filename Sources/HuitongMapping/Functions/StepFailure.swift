/// Why a mapping function refused a value: one short sentence an operator can act on, such as
/// `not a number: "3,3a5㎡"` or `unknown unit "亩"`.
///
/// The functions in this folder know only the value; the mapping compiler wraps the failure
/// into a ``MappingIssue`` that adds the field, the whole value and the rule. The same type
/// reports problems found while compiling a step's arguments (a bad regular expression, an
/// unknown template placeholder), which the compiler turns into `file:line:col` errors.
struct StepFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong with the value or the argument.
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }

    /// `text` in double quotes for a message, with control characters escaped so that one
    /// failure stays on one line, and cut after 80 characters so that a runaway value (a whole
    /// description field) does not flood the report.
    static func quoted(_ text: String) -> String {
        var result = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 80 {
                result += "…"
                break
            }
            count += 1
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
