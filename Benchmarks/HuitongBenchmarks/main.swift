import Foundation

// `swift run -c release HuitongBenchmarks [--records N | --rows N] [--keep FILE] [--runs N] [--mappings DIR] [--no-baseline] [--list] [NAME…]`
// Runs the named benchmarks, or all of them, one after another.

var registry = BenchmarkRegistry()
registry.register(JSONLinesCanonicalBenchmark.benchmark)
registry.register(ShelterMappingBenchmark.benchmark)
registry.register(AdaptersBenchmark.benchmark)
registry.register(PushBenchmark.benchmark)
registry.register(PipelineBenchmark.benchmark)
registry.register(ShelterPipelineBenchmark.benchmark)
registry.register(MapCommandBenchmark.benchmark)
registry.register(DiffBenchmark.benchmark)

let usage = "usage: HuitongBenchmarks [--records N | --rows N] [--keep FILE] [--runs N] [--mappings DIR] [--no-baseline] [--list] [NAME...]"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("HuitongBenchmarks: \(message)\n\(usage)\n".utf8))
    exit(2)
}

// A child the adapters benchmark started to measure the Swift side's peak memory alone.
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == AdaptersChild.flag {
    AdaptersChild.main(Array(CommandLine.arguments.dropFirst(2)))
}
// The small process the pipeline benchmark runs `huitong` from, so its peak memory is its own.
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == MeasuredCommand.flag {
    MeasuredCommand.main(Array(CommandLine.arguments.dropFirst(2)))
}

var settings = BenchmarkSettings()
var names: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--records", "--rows":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), value > 0 else { fail("\(argument) needs a positive number") }
        settings.records = value
    case "--runs":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), value > 0 else { fail("--runs needs a positive number") }
        settings.runs = value
    case "--keep":
        guard let value = arguments.popFirst() else { fail("--keep needs a file path") }
        settings.keepPath = value
    case "--mappings":
        guard let value = arguments.popFirst() else { fail("--mappings needs a directory") }
        settings.mappingsPath = value
    case "--no-baseline":
        settings.runsBaselines = false
    case "--list":
        for benchmark in registry.benchmarks {
            print("\(benchmark.name)  \(benchmark.summary)")
        }
        exit(0)
    case "-h", "--help":
        print(usage)
        exit(0)
    default:
        if argument.hasPrefix("-") { fail("unknown option \(argument)") }
        names.append(argument)
    }
}

let selected = names.isEmpty ? registry.benchmarks : names.map { name in
    guard let benchmark = registry.benchmark(named: name) else {
        fail("no benchmark named \(name); known: \(registry.benchmarks.map(\.name).joined(separator: ", "))")
    }
    return benchmark
}

for benchmark in selected {
    do {
        try benchmark.run(settings)
    } catch {
        FileHandle.standardError.write(Data("HuitongBenchmarks: \(benchmark.name) failed: \(error)\n".utf8))
        exit(1)
    }
}
