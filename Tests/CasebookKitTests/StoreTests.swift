// The fact store against a plain model: a list of distinct tuples in the order they were first
// added. Random inserts (one at a time and in batches, with many duplicates), indexes built part
// way, ranks that change as rounds do, and truncation back to the stated rows, through several
// doublings of the dedup table. After every step the relation must hold exactly the model's
// tuples, in its order, find each one, rank each as added, and pass its own invariant checks.

import Testing

@testable import CasebookKit

@Suite("The fact store")
struct StoreTests {
    /// A relation and its model, checked against each other.
    struct Pair {
        let relation: Relation
        var rows: [[UInt64]] = []
        var ranks: [Int32] = []
        var seen: Set<[UInt64]> = []

        init(arity: Int) { relation = Relation(name: "r", arity: arity) }

        mutating func add(_ tuple: [UInt64], rank: Int32) {
            if seen.insert(tuple).inserted {
                rows.append(tuple)
                ranks.append(rank)
            }
        }

        func check(_ step: String) {
            #expect(relation.checkInvariants() == nil, "\(step): \(relation.checkInvariants() ?? "")")
            #expect(relation.count == rows.count, "\(step)")
            for (r, tuple) in rows.enumerated() {
                #expect(relation.rawRow(r) == tuple, "\(step): row \(r)")
                #expect(relation.rankOf(r) == ranks[r], "\(step): rank of row \(r)")
                #expect(tuple.withUnsafeBufferPointer { relation.find($0.baseAddress!) } == r, "\(step): find row \(r)")
            }
            #expect(!relation.contains([UInt64](repeating: 999_999, count: relation.arity)), "\(step)")
        }
    }

    @Test("random inserts, batches, indexes and truncation agree with a plain model", arguments: [1, 2, 3])
    func againstAModel(arity: Int) {
        var rng = SplitMix(seed: UInt64(arity))
        var pair = Pair(arity: arity)
        // Small values, so that about half the inserts are duplicates.
        func tuple() -> [UInt64] { (0..<arity).map { _ in UInt64(rng.below(40)) } }
        var rank: Int32 = 0
        for round in 0..<12 {
            rank += Int32(rng.below(2))
            if rng.below(2) == 0 {
                for _ in 0..<rng.below(300) {
                    let t = tuple()
                    pair.add(t, rank: rank)
                    pair.relation.insert(t, rank: rank)
                }
            } else {
                let batch = (0..<rng.below(700)).map { _ in tuple() }
                for t in batch { pair.add(t, rank: rank) }
                let flat = batch.flatMap { $0 }
                _ = flat.withUnsafeBufferPointer {
                    pair.relation.insert(rows: $0.baseAddress!, count: batch.count, rank: rank)
                }
            }
            if round == 3 { _ = pair.relation.index(on: [0]) }
            if round == 6 && arity > 1 { _ = pair.relation.index(on: [arity - 1, 0]) }
            pair.check("round \(round)")
            if round == 4 {
                // The rows so far become stated facts; later ones are derived and are dropped.
                pair.relation.baseCount = pair.relation.count
            }
            if round == 8 {
                let keep = pair.relation.baseCount
                pair.relation.truncate(to: keep)
                pair.seen = Set(pair.rows[..<keep])
                pair.rows.removeSubrange(keep...)
                pair.ranks.removeSubrange(keep...)
                pair.check("after truncation")
            }
        }
        #expect(pair.relation.count > 1000 || arity == 1)
    }

    @Test("an index finds every row of a key, newest first")
    func indexChains() {
        let relation = Relation(name: "e", arity: 2)
        var rng = SplitMix(seed: 11)
        var byKey: [UInt64: [Int]] = [:]
        let index = relation.index(on: [0])
        for _ in 0..<5000 {
            let t: [UInt64] = [UInt64(rng.below(50)), UInt64(rng.below(1000))]
            if relation.insert(t, rank: 0) { byKey[t[0], default: []].append(relation.count - 1) }
        }
        #expect(relation.checkInvariants() == nil)
        for (key, rows) in byKey {
            var found: [Int] = []
            var r = [key].withUnsafeBufferPointer {
                index.first($0.baseAddress!, data: relation.words(row: 0), arity: 2)
            }
            while r >= 0 {
                found.append(r)
                r = index.following(r)
            }
            #expect(found == rows.reversed(), "key \(key)")
        }
    }
}
