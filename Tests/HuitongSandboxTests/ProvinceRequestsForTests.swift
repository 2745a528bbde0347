import HuitongCore
import HuitongHTTPServer
import Testing
@testable import HuitongSandbox

// Shared fixtures of the province suites: a hand-made signer (Core's HMAC only, independent of
// any connector code), a platform on a manual clock, valid records of each dataset, and
// decoding of the envelope.

/// Signs requests exactly as contract §2 describes, by hand.
struct ProvinceSigner {
    var appKey = "nantong-city"
    var secret = "nantong-secret-0001"
    /// `HMAC-SHA256`, `HMAC-SM3`, or nil to leave `X-Sign-Method` out (the default, SHA-256).
    var signMethod: String?

    static func signature(
        method: String, target: String, timestamp: String, nonce: String, body: [UInt8],
        secret: String, signMethod: String?
    ) -> String {
        let useSM3 = signMethod == "HMAC-SM3"
        let bodyHash = useSM3 ? SM3.hash(body).hex : SHA256.hash(body).hex
        let message = "\(method)\n\(target)\n\(timestamp)\n\(nonce)\n\(bodyHash)"
        return useSM3
            ? HMAC<SM3>.authenticationCode(for: message, key: secret).hex
            : HMAC<SHA256>.authenticationCode(for: message, key: secret).hex
    }

    /// A fresh 24-character nonce.
    static func newNonce() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<24).map { _ in alphabet.randomElement()! })
    }

    /// The signing headers for a request at `time`.
    func headers(
        method: String, target: String, body: [UInt8], time: Timestamp, nonce: String = ProvinceSigner.newNonce()
    ) -> [(name: String, value: String)] {
        let timestamp = String(time.millisecondsSinceEpoch)
        var headers: [(name: String, value: String)] = [
            ("X-App-Key", appKey), ("X-Timestamp", timestamp), ("X-Nonce", nonce),
        ]
        if let signMethod { headers.append(("X-Sign-Method", signMethod)) }
        headers.append(("X-Signature", Self.signature(
            method: method, target: target, timestamp: timestamp, nonce: nonce, body: body,
            secret: secret, signMethod: signMethod
        )))
        return headers
    }

    /// A signed request; a body gets `Content-Type: application/json; charset=utf-8`.
    func request(
        _ method: String, _ target: String, body: [UInt8] = [], time: Timestamp,
        nonce: String = ProvinceSigner.newNonce()
    ) -> ServerRequest {
        var headers = self.headers(method: method, target: target, body: body, time: time, nonce: nonce)
        if !body.isEmpty { headers.append(("Content-Type", "application/json; charset=utf-8")) }
        return ServerRequest(method: method, target: target, headers: headers, body: body)
    }
}

/// A platform on a manual clock with a signer for it.
struct ProvinceFixture {
    static let start = try! Timestamp(parsing: "2026-11-29 10:00:00", as: .dateTime)
    static let secrets = ["nantong-city": "nantong-secret-0001", "suzhou-city": "suzhou-secret-0002"]

    let clock = ManualClock(ProvinceFixture.start)
    let platform: ProvincePlatform
    var signer = ProvinceSigner()

    init() {
        platform = ProvincePlatform(configuration: .init(appSecrets: Self.secrets, clock: clock))
    }

    /// Sends a signed request at the clock's time and decodes the answer.
    func send(_ method: String, _ target: String, body: [UInt8] = [], nonce: String = ProvinceSigner.newNonce()) throws -> ProvinceAnswer {
        try ProvinceAnswer(platform.handle(signer.request(method, target, body: body, time: clock.now(), nonce: nonce)))
    }

    /// Posts a batch to `/exchange/api/v1/exchange/{dataset}/batches`.
    func post(_ dataset: String, _ batch: Value) throws -> ProvinceAnswer {
        try send("POST", "/exchange/api/v1/exchange/\(dataset)/batches", body: JSONWriter().bytes(for: batch))
    }

    /// Reads back one page.
    func records(_ dataset: String, query: String = "page=1&pageSize=500") throws -> ProvinceAnswer {
        try send("GET", "/exchange/api/v1/exchange/\(dataset)/records?\(query)")
    }

    /// The `errors` of the single upsert `record`, as field → reason; empty when it was accepted.
    func problems(_ dataset: String, _ record: Value) throws -> [String: String] {
        let answer = try post(dataset, ProvinceBatches.batch(upserts: [record]))
        #expect(answer.status == 200, "\(answer.body)")
        var problems: [String: String] = [:]
        for rejection in answer.data["rejected"]?.arrayValue ?? [] {
            for error in rejection["errors"]?.arrayValue ?? [] {
                problems[error["field"]?.stringValue ?? "?"] = error["reason"]?.stringValue ?? "?"
            }
        }
        return problems
    }
}

/// An answer as the client sees it: status, headers and the decoded envelope.
struct ProvinceAnswer {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: Value

    init(_ response: ServerResponse) throws {
        guard case let .answer(status, headers, bytes) = response else {
            throw ProvinceTestFailure("the platform dropped the connection")
        }
        self.status = status
        self.headers = headers
        body = try JSONReader().value(from: bytes)
    }

    init(status: Int, body: [UInt8]) throws {
        self.status = status
        headers = []
        self.body = try JSONReader().value(from: body)
    }

    var code: Int64? { body["code"]?.integerValue }
    var message: String { body["msg"]?.stringValue ?? "" }
    var data: Value { body["data"] ?? .null }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

struct ProvinceTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Batch envelopes and valid records of every dataset.
enum ProvinceBatches {
    static func batch(
        batchId: String = "B-" + String(UInt64.random(in: 1_000_000...9_999_999)),
        upserts: [Value]? = nil, deletes: [String]? = nil, test: Bool? = nil,
        sentAt: String = "2026-11-29 10:00:00"
    ) -> Value {
        var envelope: OrderedObject = ["batchId": .string(batchId), "schemaVersion": "1.0", "sentAt": .string(sentAt)]
        if let test { envelope["test"] = .bool(test) }
        if let upserts { envelope["upserts"] = .array(upserts) }
        if let deletes { envelope["deletes"] = .array(deletes.map(Value.string)) }
        return .object(envelope)
    }

    static func rfgc(_ gcbm: String = "320613-RF-0042") -> Value {
        [
            "gcbm": .string(gcbm), "gcmc": "人民公园地下人防工程", "xzqhdm": "320613", "dz": "崇川区工农路1号",
            "jd": 120.894513, "wd": 31.981245, "jzmj": 5230.5, "kljb": "H6", "zszn": "RY2", "psyt": "TC",
            "ybrs": 4000, "cwsl": 120, "cdzsl": 20, "jgrq": "2015-06-30", "whdw": "南通市人防工程维护中心",
            "whdwxydm": "91350100M000100Y43", "zt": "1", "gxsj": "2026-11-28 09:12:00",
        ]
    }

    static func jbsm(_ jbqbm: String = "JBQ-0001", smrq: String = "2026-09-19") -> Value {
        [
            "jbqbm": .string(jbqbm), "jbqmc": "通州区政府楼顶", "xzqhdm": "320612", "jd": 121.073, "wd": 32.064,
            "jbqlx": "DD", "smrq": .string(smrq), "smsj": .string(smrq + " 10:00:00"), "smjg": "1",
        ]
    }

    static func zyd() -> Value {
        [
            "dwbm": "ZYD-001", "dwmc": "如皋市抢险抢修队", "dwlx": "QX", "xzqhdm": "320682", "rs": 35,
            "fzr": "张建国", "lxdh": "13812345678", "zjrq": "2019-05-01",
        ]
    }

    static func zhss(sslx: String = "GD") -> Value {
        [
            "ssbm": "ZH-01", "ssmc": "市人防指挥所", "sslx": .string(sslx), "xzqhdm": "320613",
            "jd": 120.86, "wd": 32.01, "txzt": "1", "zbzt": "1", "gxsj": "2026-11-29 08:00:00",
        ]
    }

    static func hjjc(cjsj: String = "2026-11-29 09:00:00") -> Value {
        [
            "gcbm": "320613-RF-0042", "cgqbm": "S-001", "cjsj": .string(cjsj), "wdz": 18.4, "sdz": 65.5,
            "jsbj": 0, "mczt": 1,
        ]
    }

    static func valid(_ dataset: String) -> Value {
        switch dataset {
        case "rfgc": rfgc()
        case "jbsm": jbsm()
        case "zyd": zyd()
        case "zhss": zhss()
        default: hjjc()
        }
    }
}

extension Value {
    /// A copy with member `key` set to `value`, or removed when `value` is nil.
    func setting(_ key: String, _ value: Value?) -> Value {
        guard case var .object(object) = self else { return self }
        object[key] = value
        return .object(object)
    }
}
