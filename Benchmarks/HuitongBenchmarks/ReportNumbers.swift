import Foundation

/// `value` with `decimals` places, as result lines print rates and sizes: `46.6`.
func fixed(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

/// `value` with thousands separated by commas, as result lines print counts: `192,004`.
func grouped(_ value: Int) -> String {
    let digits = Array(String(value.magnitude))
    var text = value < 0 ? "-" : ""
    for (index, digit) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { text += "," }
        text.append(digit)
    }
    return text
}

/// Seconds in a `Duration`, for rates.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// `count` per second as a result line prints it, `152,300`; a time too short to measure
/// counts as a nanosecond rather than dividing by zero.
func rate(_ count: Int, per seconds: Double) -> String {
    grouped(Int((Double(count) / max(seconds, 1e-9)).rounded()))
}
