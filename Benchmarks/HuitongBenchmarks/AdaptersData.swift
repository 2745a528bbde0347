import Foundation

/// The inputs of the `adapters` benchmark, in the forms the sources deliver them: the sensor
/// gateway's hourly JSON Lines files and the registry's GB18030 CSV export.
enum AdaptersData {
    /// Writes `records` readings (``SensorReadingsFile``'s data) into `directory` as one file
    /// per Beijing-time hour of `ts`, named as the gateway names them (`sensors-2026112909.jsonl`).
    ///
    /// - Returns: the total size in bytes and the number of files.
    static func writeHourlySensorFiles(records: Int, to directory: String) throws -> (bytes: Int, files: Int) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Generated once as a single file and split, so the readings are exactly the ones the
        // jsonl-canonical benchmark uses.
        let whole = directory + "/.all.tmp"
        defer { try? FileManager.default.removeItem(atPath: whole) }
        _ = try SensorReadingsFile.write(records: records, to: whole)
        guard let data = FileManager.default.contents(atPath: whole) else { throw BenchmarkFailure("cannot read \(whole)") }

        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "yyyyMMddHH"
        var bytes = 0
        var files = 0
        var currentHour: Int?
        var handle: FileHandle?
        defer { try? handle?.close() }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let text = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            while lineStart < text.count {
                var lineEnd = lineStart
                while lineEnd < text.count, text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                let line = UnsafeBufferPointer(rebasing: text[lineStart..<min(lineEnd + 1, text.count)])
                let hour = timestamp(in: line) / 3600
                if hour != currentHour {
                    try? handle?.close()
                    let name = "sensors-" + formatter.string(from: Date(timeIntervalSince1970: Double(hour * 3600))) + ".jsonl"
                    let path = directory + "/" + name
                    guard FileManager.default.createFile(atPath: path, contents: nil),
                          let next = FileHandle(forWritingAtPath: path) else { throw BenchmarkFailure("cannot create \(path)") }
                    handle = next
                    currentHour = hour
                    files += 1
                }
                handle?.write(Data(line))
                bytes += line.count
                lineStart = lineEnd + 1
            }
        }
        return (bytes, files)
    }

    /// The whole number after `"ts":` in a generated line (always present there).
    private static func timestamp(in line: UnsafeBufferPointer<UInt8>) -> Int {
        let key = Array(#""ts":"#.utf8)
        var index = 0
        while index + key.count <= line.count, !key.indices.allSatisfy({ line[index + $0] == key[$0] }) { index += 1 }
        var value = 0
        index += key.count
        while index < line.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[index]) {
            value = value * 10 + Int(line[index] - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    /// Writes `rows` registry rows (``ShelterRowGenerator``'s, the same rows as the
    /// mapping-shelter benchmark) to `path` as the registry's Windows client exports them:
    /// a header, CRLF line ends, RFC 4180 quoting, GB18030.
    ///
    /// The CSV is written as UTF-8 and converted with `iconv -f UTF-8 -t GB18030`, because
    /// Foundation on Linux has no GB18030 encoder.
    ///
    /// `changeEvery` N > 0 changes every N-th row's shelter capacity (掩蔽人数) to a value the
    /// generator never writes (3000–3999), everything else the same: the export a day later,
    /// with 1/N of the shelters changed.
    ///
    /// - Returns: the GB18030 file's size in bytes.
    static func writeGB18030Registry(rows: Int, to path: String, changeEvery: Int = 0) throws -> Int {
        let utf8Path = path + ".utf8"
        defer { try? FileManager.default.removeItem(atPath: utf8Path) }
        guard FileManager.default.createFile(atPath: utf8Path, contents: nil),
              let handle = FileHandle(forWritingAtPath: utf8Path) else {
            throw BenchmarkFailure("cannot create \(utf8Path)")
        }
        var generator = ShelterRowGenerator(seed: 0x5348_454C_5445_52)  // "SHELTER", as ShelterRegistryFile
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        appendRow(ShelterRegistryFile.headers, to: &buffer)
        for row in 1...max(rows, 1) where row <= rows {
            var values = generator.nextRow()
            if changeEvery > 0, row % changeEvery == 0 { values[capacityColumn] = String(3_000 + row % 1_000) }
            appendRow(values, to: &buffer)
            if buffer.count > (1 << 20) - 4096 {
                handle.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer))
        try handle.close()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["iconv", "-f", "UTF-8", "-t", "GB18030", "-o", path, utf8Path]
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            throw BenchmarkFailure("cannot start iconv to write GB18030: \(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkFailure("iconv exited with status \(process.terminationStatus)") }
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return size
    }

    /// Where 掩蔽人数 (the shelter's capacity) is among ``ShelterRegistryFile/headers``.
    private static let capacityColumn = ShelterRegistryFile.headers.firstIndex(of: "掩蔽人数")!

    /// One CSV row; a field with a comma, quote or line break is quoted, quotes doubled.
    private static func appendRow(_ values: [String], to buffer: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            if value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
                buffer.append(UInt8(ascii: "\""))
                for byte in value.utf8 {
                    if byte == UInt8(ascii: "\"") { buffer.append(byte) }
                    buffer.append(byte)
                }
                buffer.append(UInt8(ascii: "\""))
            } else {
                buffer.append(contentsOf: value.utf8)
            }
        }
        buffer.append(contentsOf: "\r\n".utf8)
    }
}
