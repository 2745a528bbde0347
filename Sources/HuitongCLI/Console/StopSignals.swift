import Dispatch
import Foundation
import HuitongCore
import HuitongHub
import Synchronization

/// SIGTERM and SIGINT for a command that runs jobs.
///
/// The first signal asks every run to stop (`StopRequest`): no new batch is sent, the batches
/// in flight are answered and journaled, the lock is released and the command exits 4 saying
/// what is left. The wait for the batches in flight is bounded by the grace period; when it
/// runs out, or when a second signal comes, the process exits at once with status 4 — what had
/// no answer is sent again by the next run under the same idempotency keys.
///
/// Signals are taken on a Dispatch queue, not in a signal handler, so the messages and the
/// exit happen in ordinary code.
final class StopSignals {
    let request = StopRequest()
    private var sources: [any DispatchSourceSignal] = []

    /// How many stop signals have come, across the handlers of both signals.
    private final class Count: Sendable {
        let value = Mutex(0)
    }

    /// - Parameters:
    ///   - command: the command's name, for the messages (`huitong run`).
    ///   - grace: seconds the batches in flight may take after the first signal.
    init(command: String, grace: Double, console: Console) {
        let request = self.request
        let received = Count()
        var made: [any DispatchSourceSignal] = []
        // A serial queue of its own: handled at once even while transfers block every thread
        // of Dispatch's global pool.
        let queue = DispatchQueue(label: "huitong.stop-signals")
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                let name = number == SIGTERM ? "SIGTERM" : "SIGINT"
                let count = received.value.withLock { count in
                    count += 1
                    return count
                }
                if count == 1 {
                    request.request(name)
                    console.diagnostic("\(command): \(name) received; sending no new batches and waiting up to \(Self.seconds(grace)) for those in flight. \(name) again stops at once.")
                    queue.asyncAfter(deadline: .now() + grace) {
                        Self.exitNow(console, "\(command): the batches in flight took longer than \(Self.seconds(grace)); stopping now. Run again to finish: what had no answer is sent again under the same idempotency keys.")
                    }
                } else {
                    Self.exitNow(console, "\(command): \(name) again; stopping now. Run again to finish: what had no answer is sent again under the same idempotency keys.")
                }
            }
            source.resume()
            made.append(source)
        }
        sources = made
    }

    deinit {
        sources.forEach { $0.cancel() }
        // The command is over: the signals mean what they usually mean again.
        for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
    }

    private static func exitNow(_ console: Console, _ message: String) {
        console.diagnostic(message)
        // The runs' job locks are flocks: the kernel releases them as the process exits. Their
        // journals stay as they are; what had no answer yet is sent again by the next run.
        _exit(ExitStatus.runtimeFailure.rawValue)
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}
