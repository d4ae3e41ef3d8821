// Memory calls the fact store needs and Swift cannot make by itself.
#ifndef CMEMORY_H
#define CMEMORY_H

#include <stddef.h>

// The processor's prefetch hint, which Swift does not expose.
//
// A hash table much larger than the cache costs one memory round trip per lookup. The fact
// store's batched insert (Relation.swift) asks for the slots, and then the rows, of the lookups a
// few steps ahead, so that their round trips overlap instead of following one another. A plain
// load would do the same but stalls the processor when it retires; a prefetch never waits, and
// never faults, even on an address that is no longer valid.

/// Asks for the cache line holding `address`, for reading, to be brought close.
static inline void cb_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#ifdef __linux__
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/mman.h>

/// Moves the mapping at `old` (of `old_length` bytes) to `target`, grown to `new_length`, where
/// `target` is already mapped with that length (it is replaced). `mremap` takes its target
/// address as a variadic argument, which Swift cannot pass. Returns MAP_FAILED on failure.
static inline void *cb_mremap_fixed(void *old, size_t old_length, size_t new_length, void *target) {
    return mremap(old, old_length, new_length, MREMAP_MAYMOVE | MREMAP_FIXED, target);
}
#endif

#endif
