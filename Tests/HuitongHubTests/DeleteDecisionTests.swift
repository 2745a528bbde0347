import Testing

@testable import HuitongHub

/// The delete guard as a value: how many deletes a run may send, without a run.
@Suite struct DeleteDecisionTests {
    let standard = DeletePolicy.standard

    @Test func noDeletesAlwaysProceed() {
        #expect(DeleteDecision.decide(policy: standard, held: 0, mapped: 0, deletes: 0, allowed: false) == .proceed)
        #expect(DeleteDecision.decide(policy: standard, held: 300, mapped: 0, deletes: 0, allowed: false) == .proceed)
    }

    @Test func aSmallRegisterIsNotBlockedByOneRemoval() {
        // 1 of 3 is a third of the register, but within the floor.
        #expect(DeleteDecision.decide(policy: standard, held: 3, mapped: 2, deletes: 1, allowed: false) == .proceed)
        #expect(DeleteDecision.decide(policy: standard, held: 40, mapped: 30, deletes: 10, allowed: false) == .proceed)
    }

    @Test func theFloorNeverLetsARunDeleteMoreThanHalfOfARegister() {
        // 8 records read as 1: the floor (10) alone would let 7 deletes through.
        #expect(standard.limit(held: 8) == 4)
        #expect(DeleteDecision.decide(policy: standard, held: 8, mapped: 4, deletes: 4, allowed: false) == .proceed)
        guard case let .refuse(reason) = DeleteDecision.decide(policy: standard, held: 8, mapped: 1, deletes: 7, allowed: false) else {
            Issue.record("7 of 8 passed")
            return
        }
        #expect(reason.contains("7 of the 8"))
        #expect(reason.contains("at most 4"))
        // A register of 3 may still lose 1, not 2.
        #expect(standard.limit(held: 3) == 1)
        #expect(DeleteDecision.decide(policy: standard, held: 3, mapped: 1, deletes: 2, allowed: false) != .proceed)
        // A register of 1 loses its record only with --allow-deletes.
        #expect(standard.limit(held: 1) == 0)
        #expect(DeleteDecision.decide(policy: standard, held: 1, mapped: 1, deletes: 1, allowed: false) != .proceed)
        #expect(DeleteDecision.decide(policy: standard, held: 1, mapped: 1, deletes: 1, allowed: true) == .proceed)
        // From 20 records on, the floor applies whole.
        #expect(standard.limit(held: 20) == 10)
        #expect(standard.limit(held: 40) == 10)
    }

    @Test func moreThanTheShareBeyondTheFloorIsRefusedSayingHowMany() {
        guard case let .refuse(reason) = DeleteDecision.decide(policy: standard, held: 40, mapped: 29, deletes: 11, allowed: false) else {
            Issue.record("11 of 40 passed")
            return
        }
        #expect(reason.contains("11 of the 40"))
        #expect(reason.contains("max_delete_share 20%"))
        #expect(reason.contains("at most 10"))
        // A fifth of a large register passes, a record more does not.
        #expect(DeleteDecision.decide(policy: standard, held: 300, mapped: 240, deletes: 60, allowed: false) == .proceed)
        #expect(DeleteDecision.decide(policy: standard, held: 300, mapped: 239, deletes: 61, allowed: false) != .proceed)
    }

    @Test func anEmptyReadOfANonEmptyRegisterIsAlwaysRefused() {
        let lenient = DeletePolicy(maxShare: 1, floor: 1000, maxCount: nil)
        guard case let .refuse(reason) = DeleteDecision.decide(policy: lenient, held: 3, mapped: 0, deletes: 3, allowed: false) else {
            Issue.record("an empty read passed")
            return
        }
        #expect(reason.contains("makes no record"))
        #expect(reason.contains("delete all 3"))
    }

    @Test func maxDeleteCountBoundsEvenAShareThatWouldPass() {
        let policy = DeletePolicy(maxShare: 0.5, floor: 10, maxCount: 20)
        #expect(policy.limit(held: 1000) == 20)
        guard case let .refuse(reason) = DeleteDecision.decide(policy: policy, held: 1000, mapped: 979, deletes: 21, allowed: false) else {
            Issue.record("21 passed max_delete_count 20")
            return
        }
        #expect(reason.contains("max_delete_count 20"))
        #expect(DeleteDecision.decide(policy: policy, held: 1000, mapped: 980, deletes: 20, allowed: false) == .proceed)
    }

    @Test func allowDeletesLetsEverythingThrough() {
        #expect(DeleteDecision.decide(policy: standard, held: 300, mapped: 0, deletes: 300, allowed: true) == .proceed)
    }
}
