internal import CLibCurl

/// libcurl's own version number (`7.88.1`), for `huitong --version`.
public var libcurlVersion: String {
    guard let info = curl_version_info(CURLVERSION_NOW), let version = info.pointee.version else {
        return "unknown"
    }
    return String(cString: version)
}
