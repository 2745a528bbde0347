import HuitongCore

/// A field whose whole step list `CompiledMapping.map` can run as one typed pass, recognised
/// when the mapping compiles from the steps' ``StepKernel``s.
///
/// Run step by step, every step is a closure call that boxes its result in a `Value` (a point
/// is an object of two members, a number a tagged value) for the next step to unbox, and the
/// field rule then checks again what the steps already guarantee. On a 200k-row export those
/// boxes, calls and checks cost more than the work itself. A fused pass reads the input once,
/// works on doubles, integers, dates and table positions, and builds one `Value` at the end.
///
/// The compiled steps stay the reference: a fused pass gives exactly what they give, or nil to
/// have them run and report any failure in their own words. Every pass is pure (it reads the
/// record and the run's clock), so trying it first changes nothing.
enum FusedField: Sendable {
    case point(PointChain)
    case date(DateChain)
    case number(NumberChain)
    /// With whether the codes it gives satisfy the field's rule (`CompiledField.stepsSatisfyRule`).
    case lookup(LookupChain, satisfiesRule: Bool)

    /// The fused form of a field, if its source and steps have one.
    init?(source: FieldSource, steps: [CompiledStep], rule: FieldRule, stepsSatisfyRule: Bool) {
        if let chain = PointChain(source: source, steps: steps) {
            self = .point(chain)
        } else if let chain = DateChain(source: source, steps: steps, rule: rule) {
            self = .date(chain)
        } else if let chain = NumberChain(source: source, steps: steps) {
            self = .number(chain)
        } else if let chain = LookupChain(source: source, steps: steps) {
            self = .lookup(chain, satisfiesRule: stepsSatisfyRule)
        } else {
            return nil
        }
    }

    /// The present value the steps give for `record`, and whether it is known to satisfy the
    /// field's output rule; nil when the steps must run.
    func value(in record: OrderedObject, text: TextDefaults, clock: any WallClock) -> (value: Value, satisfiesRule: Bool)? {
        switch self {
        case let .point(chain):
            return chain.value(in: record, text: text).map { ($0, false) }
        case let .date(chain):
            return chain.value(in: record, text: text, clock: clock).map { ($0, chain.satisfiesRule) }
        case let .number(chain):
            return chain.value(in: record, text: text).map { ($0, false) }
        case let .lookup(chain, satisfiesRule):
            return chain.value(in: record, text: text).map { ($0, satisfiesRule) }
        }
    }
}
