import Foundation
import HuitongCore

/// A deterministic JSON Lines file of shelter sensor readings, the shape the hub ingests:
///
///     {"sensor":"S-320613-0042-01","shelter":"320613-RF-0042","ts":1764379800,"t":18.4,"h":72.5,"water":false,"door":"closed"}
///
/// Values vary per record; about 2% of `t` and `h` are null, and `door` is missing from about
/// 10%. Exactly one reading in ``outOfRangeEvery`` is out of the agreement's range (a faulty
/// probe), so that mapping takes the set-aside path too. Numbers are written as a JavaScript
/// producer writes them (`18.4`, and `20` rather than `20.0`), which is also how both canonical
/// JSON and Python's `json` print them back, so the two sides of the benchmark produce
/// byte-identical output.
enum SensorReadingsFile {
    /// Every `outOfRangeEvery`-th reading (the 200th, the 400th, …) is out of range: in turn a
    /// temperature above 80 °C, one below −40 °C, and a humidity above 100 %RH. The mapping
    /// agreement rejects each, so a read sets exactly ``outOfRangeReadings(records:)`` aside.
    static let outOfRangeEvery = 200

    /// How many of the first `records` readings are out of range.
    static func outOfRangeReadings(records: Int) -> Int {
        records / outOfRangeEvery
    }

    /// Writes `records` readings to `path`, replacing the file.
    ///
    /// - Returns: the file's size in bytes.
    static func write(records: Int, to path: String) throws -> Int {
        let writer = try BufferedFileWriter(path: path)
        var generator = SeededRandom(seed: 0x4855_4954_4F4E_47)  // "HUITONG"
        let districts = ["320613", "320612", "320611", "320602", "320685"]
        for index in 0..<records {
            writer.append { buffer in
                let district = districts[Int(generator.next() % UInt64(districts.count))]
                let shelter = pad(Int(generator.next() % 300) + 1, width: 4)
                let sensorIndex = pad(Int(generator.next() % 4) + 1, width: 2)
                append(#"{"sensor":"S-\#(district)-\#(shelter)-\#(sensorIndex)","shelter":"\#(district)-RF-\#(shelter)","ts":"#, to: &buffer)
                append(String(1_764_379_800 + index * 3 + Int(generator.next() % 3)), to: &buffer)
                var temperature = generator.next() % 50 == 0 ? nil : Int(generator.next() % 400) - 50  // -5.0 … 34.9 °C
                var humidity = generator.next() % 50 == 0 ? nil : Int(generator.next() % 701) + 300  // 30.0 … 100.0 %
                if (index + 1) % outOfRangeEvery == 0 {
                    switch (index + 1) / outOfRangeEvery % 3 {
                    case 1: temperature = 801 + Int(generator.next() % 400)  // 80.1 … 120.0 °C
                    case 2: temperature = -401 - Int(generator.next() % 200)  // -40.1 … -60.0 °C
                    default: humidity = 1001 + Int(generator.next() % 200)  // 100.1 … 120.0 %
                    }
                }
                append(#","t":"#, to: &buffer)
                appendReading(temperature, to: &buffer)
                append(#","h":"#, to: &buffer)
                appendReading(humidity, to: &buffer)
                append(generator.next() % 200 == 0 ? #","water":true"# : #","water":false"#, to: &buffer)
                switch generator.next() % 10 {
                case 0: break  // no door contact on this sensor
                case 1: append(#","door":"open""#, to: &buffer)
                default: append(#","door":"closed""#, to: &buffer)
                }
                append("}\n", to: &buffer)
            }
        }
        return writer.finish()
    }

    /// A reading in tenths, written as a producer would: `18.4`, `-0.5`, `20`, or `null`.
    private static func appendReading(_ tenths: Int?, to buffer: inout [UInt8]) {
        guard let tenths else {
            append("null", to: &buffer)
            return
        }
        let sign = tenths < 0 ? "-" : ""
        let whole = abs(tenths) / 10
        let fraction = abs(tenths) % 10
        append(fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)", to: &buffer)
    }

    private static func append(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: text.utf8)
    }

    private static func pad(_ number: Int, width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// A benchmark that cannot run, with the reason.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
