/// Words for the error codes XMLParser reports on Linux.
///
/// FoundationXML passes on libxml2's `xmlParserErrors` numbers with an empty `userInfo`, so
/// the message has to come from here. Its own `XMLParser.ErrorCode` enum is numbered from 0
/// and does not line up with those codes, so it cannot name them either. Only the codes a
/// damaged or hand-edited alert file can cause are worded; others are shown by number.
enum XMLParseProblem {
    /// What went wrong, in words.
    ///
    /// `openElement` is the innermost element open when the parser stopped, which turns
    /// "premature end" and "mismatch" into something an operator can find. A tag syntax error
    /// at the very end of the file (`atEndOfFile`) is a file cut off inside a tag, and is
    /// called that rather than, say, a missing space between attributes.
    static func describe(code: Int, openElement: String?, foundRoot: Bool, atEndOfFile: Bool) -> String {
        if atEndOfFile, tagSyntaxCodes.contains(code) {
            return "the file ends inside a tag (it is cut short)"
        }
        return switch code {
        case 1:
            // XML_ERR_INTERNAL_ERROR: on a well-formed document, libxml2's "huge input lookup"
            // limit, which FoundationXML offers no way to lift (XML_PARSE_HUGE).
            "the XML parser's limit was reached: an attribute value, comment, CDATA section or "
                + "processing instruction over \(CAPAlertReader.largestConstructBytes) bytes "
                + "(element text may be longer; the file itself up to the CAP file limit)"
        case 4:
            "no root element: the file does not start with XML markup"
        case 5:
            if !foundRoot {
                noRoot
            } else if let openElement {
                "the file ends inside <\(openElement)> (it is cut short, or an element is not closed)"
            } else {
                "content after the end of the root element"
            }
        case 6, 7, 8:
            "an invalid character reference"
        case 9:
            "a character XML does not allow"
        case 23:
            "an entity or character reference without its closing \";\""
        case 26, 27:
            "a reference to an undeclared entity (CAP files may use only &lt; &gt; &amp; &quot; &apos;)"
        case 38:
            "\"<\" inside an attribute value"
        case 39, 40, 41:
            "an attribute without a quoted value"
        case 42, 203:
            "the same attribute twice on one element"
        case 45:
            "a comment that is not closed"
        case 47:
            "a processing instruction that is not closed"
        case 62:
            "\"]]>\" outside a CDATA section"
        case 63:
            "a CDATA section that is not closed"
        case 64:
            "an XML declaration that is not at the very start of the file"
        case 65:
            "a space is missing between attributes"
        case 68:
            "a name is expected (element names cannot start with a digit or punctuation)"
        case 73:
            "\">\" expected to close a tag"
        case 76:
            if let openElement {
                "the end tag does not match <\(openElement)>"
            } else {
                "an end tag that does not match its start tag"
            }
        case 77:
            "a start tag that is not finished"
        case 80:
            "\"--\" inside a comment"
        case 85, 86:
            "content after the end of the root element"
        case 200, 204:
            "an invalid namespace declaration"
        case 201:
            "a namespace prefix that is not declared"
        case 202:
            "a malformed qualified name"
        default:
            "XML parser error \(code)"
        }
    }

    /// libxml2's codes for malformed attributes, names and tags.
    private static let tagSyntaxCodes: Set<Int> = [39, 40, 41, 43, 44, 65, 68, 73, 77]

    /// For a document that ends before its root element is complete.
    static let noRoot = "no complete root element (the file is cut short, or is not XML)"
}
