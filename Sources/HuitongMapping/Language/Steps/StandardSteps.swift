extension StepRegistry {
    /// Every step of the mapping language (docs/mapping-language.md), registered once.
    static let standard: StepRegistry = {
        var registry = StepRegistry()
        TextSteps.register(into: &registry)
        NumberSteps.register(into: &registry)
        DateSteps.register(into: &registry)
        GeoSteps.register(into: &registry)
        CodeSteps.register(into: &registry)
        CheckSteps.register(into: &registry)
        ControlSteps.register(into: &registry)
        return registry
    }()
}
