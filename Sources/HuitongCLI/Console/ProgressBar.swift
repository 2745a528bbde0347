import Foundation
import HuitongHub
import Synchronization

/// A run's progress on a terminal: one line on standard error, redrawn in place at most ten
/// times a second — records read with their rate while the source is read, then per target a bar
/// of the records answered with the rate and the time left. Only when standard error is a
/// terminal and the output is not `--json`; nothing of it reaches standard output.
final class ProgressDisplay: Sendable {
    private struct State {
        var phase: String?
        var phaseStarted = ContinuousClock.now
        var lastDrawn: ContinuousClock.Instant?
        var drawn = false
    }

    private let write: @Sendable (String) -> Void
    private let job: String
    private let state = Mutex(State())

    init(job: String, write: @escaping @Sendable (String) -> Void) {
        self.job = job
        self.write = write
    }

    func show(_ progress: RunProgress) {
        let now = ContinuousClock.now
        let text: String? = state.withLock { state in
            let (phase, done, total) = switch progress {
            case let .reading(source, records): ("reading \(source)", records, nil as Int?)
            case let .sending(target, answered, total): ("→ \(target)", answered, total)
            }
            var prefix = ""
            if state.phase != phase {
                // A new phase: the last one's line stays, as it ended.
                if state.drawn { prefix = "\n" }
                state.phase = phase
                state.phaseStarted = now
                state.lastDrawn = nil
            }
            let finished = total.map { done >= $0 } ?? false
            if let last = state.lastDrawn, now - last < .milliseconds(100), !finished { return nil }
            state.lastDrawn = now
            state.drawn = true
            let elapsed = now - state.phaseStarted
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return prefix + "\r" + Self.line(job: job, phase: phase, done: done, total: total, seconds: seconds) + "\u{1B}[K"
        }
        if let text { write(text) }
    }

    /// Ends the line (before the run's summary is printed).
    func finish() {
        let drawn = state.withLock { state in
            defer { state.drawn = false; state.phase = nil }
            return state.drawn
        }
        if drawn { write("\n") }
    }

    /// `  shelters → province-rfgc [███████░░░░░░░░░░░░░] 3,500/10,000 35%  1,200 rec/s  ETA 5s`,
    /// or `  shelters reading shelters.csv  12,000 records  4,000 rec/s` without a total.
    static func line(job: String, phase: String, done: Int, total: Int?, seconds: Double, width: Int = 20) -> String {
        let rate = seconds > 0.05 ? Double(done) / seconds : nil
        let rateText = rate.map { "  \(grouped(Int($0.rounded()))) rec/s" } ?? ""
        guard let total, total > 0 else {
            return "  \(job) \(phase)  \(grouped(done)) records\(rateText)"
        }
        let share = min(1, Double(done) / Double(total))
        let filled = Int((share * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var eta = ""
        if let rate, rate > 0, done < total {
            eta = "  ETA " + duration(Double(total - done) / rate)
        }
        return "  \(job) \(phase) [\(bar)] \(grouped(done))/\(grouped(total)) \(Int((share * 100).rounded(.down)))%\(rateText)\(eta)"
    }

    /// `12,345`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (number < 0 ? "-" : "") + result
    }

    /// `45s`, `3m05s`, `2h10m`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m" + String(format: "%02d", whole % 60) + "s" }
        return "\(whole / 3600)h" + String(format: "%02d", (whole % 3600) / 60) + "m"
    }
}
