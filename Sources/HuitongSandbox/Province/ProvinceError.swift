/// A refusal as the province answers it (contract §5): the HTTP status, the numeric `code` of
/// the envelope and a message that tells the integrator what to change.
///
/// The codes are the contract's own; 4040 and 4050 (no such resource, wrong method) are this
/// sandbox's, because the contract leaves unknown paths undefined but every answer must still
/// be an envelope.
struct ProvinceError: Error, Sendable, Equatable {
    var status: Int
    var code: Int
    var message: String

    /// 400/4000: the body is not JSON, or the envelope is malformed.
    static func malformed(_ message: String) -> ProvinceError {
        ProvinceError(status: 400, code: 4000, message: message)
    }

    /// 400/4001: no dataset of that name.
    static func unknownDataset(_ name: String) -> ProvinceError {
        ProvinceError(
            status: 400, code: 4001,
            message: "unknown dataset '\(name)'; the datasets are \(ProvinceDataset.all.map(\.name).joined(separator: ", "))"
        )
    }

    /// 400/4002: a `schemaVersion` other than "1.0".
    static func unsupportedSchemaVersion(_ version: String) -> ProvinceError {
        ProvinceError(status: 400, code: 4002, message: "schemaVersion '\(version)' is not supported; send \"1.0\"")
    }

    /// 401/4010: missing or wrong signature, or an unknown signing method.
    static func badSignature(_ message: String) -> ProvinceError {
        ProvinceError(status: 401, code: 4010, message: message)
    }

    /// 401/4011: `X-Timestamp` missing, unreadable or too far from the server clock.
    static func badTimestamp(_ message: String) -> ProvinceError {
        ProvinceError(status: 401, code: 4011, message: message)
    }

    /// 401/4012: `X-Nonce` malformed or already used by this app key within the window.
    static func badNonce(_ message: String) -> ProvinceError {
        ProvinceError(status: 401, code: 4012, message: message)
    }

    /// 401/4013: `X-App-Key` missing or not issued.
    static func unknownAppKey(_ message: String) -> ProvinceError {
        ProvinceError(status: 401, code: 4013, message: message)
    }

    /// 409/4090: a processed `batchId` sent again with different content.
    static func conflict(batchId: String) -> ProvinceError {
        ProvinceError(
            status: 409, code: 4090,
            message: "batchId '\(batchId)' was already processed with different upserts, deletes or test; "
                + "a new batch needs a new batchId"
        )
    }

    /// 413/4130: more items or more bytes than one batch may hold.
    static func tooLarge(_ message: String) -> ProvinceError {
        ProvinceError(status: 413, code: 4130, message: message)
    }

    /// 404/4040 (sandbox code): nothing is served at this path.
    static func notFound(_ path: String, basePath: String) -> ProvinceError {
        ProvinceError(
            status: 404, code: 4040,
            message: "no such resource: \(path); the interface is served under '\(basePath)/api/v1/'"
        )
    }

    /// 405/4050 (sandbox code): the path exists but not for this method.
    static func methodNotAllowed(_ method: String, path: String, allowed: String) -> ProvinceError {
        ProvinceError(status: 405, code: 4050, message: "\(method) is not served at \(path); use \(allowed)")
    }
}
