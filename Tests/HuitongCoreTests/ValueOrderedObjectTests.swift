import Testing
@testable import HuitongCore

@Suite("OrderedObject")
struct ValueOrderedObjectTests {
    @Test("iteration follows insertion order")
    func iterationOrder() {
        var object = OrderedObject()
        object["b"] = 1
        object["a"] = 2
        object["c"] = 3
        #expect(object.map(\.key) == ["b", "a", "c"])
        #expect(object.map(\.value) == [1, 2, 3])
    }

    @Test("setting an existing key replaces the value in place")
    func replaceKeepsPosition() {
        var object: OrderedObject = ["a": 1, "b": 2, "c": 3]
        let old = object.updateValue(20, forKey: "b")
        #expect(old == .integer(2))
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["b"] == .integer(20))
    }

    @Test("setting a new key appends it")
    func newKeyAppends() {
        var object: OrderedObject = ["a": 1]
        #expect(object.updateValue(2, forKey: "z") == nil)
        #expect(object.keys == ["a", "z"])
    }

    @Test("appending a new member adds it at the end, after reserving room")
    func appendNewMember() {
        var object: OrderedObject = ["a": 1]
        object.reserveCapacity(3)
        object.appendNewMember(2, forKey: "b")
        object.appendNewMember(3, forKey: "e\u{301}")
        #expect(object.keys == ["a", "b", "e\u{301}"])
        #expect(object["b"] == .integer(2))
    }

    @Test("a lookup with a position hint gives what a plain lookup gives, for any hint")
    func lookupWithLikelyPosition() {
        let object: OrderedObject = ["a": 1, "\u{e9}": 2, "c": 3]
        for key in ["a", "\u{e9}", "e\u{301}", "c", "missing"] {
            for position in [-1, 0, 1, 2, 3, 100] {
                #expect(object.value(forKey: key, likelyAt: position) == object[key], "\(key) at \(position)")
            }
        }
        #expect(object.value(forKey: "e\u{301}", likelyAt: 1) == nil)
        #expect(OrderedObject().value(forKey: "a", likelyAt: 0) == nil)
    }

    @Test("removing a key keeps the order of the others")
    func removeKeepsOrder() {
        var object: OrderedObject = ["a": 1, "b": 2, "c": 3]
        #expect(object.removeValue(forKey: "b") == .integer(2))
        #expect(object.keys == ["a", "c"])
        #expect(object.removeValue(forKey: "missing") == nil)
    }

    @Test("assigning nil through the subscript removes the member")
    func subscriptNilRemoves() {
        var object: OrderedObject = ["a": 1, "b": 2]
        object["a"] = nil
        #expect(object.keys == ["b"])
    }

    @Test("assigning .null keeps the member with a null value")
    func assigningNullKeepsMember() {
        var object: OrderedObject = ["a": 1]
        object["a"] = .null
        #expect(object.count == 1)
        #expect(object["a"] == .null)
    }

    @Test("lookup finds keys by Unicode scalars")
    func lookupByScalars() {
        let object: OrderedObject = ["\u{E9}": 1, "e\u{301}": 2]
        #expect(object.count == 2)
        #expect(object["\u{E9}"] == .integer(1))
        #expect(object["e\u{301}"] == .integer(2))
    }

    @Test("objects with the same members in another order are equal")
    func equalityIgnoresOrder() {
        let first: OrderedObject = ["a": 1, "b": 2]
        let second: OrderedObject = ["b": 2, "a": 1]
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
    }

    @Test("objects differing in one value or one key are not equal")
    func inequality() {
        let base: OrderedObject = ["a": 1, "b": 2]
        #expect(base != ["a": 1, "b": 3])
        #expect(base != ["a": 1, "c": 2])
        #expect(base != ["a": 1])
    }

    @Test("lookup works beyond typical record size")
    func largeObjects() {
        var object = OrderedObject()
        for index in 0..<500 {
            object["k\(index)"] = .integer(Int64(index))
        }
        #expect(object["k499"] == .integer(499))
        #expect(object.index(forKey: "k250") == 250)
    }
}
