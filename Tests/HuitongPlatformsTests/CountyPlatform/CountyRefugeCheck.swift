import HuitongCore

/// The county's §4.2 rules for one refuge, as the bureau checks them: its own field names and
/// code lists, its district's bounding box, and no overwriting with an older version. Each
/// problem is one sentence of the `problems` list it answers with.
struct CountyRefugeCheck: Sendable {
    static let fields: Set<String> = [
        "refuge_no", "refuge_name", "street_address", "longitude", "latitude", "grade", "state", "persons",
        "area_sqm", "completed_on", "last_modified",
    ]
    static let grades = ["I", "II", "IIB", "III", "IV"]
    static let states = ["10", "20", "90"]
    /// 崇川区, generously.
    static let longitudes = 120.70...121.10
    static let latitudes = 31.85...32.15

    /// The problems of `record`; `stored` is the version the county holds under its key.
    static func problems(in record: OrderedObject, stored: OrderedObject?) -> [String] {
        var problems: [String] = []
        for key in record.keys where !fields.contains(key) {
            problems.append("unknown field \(key)")
        }
        if !(record["refuge_no"]?.stringValue.map(isRefugeNumber) ?? false) {
            problems.append("refuge_no must look like 320613-RF-0042")
        }
        if !(1...60).contains(record["refuge_name"]?.stringValue?.count ?? 0) {
            problems.append("refuge_name is required, 1 to 60 characters")
        }
        if let address = record["street_address"], (address.stringValue?.count ?? 121) > 120 {
            problems.append("street_address is at most 120 characters")
        }
        if let longitude = record["longitude"]?.doubleValue, let latitude = record["latitude"]?.doubleValue {
            if !longitudes.contains(longitude) || !latitudes.contains(latitude) {
                problems.append("location \(longitude),\(latitude) lies outside 崇川区 (longitude 120.70–121.10, latitude 31.85–32.15)")
            }
        } else {
            problems.append("longitude and latitude are required numbers")
        }
        if !grades.contains(record["grade"]?.stringValue ?? "") {
            problems.append("grade must be one of \(grades.joined(separator: ", "))")
        }
        if !states.contains(record["state"]?.stringValue ?? "") {
            problems.append("state must be one of \(states.joined(separator: ", "))")
        }
        if let persons = record["persons"], (persons.integerValue ?? -1) < 0 {
            problems.append("persons is a whole number ≥ 0")
        }
        if (record["area_sqm"]?.doubleValue ?? 0) <= 0 {
            problems.append("area_sqm is a required number > 0")
        }
        if let date = record["completed_on"], (try? Timestamp(parsing: date.stringValue ?? "", as: .date)) == nil {
            problems.append("completed_on is yyyy-MM-dd")
        }
        guard let modifiedText = record["last_modified"]?.stringValue,
              let modified = try? Timestamp(parsing: modifiedText, as: .rfc3339) else {
            problems.append("last_modified is a required RFC 3339 time")
            return problems
        }
        if let storedText = stored?["last_modified"]?.stringValue,
           let storedTime = try? Timestamp(parsing: storedText, as: .rfc3339), modified < storedTime {
            problems.append("last_modified \(modifiedText) is older than the stored version's \(storedText); send the newer record")
        }
        return problems
    }

    private static func isRefugeNumber(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 6 && parts[0].hasPrefix("3206") && parts[1] == "RF"
            && parts[2].count == 4 && (parts[0] + parts[2]).allSatisfy { $0.isASCII && $0.isNumber }
    }
}
