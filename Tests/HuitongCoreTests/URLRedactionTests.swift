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

    @Test("a password written with / unencoded is taken out whole: the userinfo runs to the last @ before the host")
    func passwordWithSlash() {
        #expect(URLRedaction.removingUserInfo(from: "GET http://u:p/ss@host/path") == "GET http://host/path")
        #expect(URLRedaction.removingUserInfo(from: "http://u:a/b?c#d@10.0.0.1:8080/api?page=2 failed") == "http://10.0.0.1:8080/api?page=2 failed")
        #expect(URLRedaction.removingUserInfo(from: "http://u:p/s@s@host") == "http://host")
        #expect(URLRedaction.removingUserInfo(from: "https://user:pa/ss@city.example/x@y") == "https://city.example/x@y")
    }

    @Test("an @ in the path after a host with a port, or in an IPv6 URL's path, is left alone")
    func pathAfterHostWithPort() {
        #expect(URLRedaction.removingUserInfo(from: "http://host:8080/a@b") == "http://host:8080/a@b")
        #expect(URLRedaction.removingUserInfo(from: "http://[::1]:8/a@b") == "http://[::1]:8/a@b")
    }
}
