/// Why one alert file could not be read as a CAP 1.2 alert: the reason an operator sees when
/// the file is set aside.
///
/// Each message names the place (line and column, byte offset or element) and, where the
/// sender can fix it, what to change. The file name is not part of the message: it travels
/// in the item's ``RecordOrigin``.
enum CAPReadFailure: Error, Equatable, CustomStringConvertible {
    /// The file could be listed but not opened or read (permissions, I/O error).
    case fileNotReadable(String)
    /// The file is larger than the adapter accepts for a single alert.
    case tooLarge(byteCount: Int, limit: Int)
    /// No bytes, or only whitespace.
    case empty
    /// The bytes cannot be decoded as the encoding they declare (or UTF-8 when they declare none).
    case encoding(String)
    /// The XML declaration itself cannot be read.
    case malformedDeclaration(String)
    /// A document type declaration: DTDs can declare entities that fetch files or URLs.
    case documentTypeDeclaration(line: Int)
    /// The XML parser stopped at a well-formedness error.
    case notWellFormed(line: Int, column: Int, problem: String)
    /// The root element is not an `alert`.
    case notAlert(element: String, namespace: String)
    /// The root is an `alert`, but not in the CAP 1.2 namespace.
    case notCAP12(namespace: String)
    /// Elements CAP 1.2 requires in every alert are missing or empty.
    case missingElements([String])
    /// An element CAP 1.2 allows once per alert appears more than once.
    case repeatedElement(String)
    /// A value outside the CAP 1.2 code list for its element.
    case invalidCode(element: String, value: String, allowed: [String])

    var description: String {
        switch self {
        case .fileNotReadable(let message):
            "cannot read the file: \(message); check the file and its permissions"
        case .tooLarge(let byteCount, let limit):
            "the file has \(byteCount) bytes, more than the \(Self.describe(byteCount: limit)) one CAP alert may have; "
                + "it was not parsed. Ask the sender for the alert without embedded content "
                + "(a <resource> with a <uri> to fetch rather than a <derefUri> holding the file)"
        case .empty:
            "the file is empty"
        case .encoding(let message):
            "cannot decode the text: \(message)"
        case .malformedDeclaration(let message):
            "the XML declaration cannot be read: \(message)"
        case .documentTypeDeclaration(let line):
            "DTDs and entities are not accepted in CAP files: the file has a DOCTYPE declaration at line \(line); "
                + "nothing it refers to was fetched. Ask the sender to send the alert without a DOCTYPE"
        case .notWellFormed(let line, let column, let problem):
            "not well-formed XML at line \(line), column \(column): \(problem)"
        case .notAlert(let element, let namespace):
            "not a CAP alert: the root element is <\(element)>\(Self.describe(namespace: namespace)), "
                + "expected <alert> in \(CAPNamespace.version12)"
        case .notCAP12(let namespace):
            "not CAP 1.2: <alert> is\(Self.describe(namespace: namespace))\(Self.knownVersion(of: namespace)); "
                + "the hub reads CAP 1.2 only (\(CAPNamespace.version12))"
        case .missingElements(let names):
            "missing required CAP element\(names.count == 1 ? "" : "s") "
                + names.map { "<\($0)>" }.joined(separator: ", ")
        case .repeatedElement(let name):
            "<\(name)> appears more than once; CAP allows one per alert"
        case .invalidCode(let element, let value, let allowed):
            "<\(element)> \"\(value)\" is not a CAP 1.2 value (one of: \(allowed.joined(separator: ", ")))"
        }
    }

    /// "16 MiB (16777216 bytes)" for a whole number of MiB, else the bytes alone.
    private static func describe(byteCount: Int) -> String {
        byteCount % (1 << 20) == 0 ? "\(byteCount >> 20) MiB (\(byteCount) bytes)" : "\(byteCount) bytes"
    }

    private static func describe(namespace: String) -> String {
        namespace.isEmpty ? " in no namespace" : " in namespace \(namespace)"
    }

    /// Names the CAP version behind an older CAP namespace, which is the usual reason for this failure.
    private static func knownVersion(of namespace: String) -> String {
        switch namespace {
        case "urn:oasis:names:tc:emergency:cap:1.1": " (CAP 1.1)"
        case "http://www.incident.com/cap/1.0": " (CAP 1.0)"
        default: ""
        }
    }
}

/// The CAP namespace the hub reads.
enum CAPNamespace {
    /// OASIS CAP 1.2, the basis of the national emergency-information exchange protocol.
    static let version12 = "urn:oasis:names:tc:emergency:cap:1.2"
}
