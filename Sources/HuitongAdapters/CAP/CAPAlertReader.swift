import Foundation
import FoundationXML
import HuitongCore

/// Reads one CAP 1.2 alert from the bytes of one file: the record the hub maps, or the reason
/// it cannot.
///
/// Four steps, each refusing what it cannot vouch for: decode to UTF-8
/// (``XMLEncodingNormalizer``), refuse a DOCTYPE (``XMLPrologGuard``), parse with XMLParser
/// (``CAPElementCollector``), and check what CAP 1.2 requires of an alert (``CAPAlertFields``).
/// Pure: no file or network access happens here, whatever the document says.
enum CAPAlertReader {
    /// The most bytes libxml2 (XML_MAX_LOOKUP_LIMIT) lets one attribute value, comment, CDATA
    /// section or processing instruction have; element text and the file as a whole may be
    /// longer, up to the adapter's file limit.
    static let largestConstructBytes = 10_000_000

    /// The record for the alert in `bytes`: members `identifier`, `sender`, `sent`, `status`,
    /// `msgType`, then those of the first `info` and its first `area` that are present.
    static func record(from bytes: [UInt8]) throws(CAPReadFailure) -> OrderedObject {
        let document = try XMLEncodingNormalizer.utf8Document(from: bytes)
        guard document.contains(where: { !XMLDeclaration.isSpace($0) }) else { throw .empty }
        try XMLPrologGuard.check(document)
        return try fields(parsing: document).record()
    }

    /// Runs XMLParser over a UTF-8 document.
    ///
    /// Callers pass documents that have been through ``XMLPrologGuard``; the tests also call it
    /// with one that has not, to show that the parser's own settings load no entity either.
    static func fields(parsing document: [UInt8]) throws(CAPReadFailure) -> CAPAlertFields {
        // Through a stream, not `XMLParser(data:)`: given data, FoundationXML pushes the whole
        // document to libxml2 in one chunk, and libxml2 (without XML_PARSE_HUGE, which
        // FoundationXML never sets) stops any input over 10,000,000 bytes with "huge input
        // lookup", error 1. Fed in chunks, the parser consumes as it goes, so only a single
        // construct it must see whole can reach that limit (see `largestConstructBytes`).
        let parser = XMLParser(stream: InputStream(data: Data(document)))
        let collector = CAPElementCollector()
        parser.delegate = collector
        parser.shouldProcessNamespaces = true
        // Both are the defaults. They are set all the same because they are what keeps the
        // parser's entity loader from opening anything, should a DTD ever get this far.
        parser.shouldResolveExternalEntities = false
        parser.externalEntityResolvingPolicy = .never
        // The result of parse() is not used: in libxml2's recovery mode it can be true after an
        // error. The first error the collector saw, else the parser's own, decides.
        _ = parser.parse()
        let parseError = collector.parseError ?? parser.parserError.map {
            CAPElementCollector.ParseError(
                code: ($0 as NSError).code, line: parser.lineNumber, column: parser.columnNumber, openElement: nil
            )
        }
        if let parseError {
            let problem = XMLParseProblem.describe(
                code: parseError.code, openElement: parseError.openElement, foundRoot: collector.foundRoot,
                atEndOfFile: isEnd(line: parseError.line, column: parseError.column, of: document)
            )
            throw .notWellFormed(line: parseError.line, column: parseError.column, problem: problem)
        }
        guard collector.foundRoot else {
            throw .notWellFormed(line: parser.lineNumber, column: parser.columnNumber, problem: XMLParseProblem.noRoot)
        }
        if let rootFailure = collector.rootFailure { throw rootFailure }
        return collector.fields
    }

    /// Whether a parser position (1-based line, 1-based column in characters) is past the last
    /// character of the document: an error there means the file was cut short.
    static func isEnd(line: Int, column: Int, of document: [UInt8]) -> Bool {
        let lines = document.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard let lastLine = lines.last else { return true }
        let lastLineLength = String(decoding: lastLine, as: UTF8.self).unicodeScalars.count
        return line > lines.count || (line == lines.count && column > lastLineLength)
    }
}
