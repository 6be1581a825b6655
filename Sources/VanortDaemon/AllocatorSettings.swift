#if os(Linux)
import CMalloc
#endif

/// How the C allocator keeps memory the daemon frees. A large reply (`upcoming` for a year:
/// 290 kB of JSON, about 1 MB allocated and freed while it is built and written) made
/// glibc hand the top of its heap back to the kernel after every request and fault fresh
/// pages in for the next: 14.6 % of the daemon's time under `upcoming` in `perf`. Keeping up
/// to 4 MiB of freed memory, and serving blocks below 4 MiB from the heap rather than from
/// their own mappings, took the minor faults per reply to none, resident memory 43 → 45 MiB
/// (docs/benchmarks.md, "the reply's encoding").
enum AllocatorSettings {
    /// The bound on freed memory kept per heap, and the size from which a block gets a mapping of its own.
    static let keptBytes: Int32 = 4 << 20

    /// Applies the settings; once, as the daemon starts (they are process-wide).
    static func apply() {
        #if os(Linux)
        _ = mallopt(M_TRIM_THRESHOLD, keptBytes)
        _ = mallopt(M_MMAP_THRESHOLD, keptBytes)
        #endif
    }
}
