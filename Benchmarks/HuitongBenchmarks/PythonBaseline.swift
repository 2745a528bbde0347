/// The same work done by CPython's `json` module, timed inside Python so that interpreter
/// start-up is not counted: read line by line, `json.loads`, `json.dumps` with sorted keys and
/// no white space (what canonical JSON gives for this data), and sum the UTF-8 output bytes.
enum PythonBaseline {
    /// What one Python run reports, best of its timed runs.
    struct Result {
        var records: Int
        var outputBytes: Int
        var seconds: Double
    }

    private static let script = """
    import json, sys, time
    path, runs = sys.argv[1], int(sys.argv[2])
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        records = output = 0
        with open(path, "rb") as lines:
            for line in lines:
                if not line.strip():
                    continue
                text = json.dumps(json.loads(line), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                output += len(text.encode("utf-8"))
                records += 1
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"records={records} output_bytes={output} seconds={best:.6f}")
    """

    /// Runs `python3` over the file at `path`, timing `runs` passes.
    static func run(on path: String, runs: Int) throws -> Result {
        let fields = try PythonScript.run(script, arguments: [path, String(runs)])
        return Result(
            records: try fields.integer("records"), outputBytes: try fields.integer("output_bytes"),
            seconds: try fields.double("seconds")
        )
    }
}
