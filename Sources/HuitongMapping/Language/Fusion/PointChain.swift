import HuitongCore

/// A field made from `from: [lon, lat]` by `number`, `point`, then any `datum` and `round`
/// steps (the shelter registry's location): run on two doubles, building one point object at
/// the end instead of a list, a list of numbers and a point object per step.
///
/// Only the happy path is fused. When an item is absent, is not a number, or the point is off
/// the globe, ``value(in:text:)`` returns nil and the field goes through its compiled steps,
/// which fail with their own messages; the chain has no side effects, so running it first
/// changes nothing.
///
/// A class so that reading it from its field, once per row, costs one retain.
final class PointChain: Sendable {
    let longitude: InputPath
    let latitude: InputPath
    let parser: NumberParser
    /// The `datum` and `round` steps after `point`, in order.
    let adjustments: [StepKernel]

    /// The chain `steps` form over `source`, or nil when they are not one.
    init?(source: FieldSource, steps: [CompiledStep]) {
        guard case let .inputs(paths) = source, paths.count == 2, steps.count >= 2,
              case let .number(parser)? = steps[0].kernel, steps[0].runsOnEachElement,
              case .point? = steps[1].kernel, !steps[1].runsOnEachElement
        else { return nil }
        var adjustments: [StepKernel] = []
        for step in steps.dropFirst(2) {
            guard !step.runsOnEachElement, let kernel = step.kernel else { return nil }
            switch kernel {
            case .datum, .round: adjustments.append(kernel)
            case .number, .integer, .range, .point, .date, .datetime, .notFuture, .lookup: return nil
            }
        }
        longitude = paths[0]
        latitude = paths[1]
        self.parser = parser
        self.adjustments = adjustments
    }

    /// The point the steps give for `record`, or nil to let the steps run.
    func value(in record: OrderedObject, text: TextDefaults) -> Value? {
        guard let lon = number(at: longitude, in: record, text: text),
              let lat = number(at: latitude, in: record, text: text),
              // `GeoPoint.validated`, whose failures the `point` step reports.
              lon.isFinite, lon >= -180, lon <= 180, lat.isFinite, lat >= -90, lat <= 90
        else { return nil }
        var point = GeoPoint(lon: lon, lat: lat)
        for adjustment in adjustments {
            switch adjustment {
            case let .datum(source, target): point = source.convert(point, to: target)
            case let .round(decimals): point = point.rounded(toDecimals: decimals)
            case .number, .integer, .range, .point, .date, .datetime, .notFuture, .lookup: return nil
            }
        }
        return GeoValues.value(point)
    }

    /// What the `number` step gives for one item; nil where it would fail or skip an absent item.
    private func number(at path: InputPath, in record: OrderedObject, text: TextDefaults) -> Double? {
        switch text.clean(path.value(in: record) ?? .null) {
        case let .integer(number): return Double(number)
        case let .double(number): return number
        case let .string(string): return try? parser.parse(string)
        default: return nil
        }
    }
}
