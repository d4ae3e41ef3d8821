// `Words`: the plain-memory buffers the store is made of.
//
// Relations, indexes and plan steps keep their hot data here rather than in Swift arrays: the
// executor reads it millions of times per query, and an array read through a class is
// retained and released each time.

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A growable buffer in plain memory, owned by the class that holds it (which calls `free` in
/// its `deinit`). Copies share the memory, so it never leaves its owner. Elements must be plain
/// values (integers, tuples of them): the memory comes from `malloc`, so that growing a big
/// buffer is a `realloc` (the kernel remaps its pages instead of copying them) and a zeroed one
/// is a `calloc` (fresh pages are zero without being written).
struct Words<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    /// How many elements are in use; lowering it drops the rest.
    var count = 0

    init() {
        capacity = 0
        base = Words.bind(malloc(MemoryLayout<Element>.stride))
    }

    /// The elements of an array.
    init(_ elements: [Element]) {
        self.init()
        reserve(elements.count)
        for e in elements { append(e) }
    }

    private static func bind(_ p: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<Element> {
        guard let p else { fatalError("out of memory") }
        return p.assumingMemoryBound(to: Element.self)
    }

    @inline(__always) subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    mutating func reserve(_ n: Int) {
        guard n > capacity else { return }
        base = Words.bind(realloc(base, n * MemoryLayout<Element>.stride))
        capacity = n
        Words.preferHugePages(base, bytes: n * MemoryLayout<Element>.stride)
    }

    /// Asks the kernel to back a big buffer with 2 MB pages: a million facts then cost a few
    /// dozen page faults instead of tens of thousands. (Linux only; elsewhere a no-op.)
    static func preferHugePages(_ p: UnsafeMutablePointer<Element>, bytes: Int) {
        #if os(Linux)
            let huge = 2 << 20
            guard bytes >= 2 * huge else { return }
            let start = (Int(bitPattern: p) + huge - 1) & ~(huge - 1)
            let end = (Int(bitPattern: p) + bytes) & ~(huge - 1)
            if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        #endif
    }

    @inline(__always) mutating func append(_ e: Element) {
        if count == capacity { reserve(max(16, capacity * 2)) }
        (base + count).initialize(to: e)
        count += 1
    }

    @inline(__always) mutating func append(_ p: UnsafePointer<Element>, count n: Int) {
        if count + n > capacity { reserve(max(16, capacity * 2, count + n)) }
        (base + count).initialize(from: p, count: n)
        count += n
    }

    /// Gives the memory back; the buffer must not be used again until it is replaced.
    func free() {
        #if canImport(Glibc)
            Glibc.free(base)
        #else
            Darwin.free(base)
        #endif
    }
}

extension Words where Element: FixedWidthInteger {
    /// `n` zeros, in use.
    init(zeroed n: Int) {
        capacity = n
        base = Words.bind(calloc(max(1, n), MemoryLayout<Element>.stride))
        count = n
        Words.preferHugePages(base, bytes: n * MemoryLayout<Element>.stride)
    }
}
