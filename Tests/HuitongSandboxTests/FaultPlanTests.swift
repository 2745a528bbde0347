import Testing
@testable import HuitongSandbox

@Suite("Fault plan")
struct FaultPlanTests {
    @Test("the same seed gives the same faults in the same order")
    func reproducible() {
        func draw() -> [Bool] {
            let plan = FaultPlan(rules: [FaultRule(kind: .status(503), selection: .share(0.3))], seed: 7)
            return (0..<200).map { _ in !plan.faults(method: "POST", path: "/x").isEmpty }
        }
        let first = draw()
        #expect(first == draw())
        let fired = first.filter { $0 }.count
        #expect(fired > 30 && fired < 90)
    }

    @Test("a sequence picks the matching requests at those positions")
    func sequence() {
        let plan = FaultPlan(rules: [FaultRule(kind: .status(500), selection: .sequence([1, 3]), paths: ["/batches"])])
        let fired = (0..<5).map { _ in !plan.faults(method: "POST", path: "/api/v1/exchange/rfgc/batches").isEmpty }
        #expect(fired == [true, false, true, false, false])
        #expect(plan.faults(method: "GET", path: "/api/v1/ping").isEmpty)
    }

    @Test("every n-th matching request, and only for the named method")
    func everyNth() {
        let plan = FaultPlan(rules: [FaultRule(kind: .dropAfterApply, selection: .every(2), method: "POST")])
        let fired = (0..<4).map { _ in plan.faults(method: "POST", path: "/a") == [.dropAfterApply] }
        #expect(fired == [false, true, false, true])
        #expect(plan.faults(method: "GET", path: "/a").isEmpty)
    }
}
