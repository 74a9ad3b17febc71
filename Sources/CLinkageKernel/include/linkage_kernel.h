#ifndef SIGNPOST_LINKAGE_KERNEL_H
#define SIGNPOST_LINKAGE_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/// Compares each of `query_count` encodings (laid end to end) with `count` stored encodings of `words`
/// 64-bit words each, laid end to end, by the Sorensen-Dice coefficient 2|a&b| / (|a| + |b|). Writes the
/// query, slot and common bit count of every pair at or above `threshold`, up to `capacity` of them, and
/// returns how many there were in all (which may exceed `capacity`). Uses the CPU's popcount instruction
/// where it has one.
size_t signpost_dice_scan_many(
    const uint64_t *queries, const uint32_t *query_popcounts, size_t query_count, const uint64_t *store,
    const uint32_t *popcounts, size_t count, size_t words, double threshold, uint32_t *found_queries,
    uint32_t *found_slots, uint32_t *found_common, size_t capacity);

/// 1 when the scan uses a hardware popcount instruction, for the benchmark's report.
int signpost_dice_hardware_popcount(void);

#endif
