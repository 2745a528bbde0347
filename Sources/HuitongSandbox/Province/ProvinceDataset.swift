import HuitongCore

/// One dataset of contract §4: its fields, its key and the rules that tie fields together.
///
/// The five tables live in `ProvinceDataset+Tables.swift`, written from the contract text alone:
/// the sandbox shares no table with the hub's mappings, so a mistake on one side shows up as a
/// rejection instead of being agreed on by both.
struct ProvinceDataset: Sendable {
    /// The path segment: `rfgc`, `jbsm`, `zyd`, `zhss`, `hjjc`.
    var name: String
    /// The key fields, one or two; a two-field key reads `value1|value2`.
    var keyFields: [String]
    var fields: [ProvinceField]
    var crossFieldRules: [ProvinceCrossFieldRule]

    /// The field named `name`, if the dataset has one.
    func field(named name: String) -> ProvinceField? {
        fields.first { $0.name.utf8.elementsEqual(name.utf8) }
    }

    /// The dataset served under `name`, matched byte for byte.
    static func named(_ name: String) -> ProvinceDataset? {
        all.first { $0.name.utf8.elementsEqual(name.utf8) }
    }

    /// The key of `record` as §4 defines it: the key field's value, or both joined by `|`.
    ///
    /// For a valid record every key field is a non-empty string. For a rejected one the key is
    /// reported from whatever is there: a string as is, another non-null value as its JSON text,
    /// a missing or null part as empty; a record with no key part at all gets the empty key.
    func key(of record: OrderedObject) -> String {
        let parts = keyFields.map { field -> String? in
            switch record[field] {
            case .none, .null?: nil
            case let .string(text)?: text
            case let value?: (try? JSONWriter().string(for: value)) ?? ""
            }
        }
        guard parts.contains(where: { $0 != nil }) else { return "" }
        return parts.map { $0 ?? "" }.joined(separator: "|")
    }
}

/// A rule of a dataset that involves more than one field.
enum ProvinceCrossFieldRule: Sendable {
    /// `field ≤ limit` when both are present and valid (rfgc: `cdzsl ≤ cwsl`).
    case notGreaterThan(field: String, limit: String)
    /// The date part of the datetime `field` equals the date `date` (jbsm: `smsj` on `smrq`).
    case sameDay(field: String, date: String)
    /// `field` is required when `code` holds `value` and must be absent or null otherwise
    /// (jbsm: `gzms` exactly when `smjg` is `2`). Undecided while `code` itself is invalid.
    case requiredExactlyWhen(field: String, code: String, value: String)
    /// Each of `fields` is required when `code` holds `value`, optional otherwise
    /// (zhss: `jd`, `wd` for `GD`). Optional while `code` itself is invalid.
    case requiredWhen(fields: [String], code: String, value: String)
}
