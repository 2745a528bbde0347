internal import CLibCurl

/// libcurl's process-wide set-up, done exactly once before the first handle is made.
///
/// `curl_global_init` is not thread-safe against other libcurl calls, so it runs inside a
/// Swift `static let` initialiser, which the runtime guarantees to execute once, atomically.
enum CurlGlobal {
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    static func ensureInitialized() {
        precondition(initialized, "libcurl could not be initialised (curl_global_init failed)")
    }
}

/// libcurl's own version number (`7.88.1`), for `huitong --version`.
package var libcurlVersion: String {
    guard let info = huitong_version_info(), let version = info.pointee.version else {
        return "unknown"
    }
    return String(cString: version)
}
