import HuitongCore
import Testing

@Suite struct NameSuggestionTests {
    @Test func aSwapOfNeighbouringCharactersIsOneEdit() {
        #expect(NameSuggestion.editDistance("cvs", "csv") == 1)
        #expect(NameSuggestion.editDistance("encodnig", "encoding") == 1)
        #expect(NameSuggestion.editDistance("abc", "abc") == 0)
        #expect(NameSuggestion.editDistance("", "abc") == 3)
        #expect(NameSuggestion.editDistance("kitten", "sitting") == 3)
        #expect(NameSuggestion.editDistance("ca", "abc") == 3, "optimal string alignment: a swapped pair is not edited again")
        #expect(NameSuggestion.editDistance("工程编号", "工程编码") == 1, "counted in characters")
    }

    @Test func theNearestNameWinsAndTiesGoToTheFirstInOrder() {
        #expect(NameSuggestion.nearest(to: "cvs", among: ["cap", "csv", "http"]) == "csv")
        #expect(NameSuggestion.nearest(to: "jsn", among: ["jsonl", "json"]) == "json")
        #expect(NameSuggestion.nearest(to: "xyzzy", among: ["csv", "json"]) == nil, "too far to be a typo")
        #expect(NameSuggestion.nearest(to: "ab", among: ["ax", "ay"]) == "ax")
    }
}
