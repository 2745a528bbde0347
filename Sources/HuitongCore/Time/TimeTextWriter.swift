/// Writes the fixed-width ASCII fields of dates and times without `DateFormatter`, whose
/// output depends on the process locale and which costs microseconds a call.
struct TimeTextWriter {
    private var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(32)
    }

    var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    mutating func write(_ ascii: Unicode.Scalar) {
        bytes.append(UInt8(ascii: ascii))
    }

    /// `value` in decimal, zero-padded on the left to at least `width` digits, `-` first if negative.
    mutating func write(_ value: Int64, width: Int) {
        if value < 0 { write("-") }
        // Int64.min has no positive counterpart; its magnitude still fits in UInt64.
        var magnitude = value.magnitude
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        if digits.count < width {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count))
        }
        bytes.append(contentsOf: digits.reversed())
    }

    /// Two digits, for month, day, hour, minute and second, which are always 0–99.
    mutating func writeTwoDigits(_ value: Int) {
        bytes.append(UInt8(ascii: "0") + UInt8(value / 10))
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// `yyyy-MM-dd`; years outside 0000–9999 are written in full rather than cut.
    mutating func writeDate(_ civil: CivilDateTime) {
        if (0...9_999).contains(civil.year) {
            writeTwoDigits(civil.year / 100)
            writeTwoDigits(civil.year % 100)
        } else {
            write(Int64(civil.year), width: 4)
        }
        write("-")
        writeTwoDigits(civil.month)
        write("-")
        writeTwoDigits(civil.day)
    }

    /// `HH:mm:ss`, then `.SSS` when `milliseconds` is true.
    mutating func writeTime(_ civil: CivilDateTime, milliseconds: Bool) {
        writeTwoDigits(civil.hour)
        write(":")
        writeTwoDigits(civil.minute)
        write(":")
        writeTwoDigits(civil.second)
        if milliseconds {
            write(".")
            write(Int64(civil.millisecond), width: 3)
        }
    }

    /// `Z` for UTC, otherwise `±hh:mm`.
    mutating func writeOffset(_ offset: UTCOffset) {
        guard offset.seconds != 0 else { return write("Z") }
        write(offset.seconds < 0 ? "-" : "+")
        let minutes = abs(offset.seconds) / 60
        writeTwoDigits(minutes / 60)
        write(":")
        writeTwoDigits(minutes % 60)
    }
}
