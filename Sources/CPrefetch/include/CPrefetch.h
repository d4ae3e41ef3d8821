// The processor's prefetch hint, which Swift does not expose.
//
// A hash table much larger than the cache costs one memory round trip per lookup. The fact
// store's batched insert (Relation.swift) asks for the slots, and then the rows, of the lookups a
// few steps ahead, so that their round trips overlap instead of following one another. A plain
// load would do the same but stalls the processor when it retires; a prefetch never waits, and
// never faults, even on an address that is no longer valid.
#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks for the cache line holding `address`, for reading, to be brought close.
static inline void cb_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
