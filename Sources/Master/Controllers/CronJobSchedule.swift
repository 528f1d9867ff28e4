import Resources

/// "When does this schedule fire next" and "which runs were missed", over a ``CronSchedule``,
/// in a time zone given as a pure function from an instant (Unix seconds) to its UTC offset in
/// seconds — the shell reads it from the system tz database; tests pass fixed offsets.
///
/// Times are whole minutes; as robfig/cron, `next(after:)` is strictly after `t`, searches at
/// most five years ahead, and a wall-clock time that does not exist (a DST gap) is skipped.
/// `@every <d>` schedules are intervals from `t`.
public struct CronJobSchedule: Sendable {
    public let schedule: CronSchedule
    /// Set for `@every <duration>`: the interval in seconds.
    public let every: Int64?
    public let offset: @Sendable (Int64) -> Int

    /// Why a schedule is refused: robfig/cron's message, or Kubernetes' for a time-zone prefix.
    public struct ParseError: Error, Sendable, Hashable {
        public var message: String
    }

    public init(_ schedule: CronSchedule, every: Int64? = nil, offset: @escaping @Sendable (Int64) -> Int = { _ in 0 }) {
        self.schedule = schedule
        self.every = every
        self.offset = offset
    }

    /// Parses `text` as Kubernetes does; `TZ=`/`CRON_TZ=` prefixes are refused (use `timeZone`).
    public static func parse(_ text: String, offset: @escaping @Sendable (Int64) -> Int = { _ in 0 }) -> Result<CronJobSchedule, ParseError> {
        if text.hasPrefix("TZ=") || text.hasPrefix("CRON_TZ=") {
            return .failure(ParseError(message: "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
        }
        switch CronSchedule.parse(text) {
        case .failure(let e): return .failure(ParseError(message: e.message))
        case .success(let s):
            var every: Int64?
            if text.hasPrefix("@every ") {
                every = max(1, goDurationSeconds(String(text.dropFirst(7))))
            }
            return .success(CronJobSchedule(s, every: every, offset: offset))
        }
    }

    /// The first activation strictly after `t` (Unix seconds), or nil within five years.
    public func next(after t: Int64) -> Int64? {
        if let every { return t + every }
        let off = Int64(offset(t))
        var local = Self.floorDiv(t + off, 60) * 60 + 60  // the next whole local minute
        let limit = local + 5 * 366 * 86_400
        while local <= limit {
            let day = Self.floorDiv(local, 86_400)
            let (y, m, d) = Self.civil(fromDays: day)
            let dow = Int(((day % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
            guard bit(schedule.months, m), dayMatches(d, dow) else {
                local = (day + 1) * 86_400
                continue
            }
            _ = y
            let secondOfDay = local - day * 86_400
            var found: Int64?
            var minuteOfDay = secondOfDay / 60
            while minuteOfDay < 1440 {
                let (h, mi) = (Int(minuteOfDay / 60), Int(minuteOfDay % 60))
                if !bit(schedule.hours, h) { minuteOfDay = Int64(h + 1) * 60; continue }
                if bit(schedule.minutes, mi) {
                    let wall = day * 86_400 + minuteOfDay * 60
                    // Wall clock to instant: the offset in force at that instant.
                    let guess = wall - Int64(offset(wall - off))
                    let utc = wall - Int64(offset(guess))
                    if utc + Int64(offset(utc)) == wall, utc > t { found = utc; break }
                }
                minuteOfDay += 1
            }
            if let found { return found }
            local = (day + 1) * 86_400
        }
        return nil
    }

    /// The most recent activation in `(earliest, now]` and how many there were, as Kubernetes'
    /// `mostRecentScheduleTime` counts them (exactly up to 1,000, estimated beyond).
    public func missed(after earliest: Int64, until now: Int64) -> (mostRecent: Int64?, count: Int) {
        guard let t1 = next(after: earliest), t1 <= now else { return (nil, 0) }
        var recent = t1
        var count = 1
        while count <= 1000, let t = next(after: recent), t <= now {
            recent = t
            count += 1
        }
        guard count > 1000, let t2 = next(after: t1) else { return (recent, count) }
        let interval = max(1, t2 - t1)
        let estimated = Int((now - t1) / interval) + 1
        recent = t1 + Int64(estimated - 1) * interval
        while let t = next(after: recent), t <= now { recent = t }
        return (recent, estimated)
    }

    func bit(_ set: UInt64, _ n: Int) -> Bool { set & (1 << UInt64(n)) != 0 }

    /// robfig/cron: if either day field is unrestricted, both must match; otherwise either.
    func dayMatches(_ dom: Int, _ dow: Int) -> Bool {
        let allDom: UInt64 = ((1 << 32) - 1) & ~1, allDow: UInt64 = (1 << 7) - 1
        let domOK = bit(schedule.daysOfMonth, dom), dowOK = bit(schedule.daysOfWeek, dow)
        if schedule.daysOfMonth & allDom == allDom || schedule.daysOfWeek & allDow == allDow { return domOK && dowOK }
        return domOK || dowOK
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Howard Hinnant's civil_from_days.
    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    /// Whole seconds of a Go duration (`1h30m`, `90s`); fractions are dropped.
    static func goDurationSeconds(_ s: String) -> Int64 {
        var total = 0.0, number = ""
        var rest = Substring(s)
        while let c = rest.first {
            if c.isNumber || c == "." { number.append(c); rest = rest.dropFirst(); continue }
            let unit = rest.prefix { !($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(unit.count)
            let scale: Double = switch unit { case "h": 3600; case "m": 60; case "s": 1; case "ms": 0.001; default: 0 }
            total += (Double(number) ?? 0) * scale
            number = ""
        }
        return Int64(total)
    }
}
