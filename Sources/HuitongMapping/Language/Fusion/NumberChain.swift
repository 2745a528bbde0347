import HuitongCore

/// A field made from one input by `number` or `integer`, then any `range` and `round` steps
/// (a floor area, a head count): the number is read once and checked and rounded as a number,
/// without a `Value` and a closure call between the steps.
///
/// A text that is not a number, or a number outside a range, makes ``value(in:text:)`` return
/// nil: the steps then run and fail with their own messages. None has another effect.
///
/// A class so that reading it from its field, once per row, costs one retain.
final class NumberChain: Sendable {
    enum Reading: Sendable {
        case decimal(NumberParser)
        case integer(IntegerParser)
    }

    let path: InputPath
    let reading: Reading
    /// The `range` and `round` steps after the first, in order.
    let adjustments: [StepKernel]

    /// The chain `steps` form over `source`, or nil when they are not one.
    init?(source: FieldSource, steps: [CompiledStep]) {
        guard case let .input(path) = source, let first = steps.first?.kernel,
              steps.allSatisfy({ !$0.runsOnEachElement })
        else { return nil }
        switch first {
        case let .number(parser): reading = .decimal(parser)
        case let .integer(parser): reading = .integer(parser)
        default: return nil
        }
        var adjustments: [StepKernel] = []
        for step in steps.dropFirst() {
            switch step.kernel {
            case let kernel? where Self.isAdjustment(kernel): adjustments.append(kernel)
            default: return nil
            }
        }
        self.path = path
        self.adjustments = adjustments
    }

    private static func isAdjustment(_ kernel: StepKernel) -> Bool {
        switch kernel {
        case .range, .round: true
        case .number, .integer, .point, .datum, .date, .datetime, .notFuture, .lookup: false
        }
    }

    /// The number the steps give for `record`, or nil to let them run.
    func value(in record: OrderedObject, text: TextDefaults) -> Value? {
        guard case let .string(string) = text.clean(path.value(in: record) ?? .null) else { return nil }
        switch reading {
        case let .decimal(parser):
            guard var number = try? parser.parse(string) else { return nil }
            for adjustment in adjustments {
                switch adjustment {
                case let .range(range): guard (try? range.check(number)) != nil else { return nil }
                case let .round(decimals): number = NumberFunctions.rounded(number, toDecimals: decimals)
                default: return nil
                }
            }
            return .double(number)
        case let .integer(parser):
            guard let number = try? parser.parse(string) else { return nil }
            for adjustment in adjustments {
                switch adjustment {
                case let .range(range): guard (try? range.check(Double(number))) != nil else { return nil }
                case .round: continue  // an integer has no decimals to round
                default: return nil
                }
            }
            return .integer(number)
        }
    }
}
