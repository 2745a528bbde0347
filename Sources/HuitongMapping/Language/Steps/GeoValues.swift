import HuitongCore

/// How points and areas travel as `Value`s between steps and in records
/// (mappings/schema/README.md): a point is `{"lon": x, "lat": y}`; an area is
/// `{"type": "polygon", "points": [point…]}` or `{"type": "circle", "center": point, "radius_km": r}`.
enum GeoValues {
    static func value(_ point: GeoPoint) -> Value {
        // Two known, distinct keys: appended directly, without the duplicate search (and the
        // array of pairs) `init(uniqueKeysWithValues:)` costs, once per point of every row.
        var object = OrderedObject()
        object.reserveCapacity(2)
        object.appendNewMember(.double(point.lon), forKey: "lon")
        object.appendNewMember(.double(point.lat), forKey: "lat")
        return .object(object)
    }

    static func point(_ value: Value) -> GeoPoint? {
        guard let lon = value["lon"]?.numberForSteps, let lat = value["lat"]?.numberForSteps else { return nil }
        return GeoPoint(lon: lon, lat: lat)
    }

    static func value(_ area: GeoArea) -> Value {
        switch area {
        case let .polygon(points):
            return .object(OrderedObject(uniqueKeysWithValues: [
                ("type", .string("polygon")), ("points", .array(points.map(value))),
            ]))
        case let .circle(center, radius):
            return .object(OrderedObject(uniqueKeysWithValues: [
                ("type", .string("circle")), ("center", value(center)), ("radius_km", .double(radius)),
            ]))
        }
    }

    static func area(_ value: Value) -> GeoArea? {
        switch value["type"]?.stringValue {
        case "polygon":
            guard let items = value["points"]?.arrayValue else { return nil }
            let points = items.compactMap(point)
            return points.count == items.count ? .polygon(points) : nil
        case "circle":
            guard let center = value["center"].flatMap(point), let radius = value["radius_km"]?.numberForSteps else { return nil }
            return .circle(center: center, radiusKilometres: radius)
        default:
            return nil
        }
    }
}
