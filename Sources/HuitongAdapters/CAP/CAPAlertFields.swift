import HuitongCore

/// One CAP element the hub reads, and the member of the record it becomes.
///
/// The order of the cases is the order of the record's members (sources.md §5).
enum CAPField: String, CaseIterable, Sendable {
    case identifier, sender, sent, status, msgType
    /// Required by CAP 1.2 and checked, but not part of the record: the mapping has no use for it.
    case scope
    case event, category, severity, urgency, certainty, onset, headline, description
    case areaDesc, polygon, circle
    /// The `value` of the area's `geocode` whose `valueName` is `GB2260`.
    case geocodeGB2260 = "geocode_gb2260"

    /// Where the element sits: in `alert`, in its first `info`, or in that block's first `area`.
    enum Level { case alert, info, area }

    var level: Level {
        switch self {
        case .identifier, .sender, .sent, .status, .msgType, .scope: .alert
        case .event, .category, .severity, .urgency, .certainty, .onset, .headline, .description: .info
        case .areaDesc, .polygon, .circle, .geocodeGB2260: .area
        }
    }

    /// The field an element with this CAP local name fills at `level`, if any.
    init?(element: String, at level: Level) {
        guard let field = CAPField(rawValue: element), field != .geocodeGB2260, field.level == level else { return nil }
        self = field
    }

    /// The elements CAP 1.2 requires in every alert (CAP 1.2 §3.2.1).
    static let required: [CAPField] = [.identifier, .sender, .sent, .status, .msgType, .scope]

    /// The CAP 1.2 code lists for the alert-level elements the hub filters on.
    static let codeLists: [(field: CAPField, values: [String])] = [
        (.status, ["Actual", "Exercise", "System", "Test", "Draft"]),
        (.msgType, ["Alert", "Update", "Cancel", "Ack", "Error"]),
        (.scope, ["Public", "Restricted", "Private"]),
    ]
}

/// The text of the CAP elements one alert file holds, as the parser finds them.
///
/// Text is trimmed of surrounding whitespace only; an element that is empty once trimmed
/// counts as absent. Where CAP allows several (`info`, `area`, `category`, `polygon`,
/// `circle`), the first is kept. Alert-level elements, which CAP allows once, are checked
/// for repeats: two identifiers would make the alert's identity ambiguous.
struct CAPAlertFields: Equatable {
    private(set) var values: [CAPField: String] = [:]
    private var seen: Set<CAPField> = []
    /// The first alert-level element found twice.
    private(set) var repeated: CAPField?

    /// Records the text of one element for `field`.
    mutating func found(_ field: CAPField, text: String) {
        if field.level == .alert, !seen.insert(field).inserted, repeated == nil {
            repeated = field
        }
        let trimmed = text.trimmingWhitespace()
        guard values[field] == nil, !trimmed.isEmpty else { return }
        values[field] = trimmed
    }

    /// The record for the hub, or why the alert is not a CAP 1.2 alert.
    ///
    /// Only what CAP 1.2 requires of the alert itself is checked; whether the `info` part
    /// suits the city platform (an event type, a place) is the mapping's decision, so an alert
    /// without `info` or `area` is still a record.
    func record() throws(CAPReadFailure) -> OrderedObject {
        if let repeated { throw .repeatedElement(repeated.rawValue) }
        let missing = CAPField.required.filter { values[$0] == nil }
        guard missing.isEmpty else { throw .missingElements(missing.map(\.rawValue)) }
        for (field, allowed) in CAPField.codeLists {
            guard let value = values[field], allowed.contains(value) else {
                throw .invalidCode(element: field.rawValue, value: values[field] ?? "", allowed: allowed)
            }
        }
        var record = OrderedObject()
        for field in CAPField.allCases where field != .scope {
            if let value = values[field] { record[field.rawValue] = .string(value) }
        }
        return record
    }
}

extension String {
    /// The string without leading and trailing whitespace, including the full-width space
    /// (U+3000) that Chinese text uses; inner whitespace is kept as written.
    fileprivate func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
