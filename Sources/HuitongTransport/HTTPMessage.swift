/// One header line. Names compare case-insensitively, as HTTP says.
package struct HTTPHeader: Sendable, Hashable {
    package var name: String
    package var value: String

    package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of a header, matched case-insensitively.
    package func value(of name: String) -> String? {
        first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A request as it will go on the wire.
package struct HTTPRequest: Sendable {
    package var method: String
    /// Absolute URL (`http://127.0.0.1:8080/exchange/api/v1/ping`).
    package var url: String
    package var headers: [HTTPHeader]
    package var body: [UInt8]

    package init(method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A complete response: status, headers in order received, and the (decompressed) body.
package struct HTTPResponse: Sendable, Equatable {
    package var status: Int
    package var headers: [HTTPHeader]
    package var body: [UInt8]

    package init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text (invalid sequences replaced), for messages and JSON parsing.
    package var bodyText: String { String(decoding: body, as: UTF8.self) }
}
