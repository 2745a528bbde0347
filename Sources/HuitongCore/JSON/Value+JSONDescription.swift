extension Value: CustomStringConvertible {
    /// The value as compact JSON, for logs and test failures; a value that is not valid JSON
    /// (a NaN somewhere) says so instead.
    package var description: String {
        do {
            return try JSONWriter().string(for: self)
        } catch {
            return "<not JSON: \(error.description)>"
        }
    }
}
