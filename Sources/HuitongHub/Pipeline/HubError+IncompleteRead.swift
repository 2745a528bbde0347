import HuitongAdapters

extension HubError {
    /// A job's source read stopped before the end of the source, so the run stops before
    /// anything is sent: its run directory holds no marker, and the next run reads afresh.
    static func incompleteRead(_ incomplete: IncompleteRead, job: String) -> HubError {
        let place = incomplete.origin.map { " at \($0)" } ?? ""
        return HubError(
            .incompleteRead,
            "job \(job): the source read stopped early\(place): \(incomplete.reason). "
                + "Nothing was sent or deleted. Next: \(incomplete.fix).",
            exitStatus: incomplete.exitStatus
        )
    }
}
