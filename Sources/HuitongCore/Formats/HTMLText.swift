/// Text for an HTML page: `&`, `<`, `>`, `"` and `'` as entities, so any value is shown as
/// text — in an element or in a quoted attribute — and never read as markup; control characters
/// other than tab and line breaks (which no HTML or XML text may hold) as U+FFFD.
package enum HTMLText {
    package static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default:
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                   scalar.value < 0x20 && ![0x09, 0x0A, 0x0D].contains(scalar.value) || scalar.value == 0x7F {
                    escaped.append("\u{FFFD}")
                } else {
                    escaped.append(character)
                }
            }
        }
        return escaped
    }
}
