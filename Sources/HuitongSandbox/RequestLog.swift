import HuitongCore
import Synchronization

/// The last requests a sandbox platform answered: method, target, status and the fault, if any.
///
/// Bodies and headers are never kept, so signatures, tokens and personal data cannot leak
/// through a dump. Bounded: the oldest entries go first.
package final class RequestLog: Sendable {
    package struct Entry: Sendable {
        package var time: Timestamp
        package var method: String
        package var target: String
        package var status: Int
        package var fault: String?
    }

    private let entries = Mutex<[Entry]>([])
    private let counts = Mutex<(requests: Int, faults: Int)>((0, 0))
    package let capacity: Int

    package init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func append(_ entry: Entry) {
        entries.withLock { entries in
            if entries.count == capacity { entries.removeFirst(capacity / 10) }
            entries.append(entry)
        }
        counts.withLock {
            $0.requests += 1
            if entry.fault != nil { $0.faults += 1 }
        }
    }

    /// Requests answered (or dropped) since start, and how many of them got an injected fault.
    package var totals: (requests: Int, faults: Int) { counts.withLock { $0 } }

    package var snapshot: [Entry] { entries.withLock { $0 } }

    var json: Value {
        .array(snapshot.map { entry in
            var object = OrderedObject()
            object["time"] = .string(entry.time.formatted(.rfc3339Milliseconds))
            object["method"] = .string(entry.method)
            object["target"] = .string(entry.target)
            object["status"] = .integer(Int64(entry.status))
            if let fault = entry.fault { object["fault"] = .string(fault) }
            return .object(object)
        })
    }
}
