#if canImport(Glibc)
import Glibc
#endif
import Resources

extension MetaTime {
    /// The wall clock now (CLOCK_REALTIME).
    public static func current() -> MetaTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return MetaTime(seconds: Int64(ts.tv_sec), nanoseconds: Int32(ts.tv_nsec))
    }

    /// `self` plus whole seconds.
    public func adding(seconds s: Int64) -> MetaTime { MetaTime(seconds: seconds + s, nanoseconds: nanoseconds) }

    /// Whole seconds from `self` to `later` (negative if earlier).
    public func seconds(until later: MetaTime) -> Double { Double(nanoseconds(until: later)) / 1e9 }
}
