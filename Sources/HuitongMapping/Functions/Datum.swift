#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The geodetic data the hub's sources and platforms use, and conversion between them in
/// every direction (mapping language step `datum: {from: BD09, to: WGS84}`).
///
/// - WGS-84: GPS, the province platform, sirens and command facilities.
/// - GCJ-02: the Chinese "offset" datum every map published in China uses; the city platform.
/// - BD-09: Baidu's further offset of GCJ-02; the shelter registry's coordinates.
///
/// The formulas are the published ones the mapping agreement names, so that every party gets
/// the same numbers: GCJ-02 is WGS-84 plus an offset from the Krasovsky ellipsoid
/// (a = 6378245.0, ee = 0.00669342162296594323) and the well-known `transformLat` /
/// `transformLon` polynomials; BD-09 is GCJ-02 turned by a small angle and moved by
/// (+0.0065, +0.006) with x_pi = π·3000/180. See ``ChinaOffset``.
enum Datum: String, Sendable, CaseIterable, CustomStringConvertible {
    case wgs84 = "WGS84"
    case gcj02 = "GCJ02"
    case bd09 = "BD09"

    var description: String { rawValue }

    /// The datum a mapping names: `WGS84`, `GCJ02`, `BD09`, in any case, with or without the
    /// hyphen the standards write (`WGS-84`).
    init(named name: String) throws(StepFailure) {
        var key = name.uppercased()
        key.removeAll { $0 == "-" }
        guard let datum = Datum(rawValue: key) else {
            throw StepFailure("unknown datum \(StepFailure.quoted(name)); use WGS84, GCJ02 or BD09")
        }
        self = datum
    }

    /// `point`, given in this datum, expressed in `target`.
    func convert(_ point: GeoPoint, to target: Datum) -> GeoPoint {
        switch (self, target) {
        case (.wgs84, .wgs84), (.gcj02, .gcj02), (.bd09, .bd09): point
        case (.wgs84, .gcj02): ChinaOffset.gcj02(fromWGS84: point)
        case (.gcj02, .wgs84): ChinaOffset.wgs84(fromGCJ02: point)
        case (.gcj02, .bd09): ChinaOffset.bd09(fromGCJ02: point)
        case (.bd09, .gcj02): ChinaOffset.gcj02(fromBD09: point)
        case (.wgs84, .bd09): ChinaOffset.bd09(fromGCJ02: ChinaOffset.gcj02(fromWGS84: point))
        case (.bd09, .wgs84): ChinaOffset.wgs84(fromGCJ02: ChinaOffset.gcj02(fromBD09: point))
        }
    }
}

/// The GCJ-02 and BD-09 formulas, as published (eviltransform, coordtransform and the
/// libraries derived from them) and fixed by the mapping agreement.
enum ChinaOffset {
    /// Semi-major axis of the Krasovsky 1940 ellipsoid, metres.
    static let semiMajorAxis = 6_378_245.0
    /// Its first eccentricity squared.
    static let eccentricitySquared = 0.00669342162296594323
    /// BD-09's angular factor, π·3000/180.
    static let baiduAngleFactor = Double.pi * 3000.0 / 180.0

    /// Whether `point` lies outside the box in which GCJ-02 applies an offset: longitude
    /// 72.004–137.8347, latitude 0.8293–55.8271, the box of googollee/eviltransform
    /// (`outOfChina`), bounds included. Outside it, GCJ-02 equals WGS-84. (Some libraries use
    /// the narrower 73.66–135.05 / 3.86–53.55; every point of Jiangsu is inside both.) A point
    /// with a NaN coordinate counts as outside, so it passes through unchanged.
    static func isOutsideChina(_ point: GeoPoint) -> Bool {
        !(point.lon >= 72.004 && point.lon <= 137.8347 && point.lat >= 0.8293 && point.lat <= 55.8271)
    }

    /// WGS-84 → GCJ-02: the published forward formula.
    static func gcj02(fromWGS84 point: GeoPoint) -> GeoPoint {
        guard !isOutsideChina(point) else { return point }
        let offset = offset(at: point)
        return GeoPoint(lon: point.lon + offset.lon, lat: point.lat + offset.lat)
    }

    /// GCJ-02 → WGS-84, inverted iteratively: start from the GCJ-02 point, apply the forward
    /// formula, move by the difference, until both differences are below 1e-9° or 30 rounds
    /// have passed. The forward offset changes by about 1e-5 per degree, so the error shrinks
    /// by that factor each round and three rounds usually reach 1e-9°, far inside the
    /// agreement's "better than 1e-7°" (the one-step inverse some libraries use is off by up
    /// to 1e-5°, about a metre).
    static func wgs84(fromGCJ02 target: GeoPoint) -> GeoPoint {
        guard !isOutsideChina(target) else { return target }
        var estimate = target
        for _ in 0..<30 {
            let forward = gcj02(fromWGS84: estimate)
            let deltaLon = forward.lon - target.lon
            let deltaLat = forward.lat - target.lat
            estimate = GeoPoint(lon: estimate.lon - deltaLon, lat: estimate.lat - deltaLat)
            if abs(deltaLon) < 1e-9 && abs(deltaLat) < 1e-9 { break }
        }
        return estimate
    }

    /// GCJ-02 → BD-09: the published formula, applied everywhere (Baidu offsets every point).
    static func bd09(fromGCJ02 point: GeoPoint) -> GeoPoint {
        let x = point.lon, y = point.lat
        let radius = (x * x + y * y).squareRoot() + 0.00002 * sin(y * baiduAngleFactor)
        let angle = atan2(y, x) + 0.000003 * cos(x * baiduAngleFactor)
        return GeoPoint(lon: radius * cos(angle) + 0.0065, lat: radius * sin(angle) + 0.006)
    }

    /// BD-09 → GCJ-02: the published inverse formula. It is itself an approximation (the
    /// round trip GCJ-02 → BD-09 → GCJ-02 is off by up to about 1e-6°), but it is the formula
    /// the agreement and the other parties use, so the hub uses it as it is.
    static func gcj02(fromBD09 point: GeoPoint) -> GeoPoint {
        let x = point.lon - 0.0065, y = point.lat - 0.006
        let radius = (x * x + y * y).squareRoot() - 0.00002 * sin(y * baiduAngleFactor)
        let angle = atan2(y, x) - 0.000003 * cos(x * baiduAngleFactor)
        return GeoPoint(lon: radius * cos(angle), lat: radius * sin(angle))
    }

    /// The GCJ-02 offset at a WGS-84 point, in degrees.
    private static func offset(at point: GeoPoint) -> (lon: Double, lat: Double) {
        let x = point.lon - 105.0, y = point.lat - 35.0
        let latitudeRadians = point.lat / 180.0 * Double.pi
        var magic = sin(latitudeRadians)
        magic = 1 - eccentricitySquared * magic * magic
        let sqrtMagic = magic.squareRoot()
        let lat = (transformLat(x, y) * 180.0)
            / ((semiMajorAxis * (1 - eccentricitySquared)) / (magic * sqrtMagic) * Double.pi)
        let lon = (transformLon(x, y) * 180.0) / (semiMajorAxis / sqrtMagic * cos(latitudeRadians) * Double.pi)
        return (lon, lat)
    }

    /// The published latitude polynomial, in metres on the ellipsoid, of the point shifted to
    /// (lon − 105, lat − 35).
    private static func transformLat(_ x: Double, _ y: Double) -> Double {
        var result = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        result += (20.0 * sin(6.0 * x * Double.pi) + 20.0 * sin(2.0 * x * Double.pi)) * 2.0 / 3.0
        result += (20.0 * sin(y * Double.pi) + 40.0 * sin(y / 3.0 * Double.pi)) * 2.0 / 3.0
        result += (160.0 * sin(y / 12.0 * Double.pi) + 320.0 * sin(y * Double.pi / 30.0)) * 2.0 / 3.0
        return result
    }

    /// The published longitude polynomial, as ``transformLat(_:_:)``.
    private static func transformLon(_ x: Double, _ y: Double) -> Double {
        var result = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        result += (20.0 * sin(6.0 * x * Double.pi) + 20.0 * sin(2.0 * x * Double.pi)) * 2.0 / 3.0
        result += (20.0 * sin(x * Double.pi) + 40.0 * sin(x / 3.0 * Double.pi)) * 2.0 / 3.0
        result += (150.0 * sin(x / 12.0 * Double.pi) + 300.0 * sin(x / 30.0 * Double.pi)) * 2.0 / 3.0
        return result
    }
}
