import Testing
@testable import HuitongMapping

@Suite("Geo: datums, points and CAP areas")
struct FunctionsGeoTests {
    /// WGS-84 → GCJ-02 reference pairs (lon, lat) from googollee/eviltransform,
    /// `go/transform_test.go` and `javascript/test.js` (Shanghai, Shenzhen, Beijing), and from
    /// wandergis/coordtransform, `test/app.js` (`wgs84togcj02(116.404, 39.915)`).
    static let wgs84ToGCJ02: [(wgs: GeoPoint, gcj: GeoPoint)] = [
        (GeoPoint(lon: 121.5272106, lat: 31.1774276), GeoPoint(lon: 121.531541859215, lat: 31.17530398364597)),
        (GeoPoint(lon: 113.912316, lat: 22.543847), GeoPoint(lon: 113.9171764808363, lat: 22.540796131694766)),
        (GeoPoint(lon: 116.377817, lat: 39.911954), GeoPoint(lon: 116.38404722455657, lat: 39.91334545536069)),
        (GeoPoint(lon: 116.404, lat: 39.915), GeoPoint(lon: 116.41024449916938, lat: 39.91640428150164)),
    ]

    static func distance(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        max(abs(a.lon - b.lon), abs(a.lat - b.lat))
    }

    @Test("WGS-84 → GCJ-02 matches the published reference points", arguments: 0..<4)
    func wgs84ToGCJ02MatchesReferences(index: Int) {
        let (wgs, gcj) = Self.wgs84ToGCJ02[index]
        #expect(Self.distance(Datum.wgs84.convert(wgs, to: .gcj02), gcj) < 1e-11)
    }

    @Test("GCJ-02 → WGS-84 recovers the reference WGS-84 points to better than 1e-7°", arguments: 0..<4)
    func gcj02ToWGS84RecoversReferences(index: Int) {
        let (wgs, gcj) = Self.wgs84ToGCJ02[index]
        #expect(Self.distance(Datum.gcj02.convert(gcj, to: .wgs84), wgs) < 1e-9)
    }

    @Test("the iterative inverse is exact where the one-step inverse is off by about a metre")
    func iterativeInverseBeatsOneStep() {
        // wandergis/coordtransform test/app.js: gcj02towgs84(116.404, 39.915), the one-step inverse.
        let oneStep = GeoPoint(lon: 116.39775550083061, lat: 39.91359571849836)
        let gcj = GeoPoint(lon: 116.404, lat: 39.915)
        let wgs = Datum.gcj02.convert(gcj, to: .wgs84)
        #expect(Self.distance(Datum.wgs84.convert(wgs, to: .gcj02), gcj) < 1e-9)
        #expect(Self.distance(Datum.wgs84.convert(oneStep, to: .gcj02), gcj) > 1e-7)
        #expect(Self.distance(wgs, oneStep) < 1e-5)
    }

    @Test("GCJ-02 ↔ BD-09 matches the published reference points")
    func baiduMatchesReferences() {
        // wandergis/coordtransform test/app.js.
        let point = GeoPoint(lon: 116.404, lat: 39.915)
        #expect(Self.distance(Datum.gcj02.convert(point, to: .bd09), GeoPoint(lon: 116.41036949371029, lat: 39.92133699351021)) < 1e-11)
        #expect(Self.distance(Datum.bd09.convert(point, to: .gcj02), GeoPoint(lon: 116.39762729119315, lat: 39.90865673957631)) < 1e-11)
        // hujiulong/gcoord test/unit/crs/GCJ02.spec.js: GCJ02 → BD09 of (123, 45), given to 8 decimals.
        let gcoord = Datum.gcj02.convert(GeoPoint(lon: 123, lat: 45), to: .bd09)
        #expect(Self.distance(gcoord, GeoPoint(lon: 123.00636499, lat: 45.00636899)) < 1e-8)
    }

    /// A 40 × 40 grid over Jiangsu (lon 116.3–121.95, lat 30.75–35.2).
    static let jiangsu: [GeoPoint] = (0..<40).flatMap { i in
        (0..<40).map { j in GeoPoint(lon: 116.3 + Double(i) * 5.65 / 39, lat: 30.75 + Double(j) * 4.45 / 39) }
    }

    @Test("WGS-84 → GCJ-02 → WGS-84 returns within 1e-7° everywhere in Jiangsu")
    func roundTripInJiangsu() {
        var worst = 0.0
        for point in Self.jiangsu {
            let back = Datum.gcj02.convert(Datum.wgs84.convert(point, to: .gcj02), to: .wgs84)
            worst = max(worst, Self.distance(back, point))
        }
        #expect(worst < 1e-8)
    }

    @Test("BD-09 → WGS-84 is BD-09 → GCJ-02 followed by the iterative inverse, and round-trips")
    func baiduToWGS84() {
        var worst = 0.0
        for point in Self.jiangsu {
            let bd = Datum.wgs84.convert(point, to: .bd09)
            #expect(bd == Datum.gcj02.convert(Datum.wgs84.convert(point, to: .gcj02), to: .bd09))
            let back = Datum.bd09.convert(bd, to: .wgs84)
            #expect(back == Datum.gcj02.convert(Datum.bd09.convert(bd, to: .gcj02), to: .wgs84))
            worst = max(worst, Self.distance(back, point))
        }
        // The published BD-09 → GCJ-02 formula is itself approximate (about 1e-6°).
        #expect(worst < 2e-6)
    }

    @Test("outside the China box GCJ-02 equals WGS-84; bounds are included in the box")
    func outsideChina() {
        let london = GeoPoint(lon: -0.1276, lat: 51.5072)
        #expect(Datum.wgs84.convert(london, to: .gcj02) == london)
        #expect(Datum.gcj02.convert(london, to: .wgs84) == london)
        let tokyo = GeoPoint(lon: 139.6917, lat: 35.6895)
        #expect(Datum.wgs84.convert(tokyo, to: .gcj02) == tokyo)
        #expect(ChinaOffset.isOutsideChina(GeoPoint(lon: 72.0039, lat: 30)))
        #expect(!ChinaOffset.isOutsideChina(GeoPoint(lon: 72.004, lat: 30)))
        #expect(!ChinaOffset.isOutsideChina(GeoPoint(lon: 137.8347, lat: 55.8271)))
        #expect(ChinaOffset.isOutsideChina(GeoPoint(lon: 120, lat: 0.8292)))
    }

    @Test("conversion passes NaN through instead of looping or trapping")
    func nanPassesThrough() {
        let nan = GeoPoint(lon: .nan, lat: 32)
        #expect(Datum.gcj02.convert(nan, to: .wgs84).lon.isNaN)
        #expect(Datum.bd09.convert(nan, to: .wgs84).lon.isNaN)
    }

    @Test("datum names are read in any case, with or without a hyphen")
    func datumNames() throws {
        #expect(try Datum(named: "BD09") == .bd09)
        #expect(try Datum(named: "wgs-84") == .wgs84)
        #expect(try Datum(named: "GCJ-02") == .gcj02)
        let error = #expect(throws: StepFailure.self) { try Datum(named: "CGCS2000") }
        #expect(error?.message == #"unknown datum "CGCS2000"; use WGS84, GCJ02 or BD09"#)
    }

    @Test("points are checked and rounded")
    func points() throws {
        #expect(try GeoPoint.validated(lon: 120.894, lat: 32.0) == GeoPoint(lon: 120.894, lat: 32.0))
        #expect((#expect(throws: StepFailure.self) { try GeoPoint.validated(lon: 32.0, lat: 120.9) })?.message
            == "latitude 120.9 is outside −90…90")
        #expect(throws: StepFailure.self) { try GeoPoint.validated(lon: .nan, lat: 0) }
        #expect(throws: StepFailure.self) { try GeoPoint.validated(lon: 180.5, lat: 0) }
        #expect(GeoPoint(lon: 120.8945675, lat: 32.0000005).rounded(toDecimals: 6) == GeoPoint(lon: 120.894568, lat: 32.000001))
    }

    @Test("a CAP polygon is read latitude first, and its centre is the mean of its distinct vertices")
    func polygon() throws {
        let area = try GeoArea.parsePolygon("32.0,120.9 32.1,121.0 32.0,121.1 32.0,120.9")
        guard case .polygon(let vertices) = area else {
            Issue.record("not a polygon")
            return
        }
        #expect(vertices.count == 4)
        #expect(vertices[0] == GeoPoint(lon: 120.9, lat: 32.0))
        // The closing pair is dropped: (120.9 + 121.0 + 121.1) / 3, (32.0 + 32.1 + 32.0) / 3.
        let center = area.center
        #expect(abs(center.lon - 121.0) < 1e-12)
        #expect(abs(center.lat - 32.033333333333333) < 1e-12)
    }

    @Test("a vertex repeated inside the ring counts once in the centre")
    func repeatedVertexCountsOnce() throws {
        let area = try GeoArea.parsePolygon("0,0 0,2 0,2 2,2 2,0 0,0")
        #expect(area.center == GeoPoint(lon: 1, lat: 1))
    }

    @Test("CAP polygons may be separated by any white space, signs included")
    func polygonWhiteSpace() throws {
        let area = try GeoArea.parsePolygon(" -1,-1\t1,-1\n1,1  -1,-1 ")
        // Vertices (lat, lon): (−1, −1), (1, −1), (1, 1); the closing (−1, −1) is dropped.
        #expect(Self.distance(area.center, GeoPoint(lon: -1.0 / 3.0, lat: 1.0 / 3.0)) < 1e-15)
    }

    @Test("bad polygons fail with the reason", arguments: [
        ("32.0,120.9 32.1,121.0 32.0,120.9", "a polygon needs at least 4 lat,lon pairs, the last repeating the first; 3 given"),
        ("32.0,120.9 32.1,121.0 32.0,121.1 32.0,121.0", "the polygon is not closed: the first pair 32.0,120.9 differs from the last 32.0,121.0"),
        ("32.0;120.9 32.1,121.0 32.0,121.1 32.0,120.9", #"polygon pair 1 "32.0;120.9" is not "latitude,longitude""#),
        ("120.9,32.0 121.0,32.1 121.1,32.0 120.9,32.0", "polygon pair 1: latitude 120.9 is outside −90…90 (CAP writes latitude first)"),
        ("32,190 32,121 33,121 32,190", "polygon pair 1: longitude 190 is outside −180…180"),
        ("32,120,1 32,121 33,121 32,120,1", #"polygon pair 1 "32,120,1" is not "latitude,longitude""#),
        ("", "a polygon needs at least 4 lat,lon pairs, the last repeating the first; 0 given"),
    ])
    func badPolygons(text: String, message: String) {
        let error = #expect(throws: StepFailure.self) { try GeoArea.parsePolygon(text) }
        #expect(error?.message == message)
    }

    @Test("a CAP circle is centre and radius in kilometres; its centre is the centre")
    func circle() throws {
        let area = try GeoArea.parseCircle("32.0,120.9 5")
        #expect(area == .circle(center: GeoPoint(lon: 120.9, lat: 32.0), radiusKilometres: 5))
        #expect(area.center == GeoPoint(lon: 120.9, lat: 32.0))
        #expect(try GeoArea.parseCircle("32.0,120.9 0") == .circle(center: GeoPoint(lon: 120.9, lat: 32.0), radiusKilometres: 0))
    }

    @Test("bad circles fail", arguments: ["32.0,120.9", "32.0,120.9 -5", "32.0,120.9 5km", "32.0 120.9 5", "32.0,120.9 5 6", "x,120.9 5"])
    func badCircles(text: String) {
        #expect(throws: StepFailure.self) { try GeoArea.parseCircle(text) }
    }

    @Test("areas convert every point and keep the radius")
    func areaConversion() throws {
        let circle = try GeoArea.parseCircle("32.0,120.9 5").converted(from: .wgs84, to: .gcj02)
        #expect(circle == .circle(center: Datum.wgs84.convert(GeoPoint(lon: 120.9, lat: 32.0), to: .gcj02), radiusKilometres: 5))
        let polygon = try GeoArea.parsePolygon("32.0,120.9 32.1,121.0 32.0,121.1 32.0,120.9").converted(from: .wgs84, to: .gcj02)
        guard case .polygon(let vertices) = polygon else {
            Issue.record("not a polygon")
            return
        }
        #expect(vertices[0] == Datum.wgs84.convert(GeoPoint(lon: 120.9, lat: 32.0), to: .gcj02))
        #expect(vertices[0] == vertices[3])
    }

    @Test("a box contains the points within its bounds, bounds included")
    func box() throws {
        let nantong = try GeoBox(west: 120.2, east: 121.95, south: 31.6, north: 32.7)
        #expect(nantong.contains(GeoPoint(lon: 120.894, lat: 31.98)))
        #expect(nantong.contains(GeoPoint(lon: 120.2, lat: 32.7)))
        #expect(!nantong.contains(GeoPoint(lon: 118.78, lat: 32.04)))
        #expect(!nantong.contains(GeoPoint(lon: .nan, lat: 32)))
        #expect(throws: StepFailure.self) { try GeoBox(west: 122, east: 120, south: 31, north: 32) }
    }
}
