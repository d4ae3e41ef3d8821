// The fact store: one `Relation` per relation name, tuples of 64-bit `Value` words.
//
// Rows are stored row-major in one flat buffer and only ever appended, so a row's number never
// changes while a relation grows. That is what the semi-naive loop relies on: the rows of one
// iteration's delta are simply a range of row numbers (Datafrog's stable / recent / to-add, kept
// as three markers instead of three collections). A hash table of row numbers deduplicates (or,
// for one or two columns of close values, a `DenseGrid` of bits); each `Index` maps the values
// of some columns to a chain of rows, newest first. All of it lives in `Words` buffers
// (Words.swift), not Swift arrays.

import CMemory

/// The tuples of one relation, deduplicated, with indexes built on demand.
public final class Relation {
    public let name: String
    public let arity: Int
    /// The declared type of each column, when some column's is not `any`: rows that rules
    /// derive are checked against them (stated facts are checked as they are read).
    var declaredColumns: [ColumnDeclaration]?
    /// Row-major tuples: row r occupies data[r*arity ..< (r+1)*arity]. Moves when it grows.
    private(set) var data = Words<UInt64>()
    public private(set) var count = 0
    /// The dedup table, open addressing. Each slot holds row + 1 in its low 32 bits (0: empty)
    /// and the upper half of the row's hash above, so a probe compares hashes before it reads
    /// a row: most probes then touch one cache line instead of two.
    private var slots = Words<UInt64>(zeroed: 16)
    private var slotMask = 15
    /// A row's home slot is the top bits of its hash (`home`). The slot keeps the top 32 bits
    /// as its tag, so when the table doubles each entry's new home is read off the entry itself:
    /// growing is one pass over the old table, with no row read and no hash recomputed.
    private var slotShift: UInt64 = 60
    /// Instead of the dedup table, a relation of one or two columns whose values lie close
    /// together (node numbers, interned symbols) may keep a bit per possible row: a lookup is
    /// then one bit in a small, cache-resident block instead of a miss in a table as big as
    /// the relation. While `grid` is set, `slots` is empty and unused.
    private var grid: DenseGrid?
    /// Whether the relation is on a grid now (for tests).
    var onGrid: Bool { grid != nil }
    /// When `count` reaches this, `considerGrid` looks again at whether the values are close.
    private var gridCheckAt = Relation.gridMinimumRows
    /// Cleared for good once a caller asks for a row's number (`find`), which only the table
    /// can answer.
    private var gridAllowed = true
    /// Below this many rows the dedup table fits in cache anyway.
    static let gridMinimumRows = 4096
    /// A grid may hold at most this many bits per row: 8 bytes, less than the table's slots.
    static let gridBitsPerRow = 64

    @inline(__always) private func home(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h >> slotShift) }
    /// Indexes by the columns they key on (DataScript names these by column order, e.g. "0,2").
    private(set) var indexes: [Index] = []
    /// The evaluation round that derived each row (0 for stated facts); `why` searches by it.
    /// Rows are appended a round at a time, so the ranks are kept run-length encoded: the rows
    /// from `rankStarts[i]` on have rank `rankValues[i]`, until the next start.
    private var rankStarts: [Int] = []
    private var rankValues: [Int32] = []
    /// The rank of the last row (-1 before any), to see cheaply whether a run starts.
    private var lastRank: Int32 = -1
    /// Rows below this are stated facts; rows above were derived and are recomputed on change.
    public internal(set) var baseCount = 0
    /// Claims behind stated rows.
    var claims: [Int32: [Int]] = [:]

    // Semi-naive markers: [0, stableEnd) stable, [stableEnd, recentEnd) recent, beyond: new.
    var stableEnd = 0
    var recentEnd = 0

    public init(name: String, arity: Int) {
        self.name = name
        self.arity = arity
    }

    deinit {
        data.free()
        slots.free()
        grid?.bits.free()
    }

    static let rowMask: UInt64 = 0xFFFF_FFFF
    static let tagMask: UInt64 = ~rowMask

    @inline(__always) static func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
        var x = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return x
    }

    @inline(__always) func hashRow(_ buffer: UnsafePointer<UInt64>) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        for k in 0..<arity { h = Relation.mix(h, buffer[k]) }
        return h ^ (h >> 32)
    }

    /// The first word of row r; valid until the relation next grows.
    @inline(__always) func words(row r: Int) -> UnsafeMutablePointer<UInt64> { data.base + r * arity }

    /// Whether the tuple is present.
    public func contains(_ tuple: [UInt64]) -> Bool {
        tuple.withUnsafeBufferPointer { has($0.baseAddress!) }
    }

    private func has(_ t: UnsafePointer<UInt64>) -> Bool {
        if let g = grid { return g.bit(of: t, arity: arity).map { g.isSet($0) } ?? false }
        return find(t) >= 0
    }

    /// The row number of a tuple, or -1.
    func find(_ t: UnsafePointer<UInt64>) -> Int {
        if arity == 0 { return count > 0 ? 0 : -1 }
        if grid != nil {
            gridAllowed = false
            rebuildTable()
        }
        return probe(t, hash: hashRow(t)).row
    }

    /// Walks the dedup table for a tuple: its row if present (else -1), and the slot where the
    /// walk stopped, which is where a new tuple goes.
    @inline(__always) private func probe(_ t: UnsafePointer<UInt64>, hash h: UInt64) -> (row: Int, slot: Int) {
        let tag = h & Relation.tagMask
        var s = home(h)
        let d = data.base
        while true {
            let slot = slots[s]
            if slot == 0 { return (-1, s) }
            if slot & Relation.tagMask == tag {
                let row = Int(slot & Relation.rowMask) - 1
                let base = row * arity
                var same = true
                for k in 0..<arity where d[base + k] != t[k] {
                    same = false
                    break
                }
                if same { return (row, s) }
            }
            s = (s + 1) & slotMask
        }
    }

    /// Adds a tuple unless present; returns whether it was new.
    @discardableResult
    public func insert(_ tuple: [UInt64], rank r: Int32 = 0) -> Bool {
        tuple.withUnsafeBufferPointer { insert($0.baseAddress!, rank: r) }
    }

    @discardableResult
    func insert(_ t: UnsafePointer<UInt64>, rank r: Int32) -> Bool {
        if arity == 0 {
            if count > 0 { return false }
            noteRank(r, row: 0)
            count = 1
            return true
        }
        if count >= gridCheckAt { considerGrid() }
        if grid != nil { return insertInGrid(rows: t, count: 1, rank: r) == 1 }
        return insert(t, hash: hashRow(t), rank: r)
    }

    /// Appends a row known to be new.
    @inline(__always) private func append(_ t: UnsafePointer<UInt64>, rank r: Int32) {
        let row = count
        data.append(t, count: arity)
        if r != lastRank { noteRank(r, row: row) }
        count += 1
        for index in indexes { index.add(row: row, data.base, arity: arity) }
    }

    @inline(__always) private func insert(_ t: UnsafePointer<UInt64>, hash h: UInt64, rank r: Int32) -> Bool {
        let tag = h & Relation.tagMask
        let (existing, s) = probe(t, hash: h)
        if existing >= 0 { return false }
        guard count < Int(Int32.max) - 1 else { return false }
        slots[s] = tag | UInt64(count + 1)
        append(t, rank: r)
        if crowded(count) { growSlots() }
        return true
    }

    /// Adds `n` row-major rows, as `insert` would one by one, and returns how many were new.
    /// A lookup in a big table is a cache miss or two that the processor waits out: the slot,
    /// then the row the slot points to. Here both are asked for ahead (`cb_prefetch`), the slot
    /// `slotAhead` rows before its insert and, once it has arrived, the row `rowAhead` rows
    /// before, so that the misses of many rows are in flight together.
    @discardableResult
    func insert(rows: UnsafePointer<UInt64>, count n: Int, rank r: Int32) -> Int {
        guard arity > 0 else { return n > 0 && insert(rows, rank: r) ? 1 : 0 }
        if count + n >= gridCheckAt { considerGrid() }
        if grid != nil { return insertInGrid(rows: rows, count: n, rank: r) }
        // Room in the table for the whole batch, so that no slot moves between a prefetch and
        // its insert.
        while crowded(count + n) { growSlots() }
        // Distances tried on the random-graph closure: 16/8 gained 6%, 32/16 12%, 48/24 no more.
        let slotAhead = 32
        let rowAhead = 16
        let ring = 64  // a power of two above slotAhead: the hashes of the rows in flight
        var added = 0
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: ring) { hashes in
            @inline(__always) func askForSlot(_ j: Int) {
                let h = hashRow(rows + j * arity)
                hashes[j & (ring - 1)] = h
                cb_prefetch(slots.base + home(h))
            }
            for j in 0..<min(slotAhead, n) { askForSlot(j) }
            for j in 0..<n {
                if j + slotAhead < n { askForSlot(j + slotAhead) }
                if j + rowAhead < n {
                    let h = hashes[(j + rowAhead) & (ring - 1)]
                    let slot = slots[home(h)]
                    if slot != 0 && slot & Relation.tagMask == h & Relation.tagMask {
                        cb_prefetch(data.base + (Int(slot & Relation.rowMask) - 1) * arity)
                    }
                }
                if insert(rows + j * arity, hash: hashes[j & (ring - 1)], rank: r) { added += 1 }
            }
        }
        return added
    }

    /// `insert(rows:count:rank:)` while the grid stands. A row outside the grid widens it, or
    /// sends the relation back to the table for the rest.
    private func insertInGrid(rows: UnsafePointer<UInt64>, count n: Int, rank r: Int32) -> Int {
        var added = 0
        var j = 0
        let width = arity
        while j < n {
            guard let g = grid else { return added + insert(rows: rows + j * width, count: n - j, rank: r) }
            // The rows up to the first outside the grid: each new one is marked and copied to
            // the end of `data`, and then all are counted in at once.
            let needed = (count + n - j) * width
            if needed > data.capacity { data.reserve(max(data.capacity * 2, needed)) }
            let start = count
            let room = Int(Int32.max) - 1 - start
            var fresh = 0
            var end = data.base + start * width
            // `bit(of:)`, `isSet` and `set` by hand, with the grid's fields in locals: this
            // loop runs once per derived row.
            let (low0, low1) = g.low
            let (width0, width1) = g.width
            let shift = g.shift
            let bits = g.bits.base
            while j < n {
                let t = rows + j * width
                let a = t[0] &- low0
                let b = (width == 2 ? t[1] : 0) &- low1
                guard a < width0 && b < width1 else { break }
                j += 1
                let i = a &<< shift | b
                let word = bits + Int(truncatingIfNeeded: i &>> 6)
                let mask: UInt64 = 1 &<< (i & 63)
                if word.pointee & mask != 0 || fresh == room { continue }
                word.pointee |= mask
                end[0] = t[0]
                if width == 2 { end[1] = t[1] }
                end += width
                fresh += 1
            }
            if fresh > 0 {
                data.count += fresh * width
                if r != lastRank { noteRank(r, row: start) }
                count += fresh
                added += fresh
                for index in indexes {
                    for row in start..<count { index.add(row: row, data.base, arity: width) }
                }
            }
            if j < n { widenGrid(toHold: rows + j * width) }
        }
        return added
    }

    /// Puts the relation on a grid if its values now lie close enough together; otherwise
    /// looks again when it has doubled.
    private func considerGrid() {
        gridCheckAt = max(Relation.gridMinimumRows, count * 2)
        guard grid == nil, gridAllowed, arity <= 2, count > 0 else { return }
        var low = (UInt64.max, UInt64.max)
        var high = (UInt64.min, UInt64.min)
        let d = data.base
        for row in 0..<count {
            let a = d[row * arity]
            let b = arity == 2 ? d[row * arity + 1] : 0
            low = (min(low.0, a), min(low.1, b))
            high = (max(high.0, a), max(high.1, b))
        }
        let extent = (DenseGrid.Extent(low: low.0, high: high.0), DenseGrid.Extent(low: low.1, high: high.1))
        guard let g = DenseGrid(extent, rows: count) else { return }
        placeRows(on: g)
        slots.free()
        slots = Words(zeroed: 16)
        slotMask = 15
        slotShift = 60
    }

    /// Makes room on the grid for a row outside it, or leaves the grid if the room would take
    /// more than `gridBitsPerRow` bits a row. The grid at least doubles along a column the row
    /// is outside, toward the row, so that a relation creeping outward moves only a logarithmic
    /// number of times.
    private func widenGrid(toHold t: UnsafePointer<UInt64>) {
        guard let old = grid else { return }
        let b = arity == 2 ? t[1] : 0
        func widened(_ low: UInt64, _ width: UInt64, _ v: UInt64) -> DenseGrid.Extent {
            let high = low &+ width &- 1
            if v &- low < width { return .init(low: low, high: high, width: width, downward: false) }
            return v < low
                ? .init(low: v, high: high, width: width * 2, downward: true)
                : .init(low: low, high: v, width: width * 2, downward: false)
        }
        let extent = (widened(old.low.0, old.width.0, t[0]), widened(old.low.1, old.width.1, b))
        old.bits.free()
        grid = nil
        if let g = DenseGrid(extent, rows: max(count, Relation.gridMinimumRows)) {
            placeRows(on: g)
        } else {
            rebuildTable()
        }
    }

    /// Sets the bit of every row on a fresh grid and makes it the relation's.
    private func placeRows(on g: DenseGrid) {
        let d = data.base
        for row in 0..<count { g.set(g.bit(of: d + row * arity, arity: arity)!) }
        grid = g
    }

    /// Builds the dedup table afresh from the rows, leaving the grid if the relation is on one:
    /// when only the table will do, and after rows are dropped.
    private func rebuildTable() {
        grid?.bits.free()
        grid = nil
        var capacity = 16
        while crowded(count, capacity: capacity) { capacity *= 2 }
        slots.free()
        slots = Words(zeroed: capacity)
        slotMask = capacity - 1
        slotShift = UInt64(64 - capacity.trailingZeroBitCount)
        for row in 0..<count {
            let h = hashRow(words(row: row))
            var s = home(h)
            while slots[s] != 0 { s = (s + 1) & slotMask }
            slots[s] = (h & Relation.tagMask) | UInt64(row + 1)
        }
        gridCheckAt = max(Relation.gridMinimumRows, count * 2)
    }

    /// Whether `rows` rows would leave the table more than three-quarters full.
    @inline(__always) private func crowded(_ rows: Int) -> Bool { crowded(rows, capacity: slotMask + 1) }

    @inline(__always) private func crowded(_ rows: Int, capacity: Int) -> Bool { rows * 4 > (capacity - 1) * 3 }

    private func growSlots() {
        let old = slots
        let oldCapacity = slotMask + 1
        slots = Words(zeroed: oldCapacity * 2)
        slotMask = oldCapacity * 2 - 1
        slotShift -= 1
        // Old slots in order have nondecreasing new homes, so this writes the new table nearly
        // in order too: no cache miss per row, as rehashing by row would have.
        for k in 0..<oldCapacity where old[k] != 0 {
            let entry = old[k]
            var s = home(entry)
            while slots[s] != 0 { s = (s + 1) & slotMask }
            slots[s] = entry
        }
        old.free()
    }

    /// Reserves room for about n more rows, so a bulk load does not rehash repeatedly.
    public func reserve(_ n: Int) {
        data.reserve((count + n) * arity)
        while grid == nil && crowded(count + n) { growSlots() }
    }

    /// Column lists a plan has asked to look up by without an index (see `wantsIndex`).
    private var indexRequests: [[Int]] = []

    /// Whether a lookup by these columns should use an index: yes if one exists or was asked for
    /// before; the first request only notes it, and the caller scans instead.
    func wantsIndex(on columns: [Int]) -> Bool {
        if indexes.contains(where: { $0.columns == columns }) || indexRequests.contains(columns) { return true }
        indexRequests.append(columns)
        return false
    }

    /// The index keyed on these columns, built now if it does not exist.
    func index(on columns: [Int]) -> Index {
        if let i = indexes.first(where: { $0.columns == columns }) { return i }
        let i = Index(columns: columns)
        i.build(count: count, data.base, arity: arity)
        indexes.append(i)
        return i
    }

    /// Drops every row from `n` on (derived rows, before they are recomputed).
    func truncate(to n: Int) {
        guard n < count else { return }
        count = n
        data.count = n * arity
        while let start = rankStarts.last, start >= n {
            rankStarts.removeLast()
            rankValues.removeLast()
        }
        lastRank = rankValues.last ?? -1
        rebuildTable()
        for index in indexes { index.build(count: count, data.base, arity: arity) }
        stableEnd = min(stableEnd, n)
        recentEnd = min(recentEnd, n)
    }

    /// Row r as values.
    public func row(_ r: Int) -> [Value] {
        (0..<arity).map { Value(raw: data[r * arity + $0]) }
    }

    /// Row r as raw words.
    public func rawRow(_ r: Int) -> [UInt64] {
        Array(UnsafeBufferPointer(start: words(row: r), count: arity))
    }

    private func noteRank(_ r: Int32, row: Int) {
        rankStarts.append(row)
        rankValues.append(r)
        lastRank = r
    }

    /// The rank of row r: that of the last run starting at or before it.
    func rankOf(_ r: Int) -> Int32 {
        var lo = 0
        var hi = rankStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if rankStarts[mid] <= r { lo = mid } else { hi = mid - 1 }
        }
        return rankValues[lo]
    }

    /// Checks the store's invariants; tests call it after mutations.
    public func checkInvariants() -> String? {
        if data.count != count * arity { return "\(name): data holds \(data.count) words for \(count) rows" }
        if count > 0 && rankStarts.first != 0 { return "\(name): row 0 has no rank" }
        if rankStarts.last.map({ $0 >= count }) == true { return "\(name): a rank starts past the last row" }
        var seen = Set<[UInt64]>()
        for r in 0..<count {
            let t = rawRow(r)
            if !seen.insert(t).inserted { return "\(name): row \(r) is a duplicate" }
            if let g = grid {
                guard let i = t.withUnsafeBufferPointer({ g.bit(of: $0.baseAddress!, arity: arity) }), g.isSet(i) else {
                    return "\(name): row \(r) is not on the grid"
                }
            } else if arity > 0 && find(t) != r {
                return "\(name): row \(r) is not found by hash"
            }
        }
        if let g = grid, g.population() != count {
            return "\(name): the grid holds \(g.population()) rows, not \(count)"
        }
        for i in indexes {
            if let problem = i.check(count: count, data.base, arity: arity) { return "\(name): \(problem)" }
        }
        return nil
    }
}

/// A bit per possible row of a relation of one or two columns: the rectangle from `low` of
/// `width` values in each column (a second column of one value for a relation of one). The
/// bits are row-major, so the rows of one first value, which a join tends to produce together,
/// sit in one short run of memory.
struct DenseGrid {
    let low: (UInt64, UInt64)
    let width: (UInt64, UInt64)
    /// log2 of `width.1`.
    let shift: UInt64
    let bits: Words<UInt64>

    /// What a grid must cover in one column: low...high, in at least `width` values. The
    /// room beyond what is needed goes below `low` if the column grew `downward`, else above.
    struct Extent {
        var low: UInt64
        var high: UInt64
        var width: UInt64 = 1
        var downward = false
    }

    /// A grid over the two extents, or nil if it would take more than `Relation.gridBitsPerRow`
    /// bits for each of `rows` rows. Widths are powers of two.
    init?(_ extent: (Extent, Extent), rows: Int) {
        func fitted(_ e: Extent) -> (low: UInt64, width: UInt64)? {
            let span = e.high &- e.low
            guard span < 1 << 40, e.width <= 1 << 40 else { return nil }
            var w = e.width
            while w <= span { w <<= 1 }
            if e.downward { return (e.high >= w - 1 ? e.high - (w - 1) : 0, w) }
            // Room above `low` may run past the largest word; keep the rectangle inside it.
            return (min(e.low, UInt64.max - (w - 1)), w)
        }
        guard let c0 = fitted(extent.0), let c1 = fitted(extent.1) else { return nil }
        let (product, overflow) = c0.width.multipliedReportingOverflow(by: c1.width)
        guard !overflow, product <= UInt64(rows * Relation.gridBitsPerRow) else { return nil }
        low = (c0.low, c1.low)
        width = (c0.width, c1.width)
        shift = UInt64(c1.width.trailingZeroBitCount)
        bits = Words(zeroed: Int((product + 63) / 64))
    }

    /// The bit of a row, or nil if the row lies outside the grid.
    @inline(__always) func bit(of t: UnsafePointer<UInt64>, arity: Int) -> Int? {
        let a = t[0] &- low.0
        let b = (arity == 2 ? t[1] : 0) &- low.1
        guard a < width.0, b < width.1 else { return nil }
        return Int(truncatingIfNeeded: a &<< shift | b)
    }

    @inline(__always) func isSet(_ i: Int) -> Bool { bits[i &>> 6] & (1 &<< UInt64(i & 63)) != 0 }

    @inline(__always) func set(_ i: Int) { bits[i &>> 6] |= 1 &<< UInt64(i & 63) }

    /// How many bits are set.
    func population() -> Int { (0..<bits.count).reduce(0) { $0 + bits[$1].nonzeroBitCount } }
}

/// A hash index on some columns of a relation: key → chain of row numbers, newest first.
final class Index {
    let columns: [Int]
    /// `columns` in plain memory, for the lookups.
    private let keyColumns: Words<Int>
    /// The column of a one-column key, else -1: most lookups are by one column, and this
    /// spares them the loop over `keyColumns`.
    private let onlyColumn: Int
    /// Open-addressing table of chain heads (row+1, 0 = empty); one slot per distinct key.
    private var heads = Words<Int32>(zeroed: 16)
    private var mask = 15
    private var keys = 0
    /// next[r] = the next older row with the same key (+1), 0 at the end of a chain.
    private(set) var next = Words<Int32>()

    init(columns: [Int]) {
        self.columns = columns
        keyColumns = Words(columns)
        onlyColumn = columns.count == 1 ? columns[0] : -1
    }

    deinit {
        keyColumns.free()
        heads.free()
        next.free()
    }

    @inline(__always) func hashKey(_ d: UnsafePointer<UInt64>, row: Int, arity: Int) -> UInt64 {
        var h: UInt64 = 0x1319_8A2E_0370_7344
        for k in 0..<keyColumns.count { h = Relation.mix(h, d[row * arity + keyColumns[k]]) }
        return h ^ (h >> 32)
    }

    @inline(__always) func hashKey(_ key: UnsafePointer<UInt64>) -> UInt64 {
        var h: UInt64 = 0x1319_8A2E_0370_7344
        for k in 0..<keyColumns.count { h = Relation.mix(h, key[k]) }
        return h ^ (h >> 32)
    }

    func build(count: Int, _ d: UnsafePointer<UInt64>, arity: Int) {
        keys = 0
        next.count = 0
        next.reserve(count)
        // Size the table for as many keys as rows, at most: then it never grows while building,
        // and the slots can be asked for ahead.
        mask = 15
        while count * 2 > mask { mask = mask * 2 + 1 }
        heads.free()
        heads = Words(zeroed: mask + 1)
        // Each row's slot is asked for some rows ahead (see `Relation.insert(rows:)`).
        let ahead = 16
        for r in 0..<count {
            if r + ahead < count {
                cb_prefetch(heads.base + (Int(truncatingIfNeeded: hashKey(d, row: r + ahead, arity: arity)) & mask))
            }
            add(row: r, d, arity: arity)
        }
        // Many rows per key leave the table mostly empty: shrink it to what the keys need.
        var fitted = 15
        while keys * 2 > fitted { fitted = fitted * 2 + 1 }
        if fitted < mask { rehash(to: fitted, d, arity: arity) }
    }

    @inline(__always) func add(row: Int, _ d: UnsafePointer<UInt64>, arity: Int) {
        var s = Int(truncatingIfNeeded: hashKey(d, row: row, arity: arity)) & mask
        while true {
            let head = Int(heads[s]) - 1
            if head < 0 {
                heads[s] = Int32(row + 1)
                next.append(0)
                keys += 1
                break
            }
            var same = true
            for k in 0..<keyColumns.count where d[head * arity + keyColumns[k]] != d[row * arity + keyColumns[k]] {
                same = false
                break
            }
            if same {
                next.append(Int32(head + 1))
                heads[s] = Int32(row + 1)
                break
            }
            s = (s + 1) & mask
        }
        if keys * 2 > mask { rehash(to: mask * 2 + 1, d, arity: arity) }
    }

    private func rehash(to newMask: Int, _ d: UnsafePointer<UInt64>, arity: Int) {
        let old = heads
        let oldSize = mask + 1
        mask = newMask
        heads = Words(zeroed: mask + 1)
        for k in 0..<oldSize where old[k] != 0 {
            let h = old[k]
            var s = Int(truncatingIfNeeded: hashKey(d, row: Int(h) - 1, arity: arity)) & mask
            while heads[s] != 0 { s = (s + 1) & mask }
            heads[s] = h
        }
        old.free()
    }

    /// The newest row whose key columns equal `key`, or -1.
    @inline(__always) func first(_ key: UnsafePointer<UInt64>, data d: UnsafePointer<UInt64>, arity: Int) -> Int {
        var s = Int(truncatingIfNeeded: hashKey(key)) & mask
        if onlyColumn >= 0 {
            let c = onlyColumn
            let k = key[0]
            while true {
                let head = Int(heads[s]) - 1
                if head < 0 || d[head * arity + c] == k { return head }
                s = (s + 1) & mask
            }
        }
        while true {
            let head = Int(heads[s]) - 1
            if head < 0 { return -1 }
            var same = true
            for k in 0..<keyColumns.count where d[head * arity + keyColumns[k]] != key[k] {
                same = false
                break
            }
            if same { return head }
            s = (s + 1) & mask
        }
    }

    /// Asks for the table slot of a key ahead of `first` (see `Executor.scanAhead`).
    @inline(__always) func prefetchSlot(_ key: UnsafePointer<UInt64>) {
        cb_prefetch(heads.base + (Int(truncatingIfNeeded: hashKey(key)) & mask))
    }

    /// Asks for the row a key's slot points to and the row's chain link, once the slot has
    /// arrived (a collision then just fetches a row that is not needed).
    @inline(__always) func prefetchRow(_ key: UnsafePointer<UInt64>, data d: UnsafePointer<UInt64>, arity: Int) {
        let head = Int(heads[Int(truncatingIfNeeded: hashKey(key)) & mask]) - 1
        guard head >= 0 else { return }
        cb_prefetch(d + head * arity)
        cb_prefetch(next.base + head)
    }

    /// The next older row with the same key as row r, or -1.
    @inline(__always) func following(_ r: Int) -> Int { Int(next[r]) - 1 }

    func check(count: Int, _ d: UnsafePointer<UInt64>, arity: Int) -> String? {
        if next.count != count { return "index \(columns) covers \(next.count) of \(count) rows" }
        var reached = 0
        for k in 0...mask where heads[k] != 0 {
            var r = Int(heads[k]) - 1
            var previous = Int.max
            while r >= 0 {
                if r >= previous { return "index \(columns) chain is not newest-first" }
                previous = r
                reached += 1
                r = Int(next[r]) - 1
            }
        }
        return reached == count ? nil : "index \(columns) reaches \(reached) of \(count) rows"
    }
}
