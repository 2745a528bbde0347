/// Where one job keeps its state, by mode: production and joint-test runs never share state.
///
///     <state>/<job>[/test]/checkpoint.json           the adapter's committed checkpoint
///     <state>/<job>[/test]/lock                      held while a run is going
///     <state>/<job>[/test]/history.jsonl             every run's start and end (RunHistoryFile)
///     <state>/<job>[/test]/targets/<target>/accepted.jsonl   what the platform accepted, by key
///     <state>/<job>[/test]/targets/<target>/rejected.jsonl   what it refused, until the content changes
///     <state>/<job>[/test]/targets/<target>/memo.jsonl       what its mapping made of each schema record
///     <state>/<job>[/test]/run/                      the run in progress (staged, planned, journal)
struct JobPaths: Sendable {
    let root: String

    init(stateDirectory: String, job: String, test: Bool) {
        root = stateDirectory + "/" + job + (test ? "/test" : "")
    }

    var checkpoint: String { root + "/checkpoint.json" }
    var lock: String { root + "/lock" }
    var history: String { root + "/history.jsonl" }
    var run: String { root + "/run" }
    /// The standard error of the job's process plugin in its last read (bounded, secrets masked).
    var pluginLog: String { root + "/plugin-stderr.log" }
    var runMarker: String { run + "/run.json" }
    var runCheckpoint: String { run + "/checkpoint.json" }
    var sourceSetAside: String { run + "/set-aside.jsonl" }

    func target(_ name: String) -> TargetPaths { TargetPaths(state: root + "/targets/" + name, run: run + "/" + name) }
}

/// One target's files.
struct TargetPaths: Sendable {
    let state: String
    let run: String

    var accepted: String { state + "/accepted.jsonl" }
    var rejected: String { state + "/rejected.jsonl" }
    /// What the target's mapping made of each schema record (``MappingMemo``), as last committed.
    var memo: String { state + "/memo.jsonl" }
    /// The memo this run writes, moved to `memo` when the run is committed.
    var runMemo: String { run + "/memo.jsonl" }
    var staged: String { run + "/staged.jsonl" }
    var setAside: String { run + "/set-aside.jsonl" }
    var plan: String { run + "/plan.jsonl" }
    var journal: String { run + "/journal.jsonl" }
}
