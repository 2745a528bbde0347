import Foundation
import FoundationXML

/// The XMLParser delegate that picks the hub's fields out of one CAP document.
///
/// Namespace-aware: it only counts elements in the CAP 1.2 namespace, at their place in the
/// CAP structure (`alert/identifier`, `alert/info/event`, `alert/info/area/polygon`, …), and
/// ignores whole subtrees in other namespaces, such as an XML signature.
///
/// It stops the parse at the parser's first error: libxml2 runs in recovery mode under
/// XMLParser and would otherwise go on past a fault. A root that is not a CAP 1.2 `alert` is
/// noted but does not stop the parse, because in recovery mode a start tag cut off by the end
/// of the file is still reported, and "cut short" is then the truer reason.
final class CAPElementCollector: NSObject, XMLParserDelegate {
    /// The parser's first error, with where it stopped.
    struct ParseError: Equatable {
        var code: Int
        var line: Int
        var column: Int
        /// The innermost element open at the error, as written.
        var openElement: String?
    }

    private(set) var fields = CAPAlertFields()
    /// The parser's first error, once there is one.
    private(set) var parseError: ParseError?
    /// Why the root element is not a CAP 1.2 alert, when it is not.
    private(set) var rootFailure: CAPReadFailure?
    /// Whether a root element was found at all.
    private(set) var foundRoot = false

    /// An open element: its local name, its name as written (for messages), and whether it and
    /// all its ancestors are in the CAP 1.2 namespace.
    private struct OpenElement {
        var localName: String
        var writtenName: String
        var isCAP: Bool
    }

    /// What the text of the element being captured is for.
    private enum Target {
        case field(CAPField)
        case geocodeValueName
        case geocodeValue
    }

    private var open: [OpenElement] = []
    private var infoCount = 0
    private var areaCountInFirstInfo = 0
    /// The element whose direct text is being collected, and its depth in `open`.
    private var capture: (target: Target, depth: Int)?
    private var capturedText = ""
    /// The `valueName` and `value` of the geocode being read in the first area.
    private var geocode: (valueName: String, value: String)?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String]
    ) {
        let depth = open.count
        let namespace = namespaceURI ?? ""
        let isCAP = namespace == CAPNamespace.version12 && (open.last?.isCAP ?? true)
        open.append(OpenElement(localName: elementName, writtenName: qualifiedName ?? elementName, isCAP: isCAP))
        guard depth > 0 else {
            foundRoot = true
            if elementName != "alert" {
                rootFailure = .notAlert(element: qualifiedName ?? elementName, namespace: namespace)
            } else if !isCAP {
                rootFailure = .notCAP12(namespace: namespace)
            }
            return
        }
        guard isCAP else { return }
        switch depth {
        case 1:
            if elementName == "info" {
                infoCount += 1
            } else if let field = CAPField(element: elementName, at: .alert) {
                begin(.field(field), depth: depth)
            }
        case 2 where isInFirstInfo:
            if elementName == "area" {
                areaCountInFirstInfo += 1
            } else if let field = CAPField(element: elementName, at: .info) {
                begin(.field(field), depth: depth)
            }
        case 3 where isInFirstArea:
            if elementName == "geocode" {
                geocode = ("", "")
            } else if let field = CAPField(element: elementName, at: .area) {
                begin(.field(field), depth: depth)
            }
        case 4 where isInFirstArea && open[3].localName == "geocode" && geocode != nil:
            if elementName == "valueName" {
                begin(.geocodeValueName, depth: depth)
            } else if elementName == "value" {
                begin(.geocodeValue, depth: depth)
            }
        default:
            break
        }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        let depth = open.count - 1
        if let capture, capture.depth == depth {
            finish(capture.target)
            self.capture = nil
        }
        if depth == 3, isInFirstArea, open[depth].isCAP, elementName == "geocode", let geocode {
            // GB2260 is the national administrative-division code the city platform expects.
            if geocode.valueName.trimmingCharacters(in: .whitespacesAndNewlines) == "GB2260" {
                fields.found(.geocodeGB2260, text: geocode.value)
            }
            self.geocode = nil
        }
        if !open.isEmpty { open.removeLast() }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        // Only the element's own text: text inside a child element is not part of its value.
        if let capture, capture.depth == open.count - 1 { capturedText += string }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        if let capture, capture.depth == open.count - 1 { capturedText += String(decoding: block, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred error: any Error) {
        // Later errors are consequences of the first.
        guard parseError == nil else { return }
        parseError = ParseError(
            code: (error as NSError).code, line: parser.lineNumber, column: parser.columnNumber,
            openElement: open.last?.writtenName
        )
        parser.abortParsing()
    }

    /// Never supplies the content of an entity: the parser asks when a document refers to one
    /// it has no declaration for, and the answer is always none.
    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        nil
    }

    private var isInFirstInfo: Bool {
        open.count > 1 && open[1].isCAP && open[1].localName == "info" && infoCount == 1
    }

    private var isInFirstArea: Bool {
        isInFirstInfo && open.count > 2 && open[2].isCAP && open[2].localName == "area" && areaCountInFirstInfo == 1
    }

    private func begin(_ target: Target, depth: Int) {
        capture = (target, depth)
        capturedText = ""
    }

    private func finish(_ target: Target) {
        switch target {
        case .field(let field): fields.found(field, text: capturedText)
        case .geocodeValueName: geocode?.valueName += capturedText
        case .geocodeValue: geocode?.value += capturedText
        }
    }
}
