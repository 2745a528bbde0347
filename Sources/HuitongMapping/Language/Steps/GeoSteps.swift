import HuitongCore
import HuitongYAML

/// Steps on coordinates: making points, datum conversion, coordinates, CAP areas and centres.
enum GeoSteps {
    static func register(into registry: inout StepRegistry) {
        registry.register(StepDefinition(name: "point", summary: "[lon, lat] → point") { c throws(YAMLError) in
            try c.requireInput(.list, .object, stepName: "point")
            try c.refuseArguments("point")
            return CompiledStep(name: "point", outputType: .point, handlesAbsent: false, kernel: .point) { value, _ in
                let lon: Double?, lat: Double?
                switch value {
                case let .array(items) where items.count == 2:
                    if items[0].isNull || items[1].isNull {
                        return .failure("longitude and latitude must both be present")
                    }
                    (lon, lat) = (items[0].numberForSteps, items[1].numberForSteps)
                case .object:
                    (lon, lat) = (value["lon"]?.numberForSteps, value["lat"]?.numberForSteps)
                default:
                    return wrongKind(value, expected: "[longitude, latitude]")
                }
                guard let lon, let lat else { return wrongKind(value, expected: "two numbers, longitude and latitude") }
                return attempt { () throws(StepFailure) in GeoValues.value(try GeoPoint.validated(lon: lon, lat: lat)) }
            }
        })
        registry.register(StepDefinition(name: "datum", summary: "converts between WGS84, GCJ02 and BD09") { c throws(YAMLError) in
            try c.requireInput(.point, .area, stepName: "datum")
            let arguments = try c.requireArguments("datum", example: "datum: {from: BD09, to: WGS84}")
            try c.allowOnly(["from", "to"], in: arguments, stepName: "datum")
            let fromText = try arguments.require("from").requireString(), toText = try arguments.require("to").requireString()
            let (source, target) = try c.building { () throws(StepFailure) in (try Datum(named: fromText), try Datum(named: toText)) }
            return CompiledStep(name: "datum", outputType: c.inputType, handlesAbsent: false, kernel: .datum(from: source, to: target)) { value, _ in
                if let point = GeoValues.point(value) { return .value(GeoValues.value(source.convert(point, to: target))) }
                if let area = GeoValues.area(value) { return .value(GeoValues.value(area.converted(from: source, to: target))) }
                return wrongKind(value, expected: "a point or an area")
            }
        })
        for coordinate in ["lon", "lat"] {
            registry.register(StepDefinition(name: coordinate, summary: "one coordinate of a point") { c throws(YAMLError) in
                try c.requireInput(.point, stepName: coordinate)
                try c.refuseArguments(coordinate)
                return CompiledStep(name: coordinate, outputType: .decimal, handlesAbsent: false) { value, _ in
                    guard let point = GeoValues.point(value) else { return wrongKind(value, expected: "a point") }
                    return .value(.double(coordinate == "lon" ? point.lon : point.lat))
                }
            })
        }
        registry.register(StepDefinition(name: "center", summary: "the centre of an area") { c throws(YAMLError) in
            try c.requireInput(.area, stepName: "center")
            try c.refuseArguments("center")
            return CompiledStep(name: "center", outputType: .point, handlesAbsent: false) { value, _ in
                guard let area = GeoValues.area(value) else { return wrongKind(value, expected: "an area") }
                return .value(GeoValues.value(area.center))
            }
        })
        area(&registry, "polygon", "CAP polygon text → area", GeoArea.parsePolygon)
        area(&registry, "circle", "CAP circle text → area", GeoArea.parseCircle)
    }

    private static func area(
        _ registry: inout StepRegistry, _ name: String, _ summary: String,
        _ parse: @escaping @Sendable (String) throws(StepFailure) -> GeoArea
    ) {
        registry.register(StepDefinition(name: name, summary: summary) { c throws(YAMLError) in
            try c.requireInput(.string, stepName: name)
            try c.refuseArguments(name)
            return CompiledStep(name: name, outputType: .area, handlesAbsent: false) { value, _ in
                guard let text = value.stringValue else { return wrongKind(value, expected: "CAP \(name) text") }
                return attempt { () throws(StepFailure) in GeoValues.value(try parse(text)) }
            }
        })
    }
}
