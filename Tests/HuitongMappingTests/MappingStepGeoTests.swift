import HuitongCore
import Testing
@testable import HuitongMapping

/// The geographic steps through the language: point, datum, lon, lat, center, polygon and circle.
/// Conversions are checked against `ReferenceDatum`, the agreement's formulas written out again.
@Suite("Mapping steps: geography")
struct MappingStepGeoTests {
    static let pointSteps = "- number\n- point"
    /// A square around Nantong's centre, CAP style (latitude first, closed).
    static let square = "31.9,120.8 31.9,121.0 32.1,121.0 32.1,120.8 31.9,120.8"

    // MARK: point

    @Test("point makes {lon, lat} from a list of two numbers")
    func pointFromList() throws {
        let probe = try StepProbe("place", from: "[a, b]", steps: Self.pointSteps)
        #expect(try probe.value(record: ["a": "120.894", "b": "31.981"]) == ["lon": 120.894, "lat": 31.981])
    }

    @Test("point takes an object with lon and lat")
    func pointFromObject() throws {
        let probe = try StepProbe("place", from: "gps", steps: "- point")
        #expect(try probe.value(record: ["gps": ["lat": 31.981, "lon": 120.894]]) == ["lon": 120.894, "lat": 31.981])
    }

    @Test("point fails a coordinate out of range")
    func pointOutOfRange() throws {
        let failure = try StepProbe("place", from: "[a, b]", steps: Self.pointSteps).failure(record: ["a": "190", "b": "31.9"])
        #expect(failure.rule == "point")
        #expect(failure.value == "190,31.9")
        #expect(failure.message == "longitude 190 is outside −180…180")
    }

    @Test("point fails when only one coordinate is present")
    func pointHalfPresent() throws {
        let failure = try StepProbe("place", from: "[a, b]", steps: Self.pointSteps).failure(record: ["a": "120.9"])
        #expect(failure.message == "longitude and latitude must both be present")
    }

    @Test("point refuses a single string when the mapping is loaded")
    func pointNeedsList() throws {
        #expect(try StepProbe.errors("place", steps: "- point") == ["13:9 step point takes list or object, but receives string here"])
    }

    // MARK: datum

    @Test("datum converts a BD-09 point to WGS-84 as the agreement's formulas do")
    func datumBD09ToWGS84() throws {
        let probe = try StepProbe("place", from: "[a, b]", steps: Self.pointSteps + "\n- datum: {from: BD09, to: WGS84}")
        let place = try probe.value(record: ["a": "120.9035", "b": "31.9862"])
        #expect(ReferenceDatum.isPoint(place, near: ReferenceDatum.wgs84(fromBD09: 120.9035, 31.9862), tolerance: 1e-7))
    }

    @Test("datum converts a WGS-84 point to GCJ-02")
    func datumWGS84ToGCJ02() throws {
        let probe = try StepProbe("place", from: "[a, b]", steps: Self.pointSteps + "\n- datum: {from: WGS84, to: GCJ02}")
        let place = try probe.value(record: ["a": "120.894", "b": "31.981"])
        #expect(ReferenceDatum.isPoint(place, near: ReferenceDatum.gcj02(fromWGS84: 120.894, 31.981), tolerance: 1e-9))
    }

    @Test("datum converts every vertex of an area")
    func datumOnArea() throws {
        let probe = try StepProbe("zone", steps: "- polygon\n- datum: {from: WGS84, to: GCJ02}")
        let zone = try #require(try probe.value(Value.string(Self.square)))
        #expect(zone["type"] == "polygon")
        let points = try #require(zone["points"]?.arrayValue)
        #expect(points.count == 5)
        #expect(ReferenceDatum.isPoint(points[1], near: ReferenceDatum.gcj02(fromWGS84: 121.0, 31.9), tolerance: 1e-9))
    }

    @Test("datum moves a circle's centre and keeps its radius")
    func datumOnCircle() throws {
        let probe = try StepProbe("zone", steps: "- circle\n- datum: {from: WGS84, to: GCJ02}")
        let zone = try #require(try probe.value("32.0,120.9 5"))
        #expect(zone["radius_km"] == 5.0)
        #expect(ReferenceDatum.isPoint(zone["center"], near: ReferenceDatum.gcj02(fromWGS84: 120.9, 32.0), tolerance: 1e-9))
    }

    @Test("datum refuses an unknown datum at its arguments")
    func datumUnknown() throws {
        let errors = try StepProbe.errors("place", from: "[a, b]", steps: Self.pointSteps + "\n- datum: {from: BD09, to: WGS1984}")
        #expect(errors == [#"15:16 unknown datum "WGS1984"; use WGS84, GCJ02 or BD09"#])
    }

    @Test("datum refuses a string when the mapping is loaded")
    func datumNeedsPoint() throws {
        let errors = try StepProbe.errors("place", steps: "- datum: {from: BD09, to: WGS84}")
        #expect(errors == ["13:9 step datum takes point or area, but receives string here"])
    }

    // MARK: lon, lat

    @Test("lon and lat give one coordinate of a point")
    func lonAndLat() throws {
        let lon = try StepProbe("amount", from: "[a, b]", steps: Self.pointSteps + "\n- lon")
        let lat = try StepProbe("amount", from: "[a, b]", steps: Self.pointSteps + "\n- lat")
        #expect(try lon.value(record: ["a": "120.894", "b": "31.981"]) == 120.894)
        #expect(try lat.value(record: ["a": "120.894", "b": "31.981"]) == 31.981)
    }

    @Test("lon refuses a string when the mapping is loaded")
    func lonNeedsPoint() throws {
        #expect(try StepProbe.errors("amount", steps: "- lon") == ["13:9 step lon takes point, but receives string here"])
    }

    // MARK: polygon, circle, center

    @Test("polygon reads CAP text, latitude first, into an area")
    func polygonStep() throws {
        let zone = try #require(try StepProbe("zone", steps: "- polygon").value(Value.string(Self.square)))
        #expect(zone["type"] == "polygon")
        #expect(zone["points"]?[0] == ["lon": 120.8, "lat": 31.9])
    }

    @Test("polygon fails fewer than four pairs")
    func polygonTooShort() throws {
        let failure = try StepProbe("zone", steps: "- polygon").failure("31.9,120.8 31.9,121.0")
        #expect(failure.rule == "polygon")
        #expect(failure.message == "a polygon needs at least 4 lat,lon pairs, the last repeating the first; 2 given")
    }

    @Test("circle reads CAP text into an area with a centre and a radius")
    func circleStep() throws {
        let zone = try StepProbe("zone", steps: "- circle").value("32.0,120.9 5")
        #expect(zone == ["type": "circle", "center": ["lon": 120.9, "lat": 32.0], "radius_km": 5.0])
    }

    @Test("circle fails text without a radius")
    func circleWithoutRadius() throws {
        let failure = try StepProbe("zone", steps: "- circle").failure("32.0,120.9")
        #expect(failure.rule == "circle")
        #expect(failure.message == #"a circle is "lat,lon radius_km": "32.0,120.9""#)
    }

    @Test("center of a polygon is the mean of its distinct vertices, the closing one dropped")
    func centerOfPolygon() throws {
        let probe = try StepProbe("place", steps: "- polygon\n- center")
        let place = try probe.value(Value.string(Self.square))
        #expect(ReferenceDatum.isPoint(place, near: (120.9, 32.0), tolerance: 1e-12))
    }

    @Test("center of a circle is its centre")
    func centerOfCircle() throws {
        #expect(try StepProbe("place", steps: "- circle\n- center").value("32.0,120.9 5") == ["lon": 120.9, "lat": 32.0])
    }

    @Test("center refuses a point when the mapping is loaded")
    func centerNeedsArea() throws {
        let errors = try StepProbe.errors("place", from: "[a, b]", steps: Self.pointSteps + "\n- center")
        #expect(errors == ["15:9 step center takes area, but receives point here"])
    }
}
