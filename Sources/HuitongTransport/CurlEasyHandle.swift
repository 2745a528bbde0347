internal import CLibCurl

/// Owns one libcurl easy handle and frees it on deinit.
///
/// A handle is reused for many requests to keep its connection alive; it is never used by
/// two threads at once (the `HTTPClient` pool hands it to one transfer at a time).
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    /// libcurl writes its detailed error message here during a transfer.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() {
        CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else {
            preconditionFailure("curl_easy_init returned NULL: out of memory")
        }
        raw = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// Clears the options of the previous request but keeps live connections and caches.
    func reset() {
        curl_easy_reset(raw)
        errorBuffer[0] = 0
        set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // Signals must not be used for timeouts: we run on many threads.
        set(CURLOPT_NOSIGNAL, 1)
    }

    var lastErrorMessage: String { String(cString: errorBuffer) }

    @discardableResult
    func set(_ option: CURLoption, _ value: Int) -> CURLcode {
        huitong_easy_setopt_long(raw, option, value)
    }

    @discardableResult
    func set(_ option: CURLoption, offset value: Int64) -> CURLcode {
        huitong_easy_setopt_off(raw, option, curl_off_t(value))
    }

    @discardableResult
    func set(_ option: CURLoption, string value: String) -> CURLcode {
        // libcurl copies string options (since 7.17), so the temporary C string may go away.
        value.withCString { huitong_easy_setopt_string(raw, option, $0) }
    }

    @discardableResult
    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) -> CURLcode {
        huitong_easy_setopt_pointer(raw, option, value)
    }

    @discardableResult
    func set(_ option: CURLoption, list: OpaquePointer?) -> CURLcode {
        huitong_easy_setopt_slist(raw, option, UnsafeMutablePointer(list))
    }

    @discardableResult
    func set(_ option: CURLoption, callback: huitong_data_callback) -> CURLcode {
        huitong_easy_setopt_data_callback(raw, option, callback)
    }

    func info(long info: CURLINFO) -> Int {
        var value = 0
        _ = huitong_easy_getinfo_long(raw, info, &value)
        return value
    }

    func perform() -> CURLcode {
        curl_easy_perform(raw)
    }
}

/// Owns a `curl_slist` of header lines and frees it on deinit.
final class CurlHeaderList {
    private(set) var raw: OpaquePointer?

    init(_ lines: [String]) {
        for line in lines {
            raw = line.withCString { OpaquePointer(curl_slist_append(UnsafeMutablePointer(raw), $0)) }
        }
    }

    deinit {
        curl_slist_free_all(UnsafeMutablePointer(raw))
    }
}
