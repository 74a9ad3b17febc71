// The hub's one hot loop, in C so it can use the popcount instruction chosen at run time: Swift's default
// x86-64 target emits none, and building the whole package for a newer CPU would tie every binary to it
// (anonlink's C++ kernel does the same; research pprl.md section 4.3).
#include "linkage_kernel.h"

// Each stored encoding is read from memory once for all the queries, which then find it in the L1 cache: a
// scan of a large store is bound by memory bandwidth, so a batch of queries costs little more than one.
static inline __attribute__((always_inline)) size_t scan_body(
    const uint64_t *queries, const uint32_t *query_popcounts, size_t query_count, const uint64_t *store,
    const uint32_t *popcounts, size_t count, size_t words, double threshold, uint32_t *found_queries,
    uint32_t *found_slots, uint32_t *found_common, size_t capacity) {
    size_t found = 0;
    for (size_t slot = 0; slot < count; slot++) {
        const uint64_t *stored = store + slot * words;
        for (size_t index = 0; index < query_count; index++) {
            const uint64_t *query = queries + index * words;
            uint64_t common = 0;
            size_t word = 0;
            for (; word + 4 <= words; word += 4) {
                common += (uint64_t)__builtin_popcountll(query[word] & stored[word]);
                common += (uint64_t)__builtin_popcountll(query[word + 1] & stored[word + 1]);
                common += (uint64_t)__builtin_popcountll(query[word + 2] & stored[word + 2]);
                common += (uint64_t)__builtin_popcountll(query[word + 3] & stored[word + 3]);
            }
            for (; word < words; word++) common += (uint64_t)__builtin_popcountll(query[word] & stored[word]);
            double total = (double)query_popcounts[index] + (double)popcounts[slot];
            if (total > 0 && 2.0 * (double)common >= threshold * total) {
                if (found < capacity) {
                    found_queries[found] = (uint32_t)index;
                    found_slots[found] = (uint32_t)slot;
                    found_common[found] = (uint32_t)common;
                }
                found++;
            }
        }
    }
    return found;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("popcnt"))) static size_t scan_popcnt(
    const uint64_t *queries, const uint32_t *query_popcounts, size_t query_count, const uint64_t *store,
    const uint32_t *popcounts, size_t count, size_t words, double threshold, uint32_t *found_queries,
    uint32_t *found_slots, uint32_t *found_common, size_t capacity) {
    return scan_body(queries, query_popcounts, query_count, store, popcounts, count, words, threshold,
                     found_queries, found_slots, found_common, capacity);
}

static size_t scan_portable(
    const uint64_t *queries, const uint32_t *query_popcounts, size_t query_count, const uint64_t *store,
    const uint32_t *popcounts, size_t count, size_t words, double threshold, uint32_t *found_queries,
    uint32_t *found_slots, uint32_t *found_common, size_t capacity) {
    return scan_body(queries, query_popcounts, query_count, store, popcounts, count, words, threshold,
                     found_queries, found_slots, found_common, capacity);
}

int signpost_dice_hardware_popcount(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("popcnt") ? 1 : 0;
}

size_t signpost_dice_scan_many(
    const uint64_t *queries, const uint32_t *query_popcounts, size_t query_count, const uint64_t *store,
    const uint32_t *popcounts, size_t count, size_t words, double threshold, uint32_t *found_queries,
    uint32_t *found_slots, uint32_t *found_common, size_t capacity) {
    if (signpost_dice_hardware_popcount())
        return scan_popcnt(queries, query_popcounts, query_count, store, popcounts, count, words, threshold,
                           found_queries, found_slots, found_common, capacity);
    return scan_portable(queries, query_popcounts, query_count, store, popcounts, count, words, threshold,
                         found_queries, found_slots, found_common, capacity);
}
#else
// Other CPUs (arm64 has a vector popcount the compiler always uses) need no dispatch.
int signpost_dice_hardware_popcount(void) { return 1; }

size_t signpost_dice_scan_many(
    const uint64_t *queries, const uint32_t *query_popcounts, size_t query_count, const uint64_t *store,
    const uint32_t *popcounts, size_t count, size_t words, double threshold, uint32_t *found_queries,
    uint32_t *found_slots, uint32_t *found_common, size_t capacity) {
    return scan_body(queries, query_popcounts, query_count, store, popcounts, count, words, threshold,
                     found_queries, found_slots, found_common, capacity);
}
#endif
