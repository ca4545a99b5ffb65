import Foundation
import TestSupport
import Testing

/// The generated corpus itself (issue 10, item 6): big enough, every rule both tripped and passed near, and the same
/// bytes every time it is generated.
@Suite(.timeLimit(.minutes(10))) struct ChainCorpusTests {
    @Test func holdsAtLeastFiveHundredCasesWithUniqueNames() throws {
        let corpus = try ChainCorpus.standard()
        #expect(corpus.count >= 500)
        #expect(Set(corpus.map(\.name)).count == corpus.count)
        #expect(corpus.allSatisfy { !$0.presentedChain.isEmpty && !$0.trustAnchors.isEmpty })
        #expect(corpus.allSatisfy { $0.expectedStrict == ($0.expectedRule == nil) })
    }

    @Test(arguments: ChainCorpusRule.allCases)
    func everyRuleRejectsSomeCasesAndIsPassedByOthers(rule: ChainCorpusRule) throws {
        let corpus = try ChainCorpus.standard()
        let rejected = corpus.filter { $0.expectedRule == rule.rawValue }
        let passed = corpus.filter { $0.expectedStrict && $0.exercisedRule == rule.rawValue }
        #expect(!rejected.isEmpty, "no case is rejected for \(rule.rawValue)")
        #expect(!passed.isEmpty, "no accepted case exercises \(rule.rawValue)")
        #expect(rejected.allSatisfy { $0.exercisedRule == rule.rawValue })
    }

    @Test func everyRejectionNamesAKnownRule() throws {
        let known = Set(ChainCorpusRule.allCases.map(\.rawValue))
        for corpusCase in try ChainCorpus.standard() {
            #expect(corpusCase.expectedRule.map(known.contains) ?? true, "\(corpusCase.name)")
            #expect(known.contains(corpusCase.exercisedRule), "\(corpusCase.name)")
        }
    }

    @Test func generatingTwiceGivesTheSameBytes() throws {
        let first = try ChainCorpus.standard()
        let second = try ChainCorpus.generate()
        #expect(first.count == second.count)
        for (one, other) in zip(first, second) {
            #expect(one.name == other.name)
            #expect(one.presentedChain == other.presentedChain, "\(one.name)")
            #expect(one.trustAnchors == other.trustAnchors, "\(one.name)")
            #expect(one.identity == other.identity && one.instant == other.instant)
            #expect(one.expectedRule == other.expectedRule)
        }
    }

    @Test func anotherSeedGivesOtherKeys() throws {
        let standard = try ChainCorpus.standard()
        let other = try ChainCorpus.generate(seed: ChainCorpus.defaultSeed &+ 1)
        #expect(standard.map(\.name) == other.map(\.name))
        #expect(standard.map(\.expectedRule) == other.map(\.expectedRule))
        #expect(standard[0].presentedChain != other[0].presentedChain)
    }
}
