/// A position as longitude and latitude in degrees, in whatever ``Datum`` the mapping says:
/// the mapping language's `point` type (`{lon, lat}`).
struct GeoPoint: Sendable, Hashable, CustomStringConvertible {
    var lon: Double
    var lat: Double

    init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }

    /// The `point` step: a point from two numbers, which must be finite and on the globe
    /// (longitude −180…180, latitude −90…90). Swapped coordinates in China show up here: a
    /// "latitude" of 120.9 is refused.
    static func validated(lon: Double, lat: Double) throws(StepFailure) -> GeoPoint {
        guard lon.isFinite, lon >= -180, lon <= 180 else {
            throw StepFailure("longitude \(NumberFunctions.text(of: lon)) is outside −180…180")
        }
        guard lat.isFinite, lat >= -90, lat <= 90 else {
            throw StepFailure("latitude \(NumberFunctions.text(of: lat)) is outside −90…90")
        }
        return GeoPoint(lon: lon, lat: lat)
    }

    /// Both coordinates rounded half away from zero (the agreement: 6 decimals).
    func rounded(toDecimals decimals: Int) -> GeoPoint {
        GeoPoint(lon: NumberFunctions.rounded(lon, toDecimals: decimals),
                 lat: NumberFunctions.rounded(lat, toDecimals: decimals))
    }

    /// `lon,lat`, for messages.
    var description: String { "\(NumberFunctions.text(of: lon)),\(NumberFunctions.text(of: lat))" }
}

/// An area from a CAP alert (OASIS CAP 1.2, `<polygon>` and `<circle>`): the mapping
/// language's `area` type.
enum GeoArea: Sendable, Equatable {
    /// The vertices as the alert lists them, closing vertex (equal to the first) included.
    case polygon([GeoPoint])
    /// A centre and a radius in kilometres.
    case circle(center: GeoPoint, radiusKilometres: Double)

    /// The `polygon` step: CAP polygon text, space-separated `lat,lon` pairs (latitude first,
    /// as CAP writes them), at least four, the first equal to the last (CAP 1.2 §3.2.4).
    static func parsePolygon(_ text: String) throws(StepFailure) -> GeoArea {
        let pairs = try CAPText.pairs(in: text, kind: "polygon")
        guard pairs.count >= 4 else {
            throw StepFailure("a polygon needs at least 4 lat,lon pairs, the last repeating the first; \(pairs.count) given")
        }
        guard let first = pairs.first?.point, let last = pairs.last?.point, first == last else {
            throw StepFailure(
                "the polygon is not closed: the first pair \(pairs[0].text) differs from the last \(pairs[pairs.count - 1].text)")
        }
        return .polygon(pairs.map(\.point))
    }

    /// The `circle` step: CAP circle text, `lat,lon radius_km`.
    static func parseCircle(_ text: String) throws(StepFailure) -> GeoArea {
        let words = CAPText.words(in: text)
        guard words.count == 2 else {
            throw StepFailure("a circle is \"lat,lon radius_km\": \(StepFailure.quoted(text))")
        }
        let center = try CAPText.pair(words[0], number: 1, kind: "circle")
        guard let radius = CAPText.number(words[1]), radius >= 0 else {
            throw StepFailure("the circle radius \(StepFailure.quoted(String(words[1]))) is not a number of kilometres ≥ 0")
        }
        return .circle(center: center, radiusKilometres: radius)
    }

    /// The `center` step. Polygon: the mean of its distinct vertices, the closing vertex
    /// dropped (mapping agreement, CAP events: "mean of its distinct vertices (the closing pair
    /// dropped)"); a vertex listed twice elsewhere in the ring also counts once, since the
    /// agreement says distinct. Circle: its centre. (A polygon without vertices, which
    /// ``parsePolygon(_:)`` never makes, has a NaN centre rather than a trap.)
    var center: GeoPoint {
        switch self {
        case .circle(let center, _):
            return center
        case .polygon(let vertices):
            var distinct: [GeoPoint] = []
            var seen = Set<GeoPoint>()
            for vertex in vertices where seen.insert(vertex).inserted {
                distinct.append(vertex)
            }
            guard !distinct.isEmpty else { return GeoPoint(lon: .nan, lat: .nan) }
            var lon = 0.0, lat = 0.0
            for vertex in distinct {
                lon += vertex.lon
                lat += vertex.lat
            }
            return GeoPoint(lon: lon / Double(distinct.count), lat: lat / Double(distinct.count))
        }
    }

    /// The area with every point moved from one datum to another; a radius stays as it is.
    func converted(from source: Datum, to target: Datum) -> GeoArea {
        switch self {
        case .polygon(let vertices): .polygon(vertices.map { source.convert($0, to: target) })
        case .circle(let center, let radius): .circle(center: source.convert(center, to: target), radiusKilometres: radius)
        }
    }
}

/// A longitude/latitude box, bounds included: "is this point in Nantong" plausibility checks.
struct GeoBox: Sendable, Equatable {
    let west: Double
    let east: Double
    let south: Double
    let north: Double

    /// A box; fails unless west ≤ east and south ≤ north (boxes across the antimeridian are
    /// not needed in China and are refused rather than misread).
    init(west: Double, east: Double, south: Double, north: Double) throws(StepFailure) {
        guard west.isFinite, east.isFinite, south.isFinite, north.isFinite, west <= east, south <= north else {
            throw StepFailure("a box needs west ≤ east and south ≤ north")
        }
        self.west = west
        self.east = east
        self.south = south
        self.north = north
    }

    func contains(_ point: GeoPoint) -> Bool {
        point.lon >= west && point.lon <= east && point.lat >= south && point.lat <= north
    }
}

/// Reading CAP coordinate text.
private enum CAPText {
    /// White-space separated words (CAP: "whitespace-delimited").
    static func words(in text: String) -> [Substring] {
        text.split(whereSeparator: { $0.isWhitespace })
    }

    /// Every `lat,lon` pair of `text`, with its text for messages.
    static func pairs(in text: String, kind: String) throws(StepFailure) -> [(point: GeoPoint, text: Substring)] {
        var pairs: [(point: GeoPoint, text: Substring)] = []
        for (index, word) in words(in: text).enumerated() {
            pairs.append((try pair(word, number: index + 1, kind: kind), word))
        }
        return pairs
    }

    /// One `lat,lon` pair; `number` counts from 1, for messages.
    static func pair(_ word: Substring, number: Int, kind: String) throws(StepFailure) -> GeoPoint {
        let parts = word.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let lat = self.number(parts[0]), let lon = self.number(parts[1]) else {
            throw StepFailure("\(kind) pair \(number) \(StepFailure.quoted(String(word))) is not \"latitude,longitude\"")
        }
        guard lat >= -90, lat <= 90 else {
            throw StepFailure("\(kind) pair \(number): latitude \(parts[0]) is outside −90…90 (CAP writes latitude first)")
        }
        guard lon >= -180, lon <= 180 else {
            throw StepFailure("\(kind) pair \(number): longitude \(parts[1]) is outside −180…180")
        }
        return GeoPoint(lon: lon, lat: lat)
    }

    /// A plain decimal filling the whole of `text`.
    static func number(_ text: Substring) -> Double? {
        var text = String(text)
        return text.withUTF8 { bytes -> Double? in
            let scanned = DecimalScanner.scan(bytes, upTo: bytes.count, separator: nil)
            guard scanned.hasDigits, scanned.end == bytes.count else { return nil }
            let value = DecimalScanner.doubleValue(of: scanned, scaledBy: 0, bytes: bytes, separator: nil)
            return value.isFinite ? value : nil
        }
    }
}
