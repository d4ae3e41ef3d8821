// `Words`: the plain-memory buffers the store is made of.
//
// Relations, indexes and plan steps keep their hot data here rather than in Swift arrays: the
// executor reads it millions of times per query, and an array read through a class is
// retained and released each time.

import CMemory

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A growable buffer in plain memory, owned by the class that holds it (which calls `free` in
/// its `deinit`). Copies share the memory, so it never leaves its owner. Elements must be plain
/// values (integers, tuples of them). A small buffer comes from `malloc`; a big one is a
/// mapping of its own (see `Mapping`), so that it grows without being copied and is backed by
/// 2 MB pages.
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

    private static func bytes(_ n: Int) -> Int { n * MemoryLayout<Element>.stride }

    @inline(__always) subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    mutating func reserve(_ n: Int) {
        guard n > capacity else { return }
        let old = Words.bytes(capacity)
        let new = Words.bytes(n)
        if Mapping.holds(old) {
            base = Words.bind(Mapping.grow(base, from: old, to: new))
        } else if Mapping.holds(new) {
            let p = Words.bind(Mapping.allocate(new))
            p.update(from: base, count: count)
            Words.release(base, bytes: old)
            base = p
        } else {
            base = Words.bind(realloc(base, new))
        }
        capacity = n
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

    private static func release(_ p: UnsafeMutablePointer<Element>, bytes: Int) {
        if Mapping.holds(bytes) {
            Mapping.free(p, bytes)
        } else {
            #if canImport(Glibc)
                Glibc.free(p)
            #else
                Darwin.free(p)
            #endif
        }
    }

    /// Gives the memory back; the buffer must not be used again until it is replaced.
    func free() { Words.release(base, bytes: Words.bytes(capacity)) }
}

extension Words where Element: FixedWidthInteger {
    /// `n` zeros, in use.
    init(zeroed n: Int) {
        capacity = n
        let bytes = Words.bytes(n)
        // Fresh pages are zero without being written, from the kernel or through `calloc`.
        base = Words.bind(
            Mapping.holds(bytes) ? Mapping.allocate(bytes) : calloc(max(1, n), MemoryLayout<Element>.stride))
        count = n
    }
}

/// The memory of a big buffer: an anonymous mapping of its own, in whole 2 MB pages, aligned to
/// them and marked for transparent huge pages, so that a million facts cost a few dozen page
/// faults instead of tens of thousands. Growing moves the mapping's page tables (`mremap`), not
/// its bytes. (`malloc` would have done neither: `realloc` copies a block the kernel has split
/// by marking part of it, and a block's start is not aligned to a huge page.) Elsewhere than on
/// Linux, `malloc` is used for all sizes.
enum Mapping {
    static let hugePage = 2 << 20

    /// Whether a buffer of this many bytes is a mapping (else a `malloc` block).
    static func holds(_ bytes: Int) -> Bool {
        #if os(Linux)
            return bytes >= 2 * hugePage
        #else
            return false
        #endif
    }

    /// The length of the mapping for a buffer of this many bytes.
    private static func length(_ bytes: Int) -> Int { (bytes + hugePage - 1) & ~(hugePage - 1) }

    /// Address space of `length` bytes at a huge-page boundary, not yet backed.
    private static func reserveAligned(_ length: Int) -> UnsafeMutableRawPointer {
        #if os(Linux)
            // Mapped a huge page longer, then trimmed at both ends to the aligned part.
            guard let raw = mmap(nil, length + hugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                raw != MAP_FAILED
            else { fatalError("out of memory") }
            let start = (Int(bitPattern: raw) + hugePage - 1) & ~(hugePage - 1)
            let head = start - Int(bitPattern: raw)
            if head > 0 { munmap(raw, head) }
            munmap(UnsafeMutableRawPointer(bitPattern: start + length), hugePage - head)
            let p = UnsafeMutableRawPointer(bitPattern: start)!
            _ = madvise(p, length, MADV_HUGEPAGE)
            return p
        #else
            fatalError("no mappings here")
        #endif
    }

    static func allocate(_ bytes: Int) -> UnsafeMutableRawPointer { reserveAligned(length(bytes)) }

    /// The buffer at `p` moved into a mapping for `new` bytes: its pages are moved whole, to an
    /// aligned place, so that huge pages stay huge.
    static func grow(_ p: UnsafeMutableRawPointer, from old: Int, to new: Int) -> UnsafeMutableRawPointer {
        #if os(Linux)
            // Within the last huge page, the mapping already has the room.
            if length(new) == length(old) { return p }
            let target = reserveAligned(length(new))
            guard let moved = cb_mremap_fixed(p, length(old), length(new), target), moved != MAP_FAILED else {
                fatalError("out of memory")
            }
            return moved
        #else
            fatalError("no mappings here")
        #endif
    }

    static func free(_ p: UnsafeMutableRawPointer, _ bytes: Int) {
        #if os(Linux)
            munmap(p, length(bytes))
        #endif
    }
}
