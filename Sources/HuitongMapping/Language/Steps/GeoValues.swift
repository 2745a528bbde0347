import HuitongCore

/// How points and areas travel as `Value`s between steps and in records
/// (mappings/schema/README.md): a point is `{"lon": x, "lat": y}`; an area is
/// `{"type": "polygon", "points": [point…]}` or `{"type": "circle", "center": point, "radius_km": r}`.
enum GeoValues {
    static func value(_ point: GeoPoint) -> Value {
        .object(OrderedObject(uniqueKeysWithValues: [("lon", .double(point.lon)), ("lat", .double(point.lat))]))
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
