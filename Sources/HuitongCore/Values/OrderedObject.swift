/// The members of a JSON object: unique keys in a stable order, the order they were added in.
///
/// Records keep the member order of their source so that what an operator sees in a report or a
/// pushed payload matches the file they wrote; canonical JSON sorts on output instead.
///
/// Storage is one contiguous array of `(key, value)` pairs. Lookup by key is a linear scan, which
/// for records of typical size (up to about 50 members) beats hashing: no hash table to build
/// when a record is parsed, no second allocation, and the keys being compared are mostly short
/// strings that compare as two machine words. Objects with thousands of members still work, but
/// each lookup then costs time proportional to the member count.
///
/// Keys match by their Unicode scalars, as in JSON: `"\u{e9}"` and `"e\u{301}"` are two keys,
/// although Swift's `==` calls the strings equal.
///
/// Equality follows JSON, where an object is an unordered collection of members: two objects are
/// equal when they have the same keys with equal values, in any order. The hash agrees.
package struct OrderedObject: Sendable {
    /// One name/value pair. A struct rather than a tuple: arrays of tuples are copied and
    /// destroyed through the runtime's generic tuple witnesses, arrays of structs by specialised code.
    struct Member {
        var key: String
        var value: Value
    }

    /// The members in order; keys are unique.
    private(set) var members: [Member]

    /// An empty object.
    package init() {
        members = []
    }

    /// An object with the given members, in the given order.
    ///
    /// - Precondition: the keys are unique. A duplicate is a programming error, as it is for
    ///   `Dictionary(uniqueKeysWithValues:)`; data from outside goes through the JSON reader,
    ///   which reports duplicates as errors instead.
    package init(uniqueKeysWithValues members: some Sequence<(String, Value)>) {
        self.init()
        for (key, value) in members {
            precondition(index(forKey: key) == nil, "duplicate key \"\(key)\" in OrderedObject(uniqueKeysWithValues:)")
            self.members.append(Member(key: key, value: value))
        }
    }

    /// Adopts members whose keys the caller has already checked for uniqueness (the JSON reader).
    internal init(uncheckedUniqueMembers members: [Member]) {
        self.members = members
    }

    /// The keys, in order.
    package var keys: [String] {
        members.map(\.key)
    }

    /// The position of the member named `key`, if there is one.
    package func index(forKey key: String) -> Int? {
        members.firstIndex { $0.key.hasSameCodeUnits(as: key) }
    }

    /// The value of the member named `key`.
    ///
    /// Setting a value replaces an existing member in place, keeping its position, or appends a
    /// new member at the end. Setting `nil` removes the member.
    package subscript(key: String) -> Value? {
        get {
            guard let index = index(forKey: key) else { return nil }
            return members[index].value
        }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Sets the member named `key`, in place if it exists, otherwise at the end.
    ///
    /// - Returns: the value it replaced, or `nil` if the member is new.
    @discardableResult
    package mutating func updateValue(_ value: Value, forKey key: String) -> Value? {
        if let index = index(forKey: key) {
            let old = members[index].value
            members[index].value = value
            return old
        }
        members.append(Member(key: key, value: value))
        return nil
    }

    /// The value of the member named `key`, looking first at `position`: records of one source
    /// list their fields in one order, so a caller that knows where a field usually is finds it
    /// with one comparison instead of a scan. Any position is allowed; the answer is the same.
    package func value(forKey key: String, likelyAt position: Int) -> Value? {
        if members.indices.contains(position), members[position].key.hasSameCodeUnits(as: key) {
            return members[position].value
        }
        return self[key]
    }

    /// Reserves room for `count` members, for a caller that knows how many it will add.
    package mutating func reserveCapacity(_ count: Int) {
        members.reserveCapacity(count)
    }

    /// Appends a member at the end without looking for an existing one of the same name, for a
    /// caller that builds an object from keys it knows to be distinct (a compiled mapping's
    /// output fields), where the search `updateValue(_:forKey:)` makes would be wasted.
    ///
    /// - Precondition: no member is named `key`. Debug builds check it; release builds trust it.
    package mutating func appendNewMember(_ value: Value, forKey key: String) {
        assert(index(forKey: key) == nil, "duplicate key \"\(key)\" in OrderedObject.appendNewMember(_:forKey:)")
        members.append(Member(key: key, value: value))
    }

    /// Removes the member named `key`, keeping the order of the others.
    ///
    /// - Returns: the removed value, or `nil` if there was no such member.
    @discardableResult
    package mutating func removeValue(forKey key: String) -> Value? {
        guard let index = index(forKey: key) else { return nil }
        return members.remove(at: index).value
    }
}

extension OrderedObject: RandomAccessCollection {
    /// Positions count members from 0 in order.
    package typealias Index = Int

    /// The first member's position, 0.
    package var startIndex: Int { 0 }
    /// One past the last member's position: the member count.
    package var endIndex: Int { members.count }

    /// The member at `position`, as a `(key, value)` pair.
    package subscript(position: Int) -> (key: String, value: Value) {
        let member = members[position]
        return (key: member.key, value: member.value)
    }
}

extension OrderedObject: Hashable {
    /// Whether both have the same keys with equal values, in whatever order.
    package static func == (lhs: OrderedObject, rhs: OrderedObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        // Same order is the common case (a record compared with a copy of itself or its
        // round trip); it needs no lookups.
        if lhs.members.elementsEqual(rhs.members, by: { $0.key.hasSameCodeUnits(as: $1.key) && $0.value == $1.value }) {
            return true
        }
        return lhs.members.allSatisfy { member in rhs[member.key] == member.value }
    }

    /// Hashes the members independently of their order, as equality is.
    package func hash(into hasher: inout Hasher) {
        // Combine each member's own hash commutatively.
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined = combined &+ memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}
