internal import CLibCurl

/// libcurl's version string, for `huitong --version`.
public var libcurlVersion: String { String(cString: curl_version()) }
