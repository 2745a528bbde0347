import Testing
@testable import HuitongCore

@Suite("URL userinfo removal")
struct URLRedactionTests {
    @Test("user and password are taken out of every URL in a text")
    func removesUserInfo() {
        #expect(URLRedaction.removingUserInfo(from: "GET http://u:p@127.0.0.1:8/x?q=1 → HTTP 200") == "GET http://127.0.0.1:8/x?q=1 → HTTP 200")
        #expect(URLRedaction.removingUserInfo(from: "\"https://user@host\" and ftp://a:b@c:21/") == "\"https://host\" and ftp://c:21/")
    }

    @Test("a password written with ? or # unencoded is taken out whole")
    func unencodedPassword() {
        #expect(URLRedaction.removingUserInfo(from: "http://u:p#a?b@host/path") == "http://host/path")
    }

    @Test("an @ in a path, or text without a URL, is left alone")
    func leavesTheRest() {
        #expect(URLRedaction.removingUserInfo(from: "POST http://host/a@b") == "POST http://host/a@b")
        #expect(URLRedaction.removingUserInfo(from: "mail me@example.org, no URL") == "mail me@example.org, no URL")
    }
}
