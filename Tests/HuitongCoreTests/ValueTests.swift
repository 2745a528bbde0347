import Testing
@testable import HuitongCore

@Suite("Value")
struct ValueTests {
    @Test("literals build the matching cases")
    func literals() {
        let value: Value = ["n": nil, "b": true, "i": 42, "d": 18.4, "s": "S-1", "a": [1, "x"]]
        #expect(value["n"] == .null)
        #expect(value["b"] == .bool(true))
        #expect(value["i"] == .integer(42))
        #expect(value["d"] == .double(18.4))
        #expect(value["s"] == .string("S-1"))
        #expect(value["a"] == .array([.integer(1), .string("x")]))
    }

    @Test("a dictionary literal keeps the order it was written in")
    func dictionaryLiteralOrder() {
        let value: Value = ["z": 1, "a": 2, "m": 3]
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test("the key subscript is nil for a missing key and for a non-object")
    func keySubscriptMisses() {
        let object: Value = ["a": 1]
        #expect(object["b"] == nil)
        #expect(Value.integer(1)["a"] == nil)
    }

    @Test("the index subscript is nil out of range and for a non-array")
    func indexSubscript() {
        let array: Value = [10, 20]
        #expect(array[1] == .integer(20))
        #expect(array[2] == nil)
        #expect(array[-1] == nil)
        #expect(Value.string("x")[0] == nil)
    }

    @Test("typed accessors answer only for their own case")
    func typedAccessors() {
        #expect(Value.string("x").stringValue == "x")
        #expect(Value.integer(1).stringValue == nil)
        #expect(Value.bool(false).boolValue == false)
        #expect(Value.null.isNull)
        #expect(!Value.bool(false).isNull)
        #expect(Value.array([1]).arrayValue == [.integer(1)])
        #expect(Value.object(["a": 1]).objectValue?["a"] == .integer(1))
    }

    @Test("integerValue does not convert a whole double")
    func integerValueIsStrict() {
        #expect(Value.integer(7).integerValue == 7)
        #expect(Value.double(7).integerValue == nil)
    }

    @Test("doubleValue converts an integer")
    func doubleValueConvertsIntegers() {
        #expect(Value.double(1.5).doubleValue == 1.5)
        #expect(Value.integer(3).doubleValue == 3.0)
        #expect(Value.string("3").doubleValue == nil)
    }

    @Test("an integer and the equal double are different values")
    func integerIsNotDouble() {
        #expect(Value.integer(1) != Value.double(1))
    }

    @Test("strings are equal only with the same Unicode scalars, not by canonical equivalence")
    func stringEqualityIsByScalars() {
        let composed = Value.string("\u{E9}")
        let decomposed = Value.string("e\u{301}")
        #expect(composed != decomposed)
        #expect(composed == Value.string("\u{E9}"))
    }

    @Test("equal values hash equally, including objects in another member order")
    func hashAgreesWithEquality() {
        let first: Value = ["a": 1, "b": [true, nil]]
        let second: Value = ["b": [true, nil], "a": 1]
        #expect(first == second)
        #expect(Set([first, second]).count == 1)
    }

    @Test("copies are independent")
    func copiesAreIndependent() {
        var original: OrderedObject = ["a": 1]
        let copy = original
        original["a"] = 2
        #expect(copy["a"] == .integer(1))
        #expect(original["a"] == .integer(2))
    }

    @Test("description is compact JSON")
    func descriptionIsJSON() {
        let value: Value = ["t": 18.4, "ok": true, "tags": ["a"]]
        #expect(value.description == #"{"t":18.4,"ok":true,"tags":["a"]}"#)
    }
}
