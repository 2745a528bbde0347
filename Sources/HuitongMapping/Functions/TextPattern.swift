/// A regular expression from a mapping (`replace`, `extract`, `match`), compiled once when
/// the mapping is loaded and shared by every record.
///
/// Matching works on Unicode scalars, as Python's `re` and Java do, so that a pattern written
/// by someone used to those (or copied from the other parties' tools) means the same here:
/// `.` is one code point and `\d` any decimal digit, full-width ones included.
///
/// `@unchecked Sendable`: `Regex` is not marked `Sendable`, but it is an immutable value whose
/// only mutable state is the lazily lowered program, which `_StringProcessing` publishes with an
/// atomic compare-and-exchange (`Regex.Program.loweredProgram`). The initialiser forces that
/// lowering anyway, before the value can be shared.
struct TextPattern: @unchecked Sendable {
    /// The pattern as written, for messages.
    let pattern: String
    /// The number of capture groups, counted from the pattern text (see ``countCaptureGroups(in:)``).
    let captureGroupCount: Int
    private let regex: Regex<AnyRegexOutput>
    /// For a pattern that is one ASCII character class repeated a fixed number of times, the
    /// same test without the regex engine, which costs far more per record (see ``FixedClassRun``).
    private let fixedClassRun: FixedClassRun?

    /// Compiles `pattern`; a syntax error is reported with the pattern and the parser's reason.
    init(_ pattern: String) throws(StepFailure) {
        let compiled: Regex<AnyRegexOutput>
        do {
            compiled = try Regex(pattern).matchingSemantics(.unicodeScalar)
        } catch {
            throw StepFailure("invalid regular expression /\(pattern)/: \(error)")
        }
        _ = try? compiled.firstMatch(in: "")  // lower the program now, not on the first record
        self.pattern = pattern
        self.regex = compiled
        self.captureGroupCount = Self.countCaptureGroups(in: pattern)
        self.fixedClassRun = FixedClassRun(pattern)
    }

    /// Whether the whole of `text` matches.
    func wholeMatches(_ text: String) -> Bool {
        if let fixedClassRun { return fixedClassRun.wholeMatches(text) }
        return ((try? regex.wholeMatch(in: text)) ?? nil) != nil
    }

    /// The `match` step: fails unless the whole value matches.
    func requireWholeMatch(_ text: String) throws(StepFailure) {
        guard wholeMatches(text) else {
            throw StepFailure("does not match /\(pattern)/: \(StepFailure.quoted(text))")
        }
    }

    /// Refuses a group number the pattern does not have, when the mapping is compiled.
    func checkGroup(_ group: Int) throws(StepFailure) {
        guard group >= 0, group <= captureGroupCount else {
            throw StepFailure(
                "/\(pattern)/ has \(captureGroupCount) group\(captureGroupCount == 1 ? "" : "s"); there is no group \(group)")
        }
    }

    /// The `extract` step: the text of `group` (0 for the whole match) in the first match.
    /// Fails when nothing matches or the group took no part in the match.
    func extract(group: Int, from text: String) throws(StepFailure) -> String {
        guard let match = (try? regex.firstMatch(in: text)) ?? nil else {
            throw StepFailure("no match for /\(pattern)/ in \(StepFailure.quoted(text))")
        }
        guard group < match.output.count, let captured = match.output[group].substring else {
            throw StepFailure("group \(group) of /\(pattern)/ did not match in \(StepFailure.quoted(text))")
        }
        return String(captured)
    }

    /// The `replace` step: every match replaced by `replacement`; `text` itself when nothing matches.
    func replacingMatches(in text: String, with replacement: TextReplacement) -> String {
        let matches = text.matches(of: regex)
        guard !matches.isEmpty else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var copied = text.startIndex
        for match in matches {
            result += text[copied..<match.range.lowerBound]
            for part in replacement.parts {
                switch part {
                case .literal(let literal):
                    result += literal
                case .group(let number):
                    if number < match.output.count, let captured = match.output[number].substring {
                        result += captured
                    }
                case .namedGroup(let name):
                    if let captured = match.output[name]?.substring {
                        result += captured
                    }
                }
            }
            copied = match.range.upperBound
        }
        result += text[copied...]
        return result
    }

    /// The number of capturing groups in `pattern`: every `(` that is not escaped, not inside a
    /// character class, and not a non-capturing construct (`(?:`, `(?=`, `(?<=`, `(?i)`, `(*…)`);
    /// named groups (`(?<name>`, `(?'name'`, `(?P<name>`) count, as they are numbered too.
    /// `Regex` has no public API for this, and a mapping must be refused at load time when its
    /// replacement names a group that does not exist.
    static func countCaptureGroups(in pattern: String) -> Int {
        let scalars = Array(pattern.unicodeScalars)
        var count = 0
        var index = 0
        var classDepth = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                if index + 1 < scalars.count, scalars[index + 1] == "Q" {
                    // \Q…\E quotes everything up to \E.
                    index += 2
                    while index + 1 < scalars.count, !(scalars[index] == "\\" && scalars[index + 1] == "E") {
                        index += 1
                    }
                }
                index += 2
                continue
            }
            if classDepth > 0 {
                if scalar == "[" {
                    classDepth += 1
                } else if scalar == "]" {
                    classDepth -= 1
                }
                index += 1
                continue
            }
            if scalar == "[" {
                classDepth = 1
                index += 1
                // A `]` right after `[` or `[^` is a literal bracket, not the end of the class.
                if index < scalars.count, scalars[index] == "^" { index += 1 }
                if index < scalars.count, scalars[index] == "]" { index += 1 }
                continue
            }
            if scalar == "(" {
                let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                if next == "?" {
                    let kind = index + 2 < scalars.count ? scalars[index + 2] : nil
                    let after = index + 3 < scalars.count ? scalars[index + 3] : nil
                    switch kind {
                    case "<": if after != "=" && after != "!" { count += 1 }
                    case "'": count += 1
                    case "P": if after == "<" { count += 1 }
                    default: break
                    }
                } else if next != "*" {
                    count += 1
                }
            }
            index += 1
        }
        return count
    }

    /// Whether the pattern has a group named `name`.
    func hasGroup(named name: String) -> Bool {
        regex.contains(captureNamed: name)
    }
}

/// The `with` text of a `replace` step, parsed once: literal text with `$1` … `$9`, `${12}`
/// or `${name}` for a group's text (`$0` is the whole match) and `$$` for a dollar sign.
/// A group that took no part in a match contributes nothing, as in Python and JavaScript.
struct TextReplacement: Sendable {
    enum Part: Sendable, Equatable {
        case literal(String)
        case group(Int)
        case namedGroup(String)
    }

    let parts: [Part]

    /// Parses `template` and checks every group it names against `pattern`.
    init(_ template: String, for pattern: TextPattern) throws(StepFailure) {
        var parts: [Part] = []
        var literal = ""
        var scalars = template.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            guard scalar == "$" else {
                literal.unicodeScalars.append(scalar)
                continue
            }
            let reference: Part
            switch scalars.first {
            case "$":
                scalars.removeFirst()
                literal += "$"
                continue
            case let digit? where ("0"..."9").contains(digit):
                scalars.removeFirst()
                reference = .group(Int(digit.value - 0x30))
            case "{":
                scalars.removeFirst()
                guard let close = scalars.firstIndex(of: "}") else {
                    throw StepFailure("replacement \(StepFailure.quoted(template)) has \"${\" without a closing \"}\"")
                }
                let name = String(scalars[..<close])
                scalars = scalars[scalars.index(after: close)...]
                if let number = Int(name), number >= 0 {
                    reference = .group(number)
                } else if !name.isEmpty {
                    reference = .namedGroup(name)
                } else {
                    throw StepFailure("replacement \(StepFailure.quoted(template)) has an empty \"${}\"")
                }
            default:
                throw StepFailure(
                    "replacement \(StepFailure.quoted(template)) has a \"$\" that is not $1…$9, ${n} or ${name}; write $$ for a dollar sign")
            }
            switch reference {
            case .group(let number): try pattern.checkGroup(number)
            case .namedGroup(let name):
                guard pattern.hasGroup(named: name) else {
                    throw StepFailure("/\(pattern.pattern)/ has no group named \"\(name)\"")
                }
            case .literal: break
            }
            if !literal.isEmpty {
                parts.append(.literal(literal))
                literal = ""
            }
            parts.append(reference)
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }
}
