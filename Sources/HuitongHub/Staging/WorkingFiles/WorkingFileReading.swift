import Foundation
import HuitongCore
import HuitongPlatforms

/// Every line of a JSON Lines file as bytes (without the line end), with where it is: for the
/// working files whose lines are read without building a value (staged records, the journal's
/// batch index).
func forEachLineBytes(of path: String, _ body: ([UInt8], StagedPlace, _ lineNumber: Int) throws(HubError) -> Void) throws(HubError) {
    guard FileManager.default.fileExists(atPath: path) else { return }
    let reader: JSONLinesReader
    do {
        reader = try JSONLinesReader(path: path)
    } catch {
        throw HubError.disk("cannot read \(path): \(error)", 0)
    }
    while true {
        let line: JSONLine<[UInt8]>?
        do {
            line = try reader.nextBytes()
        } catch {
            throw HubError.corrupt("\(path): \(error)")
        }
        guard let line else { break }
        switch line.content {
        case let .success(bytes):
            try body(bytes, StagedPlace(offset: line.startOffset, length: line.endOffset - line.startOffset), line.lineNumber)
        case let .failure(error):
            throw HubError.corrupt("\(path):\(line.lineNumber): \(error)")
        }
    }
}

/// Every staged record of a `staged.jsonl` or `accepted.jsonl`, in file order, with its place.
func forEachStagedRecord(of path: String, _ body: (StagedRecord, StagedPlace) throws(HubError) -> Void) throws(HubError) {
    try forEachLineBytes(of: path) { (bytes, place, number) throws(HubError) in
        try body(try StagedRecord.decode(bytes, place: "\(path):\(number)"), place)
    }
}

/// Every line of a typed working file, decoded strictly; `decode` is the type's decoder.
func forEachWorkingLine<Line>(
    of path: String, _ decode: (Value) throws(FormatProblem) -> Line, _ body: (Line) throws(HubError) -> Void
) throws(HubError) {
    var number = 0
    try forEachLine(of: path) { (value, _, _) throws(HubError) in
        number += 1
        let line: Line
        do {
            line = try decode(value)
        } catch {
            throw HubError.corrupt("\(path):\(number): \(error)")
        }
        try body(line)
    }
}

extension JSONLinesRandomReader {
    /// The staged record at `place`.
    func stagedRecord(at place: StagedPlace) throws(HubError) -> StagedRecord {
        try StagedRecord.decode(try bytes(at: place.offset, length: place.length), place: "\(path) at byte \(place.offset)")
    }
}

/// A target's journal, read the way each run step needs it: the last line of each batch.
enum JournalFile {
    /// The last line of each batch, decoded, in batch order. The first pass reads only each
    /// line's batch index (its first member) to find the last line per batch; the second decodes
    /// those lines alone, one at a time, so memory holds the places, never the journal.
    static func forEachLatest(_ path: String, _ body: (JournalLine) throws(HubError) -> Void) throws(HubError) {
        var latest: [Int: StagedPlace] = [:]
        try forEachLineBytes(of: path) { (bytes, place, number) throws(HubError) in
            guard let index = batchIndex(bytes) else {
                // Not the shape the writer makes: decode it whole to say what is wrong.
                let line = try decodeLine(bytes, place: "\(path):\(number)")
                latest[line.batch] = place
                return
            }
            latest[index] = place
        }
        guard !latest.isEmpty else { return }
        let reader = try JSONLinesRandomReader(path: path)
        for (_, place) in latest.sorted(by: { $0.key < $1.key }) {
            try body(try decodeLine(try reader.bytes(at: place.offset, length: place.length), place: "\(path) at byte \(place.offset)"))
        }
    }

    static func decodeLine(_ bytes: [UInt8], place: @autoclosure () -> String) throws(HubError) -> JournalLine {
        do {
            return try JournalLine(decoding: try JSONReader().value(from: bytes))
        } catch {
            throw HubError.corrupt("\(place()): \(error)")
        }
    }

    /// The batch index of a line that starts `{"b":N,`; nil for any other start.
    static func batchIndex(_ bytes: [UInt8]) -> Int? {
        let prefix = Array(#"{"b":"#.utf8)
        guard bytes.count > prefix.count + 1, bytes.starts(with: prefix) else { return nil }
        var index = prefix.count
        var number = 0
        while index < bytes.count, (48...57).contains(bytes[index]) {
            number = number &* 10 &+ Int(bytes[index] - 48)
            index += 1
            if index - prefix.count > 12 { return nil }
        }
        guard index > prefix.count, index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
        return number
    }
}
