/// Refuses a document with a document type declaration before the XML parser sees it.
///
/// A DTD is where XML declares entities, and entities are how an XML file makes its reader
/// fetch a URL or read a local file (XXE) or expand a few bytes into gigabytes. CAP needs
/// none of it. The refusal happens here, on the bytes, because XMLParser on Linux gives no
/// chance to stop earlier: it always parses with libxml2's entity substitution on, and tells
/// its delegate about neither the DOCTYPE nor entity declarations. (Its external-entity
/// policy, left at `.never`, is the second line of defence; the tests check both.)
///
/// XML allows a DOCTYPE only in the prolog: after the declaration and before the root
/// element, among whitespace, comments and processing instructions. The guard walks exactly
/// that stretch, so `<!DOCTYPE` inside a comment or a CDATA section does not trip it.
enum XMLPrologGuard {
    /// Throws ``CAPReadFailure/documentTypeDeclaration(line:)`` when the prolog of `document`
    /// (UTF-8, as ``XMLEncodingNormalizer`` leaves it) has a DOCTYPE.
    ///
    /// Anything unexpected in the prolog ends the walk without a verdict: the parser then
    /// reports it as a well-formedness error, and stops there.
    static func check(_ document: [UInt8]) throws(CAPReadFailure) {
        var offset = (try? XMLDeclaration.read(document, from: 0))??.endOffset ?? 0
        while offset < document.count {
            let byte = document[offset]
            if XMLDeclaration.isSpace(byte) {
                offset += 1
            } else if document.hasPrefix("<!--", at: offset) {
                guard let end = document.offset(after: "-->", from: offset + 4) else { return }
                offset = end
            } else if document.hasPrefix("<?", at: offset) {
                guard let end = document.offset(after: "?>", from: offset + 2) else { return }
                offset = end
            } else if document.hasPrefix("<!DOCTYPE", at: offset) {
                let line = document[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                throw .documentTypeDeclaration(line: line)
            } else {
                return  // the root element, or something the parser will refuse
            }
        }
    }
}

extension [UInt8] {
    /// Whether the ASCII text `prefix` starts at `offset`.
    fileprivate func hasPrefix(_ prefix: StaticString, at offset: Int) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard offset + length <= count else { return false }
        return prefix.withUTF8Buffer { self[offset..<offset + length].elementsEqual($0) }
    }

    /// The offset just after the first `terminator` at or after `start`.
    fileprivate func offset(after terminator: StaticString, from start: Int) -> Int? {
        var offset = start
        while offset + terminator.utf8CodeUnitCount <= count {
            if hasPrefix(terminator, at: offset) { return offset + terminator.utf8CodeUnitCount }
            offset += 1
        }
        return nil
    }
}
