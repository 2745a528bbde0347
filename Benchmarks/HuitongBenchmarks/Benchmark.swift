/// One named benchmark: what `make bench` can run and report.
///
/// A benchmark does its own setup (generating data, say), times what it claims, and prints its
/// result lines; it throws only when it cannot run at all.
struct Benchmark: Sendable {
    /// The name to choose it by on the command line, in kebab case.
    let name: String
    /// One line for `--list`.
    let summary: String
    /// Runs the benchmark and prints its results.
    let run: @Sendable (BenchmarkSettings) throws -> Void
}

/// Settings from the command line that every benchmark may use.
struct BenchmarkSettings: Sendable {
    /// How many records (readings, registry rows) to generate; `nil` leaves each benchmark its
    /// own default.
    var records: Int?
    /// Where to write generated data and keep it; `nil` uses a temporary directory, removed afterwards.
    var keepPath: String?
    /// How many times each side is timed; the best run counts.
    var runs = 3
    /// Whether to run baselines in other languages (off for profiling the Swift side alone).
    var runsBaselines = true
    /// The mappings directory (schema, code tables, source mappings); relative paths start at
    /// the working directory, which for `make bench` is the repository root.
    var mappingsPath = "mappings"
}

/// The benchmarks this executable knows, by name, in registration order.
struct BenchmarkRegistry {
    private(set) var benchmarks: [Benchmark] = []

    /// Adds `benchmark`; a second benchmark with the same name is a programming error.
    mutating func register(_ benchmark: Benchmark) {
        precondition(self.benchmark(named: benchmark.name) == nil, "benchmark \(benchmark.name) registered twice")
        benchmarks.append(benchmark)
    }

    /// The benchmark called `name`, if registered.
    func benchmark(named name: String) -> Benchmark? {
        benchmarks.first { $0.name == name }
    }
}
