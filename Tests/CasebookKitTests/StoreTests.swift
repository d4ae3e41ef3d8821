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

        /// `find` is left out where it would move the relation off its grid.
        func check(_ step: String, find: Bool = true) {
            #expect(relation.checkInvariants() == nil, "\(step): \(relation.checkInvariants() ?? "")")
            #expect(relation.count == rows.count, "\(step)")
            for (r, tuple) in rows.enumerated() {
                #expect(relation.rawRow(r) == tuple, "\(step): row \(r)")
                #expect(relation.rankOf(r) == ranks[r], "\(step): rank of row \(r)")
                if find {
                    #expect(
                        tuple.withUnsafeBufferPointer { relation.find($0.baseAddress!) } == r, "\(step): find row \(r)")
                } else {
                    #expect(relation.contains(tuple), "\(step): contains row \(r)")
                }
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

    @Test("close values go on a grid, which widens, and off it again", arguments: [1, 2])
    func grid(arity: Int) {
        var rng = SplitMix(seed: 40 + UInt64(arity))
        var pair = Pair(arity: arity)
        var rank: Int32 = 0
        let spread = arity == 1 ? 9000 : 110
        /// Adds random tuples whose values lie in low..<low+spread, half singly, half in a batch.
        func add(_ n: Int, low: UInt64, spread: Int) {
            let batch = (0..<n).map { _ in (0..<arity).map { _ in low + UInt64(rng.below(spread)) } }
            rank += 1
            for (i, t) in batch.enumerated() {
                pair.add(t, rank: rank)
                if i % 2 == 0 { pair.relation.insert(t, rank: rank) }
            }
            let odd = batch.enumerated().filter { $0.offset % 2 == 1 }.flatMap { $0.element }
            _ = odd.withUnsafeBufferPointer { pair.relation.insert(rows: $0.baseAddress!, count: n / 2, rank: rank) }
            // The singles went in first; the model must see them in that order too.
            pair.rows.removeAll()
            pair.ranks.removeAll()
        }
        // Rebuilds the model's order from the relation's own, since singles and the batch were
        // interleaved above; then checks membership both ways.
        func settle(_ step: String, find: Bool = false) {
            let stored = (0..<pair.relation.count).map { pair.relation.rawRow($0) }
            #expect(Set(stored) == pair.seen, "\(step): the relation holds other tuples than the model")
            pair.rows = stored
            pair.ranks = (0..<stored.count).map { pair.relation.rankOf($0) }
            pair.check(step, find: find)
        }
        _ = pair.relation.index(on: [0])
        add(3000, low: 1000, spread: spread)
        settle("below the grid's minimum")
        #expect(!pair.relation.onGrid)
        add(6000, low: 1000, spread: spread)
        settle("dense")
        #expect(pair.relation.onGrid)
        // Just outside on both sides: the grid widens.
        add(400, low: 1000 - 40, spread: spread + 100)
        settle("widened")
        #expect(pair.relation.onGrid)
        // Far outside: back to the table.
        add(2, low: 1 << 50, spread: 1)
        settle("far value")
        #expect(!pair.relation.onGrid)
        add(500, low: 1000, spread: spread)
        settle("after leaving", find: true)
        // Truncation while on a grid: stated rows are kept and still deduplicate.
        var second = Pair(arity: arity)
        swap(&pair, &second)
        add(6000, low: 7, spread: spread)
        pair.relation.baseCount = 2000
        add(6000, low: 7, spread: spread)
        settle("dense again")
        #expect(pair.relation.onGrid)
        pair.relation.truncate(to: 2000)
        pair.seen = Set((0..<2000).map { pair.relation.rawRow($0) })
        settle("truncated")
        add(3000, low: 7, spread: spread)
        settle("after truncation")
        // Asking for a row's number moves the relation to the table for good.
        let before = pair.relation.count
        #expect(pair.relation.rawRow(5).withUnsafeBufferPointer { pair.relation.find($0.baseAddress!) } == 5)
        #expect(!pair.relation.onGrid)
        add(8000, low: 7, spread: spread)
        settle("after find", find: true)
        #expect(!pair.relation.onGrid && pair.relation.count > before)
    }

    /// Words at the very bottom and top of the range, where widening a grid downward or upward
    /// would run past 0 or the largest word, and around the sign bit.
    @Test("a grid near the ends of the word range", arguments: [0, UInt64.max - 200, 1 << 63, UInt64.max - 40_000])
    func gridAtTheEnds(center: UInt64) {
        var rng = SplitMix(seed: center)
        let relation = Relation(name: "r", arity: 2)
        var model = Set<[UInt64]>()
        var order: [[UInt64]] = []
        func add(_ n: Int, from: Int, spread: Int) {
            for _ in 0..<n {
                let t = (0..<2).map { _ in center &+ UInt64(bitPattern: Int64(from + rng.below(spread))) }
                if model.insert(t).inserted { order.append(t) }
                relation.insert(t, rank: 0)
            }
            #expect(relation.checkInvariants() == nil, "\(relation.checkInvariants() ?? "")")
            #expect((0..<relation.count).map { relation.rawRow($0) } == order)
            #expect(order.allSatisfy { relation.contains($0) })
        }
        add(8000, from: 0, spread: 100)
        add(2000, from: -60, spread: 200)  // creeping down, past 0 for center 0
        add(2000, from: 0, spread: 400)  // and up, past the largest word for the top centers
        add(500, from: -100_000, spread: 200_000)
        #expect(
            order.enumerated().allSatisfy { r, t in t.withUnsafeBufferPointer { relation.find($0.baseAddress!) } == r })
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

    @Test("big buffers, which are mappings of their own, keep their contents as they grow and shrink")
    func bigBuffers() {
        var words = Words<UInt64>()
        // From `malloc` into a mapping at 4 MB, then grown as a mapping three times.
        for i in 0..<3_000_000 { words.append(UInt64(i) &* 0x9E37_79B9_7F4A_7C15) }
        #expect((0..<3_000_000).allSatisfy { words[$0] == UInt64($0) &* 0x9E37_79B9_7F4A_7C15 })
        words.free()
        let zeros = Words<UInt32>(zeroed: 3_000_000)
        #expect((0..<3_000_000).allSatisfy { zeros[$0] == 0 })
        zeros.free()

        // A relation whose rows, dedup table and index all outgrow 4 MB, then are cut back to a
        // few rows and grown again.
        let relation = Relation(name: "big", arity: 3)
        _ = relation.index(on: [1])
        var rng = SplitMix(seed: 5)
        var order: [[UInt64]] = []
        var seen = Set<[UInt64]>()
        for _ in 0..<400_000 {
            let t: [UInt64] = [rng.next(), UInt64(rng.below(1000)), rng.next()]
            if seen.insert(t).inserted { order.append(t) }
            relation.insert(t, rank: 0)
        }
        #expect(relation.checkInvariants() == nil)
        #expect(relation.count == order.count)
        relation.truncate(to: 1000)
        for t in order[1000...] { relation.insert(t, rank: 1) }
        #expect(relation.checkInvariants() == nil)
        #expect((0..<order.count).allSatisfy { relation.rawRow($0) == order[$0] })
    }
}
