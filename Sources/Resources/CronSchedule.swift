/// A standard five-field cron schedule (minute, hour, day of month, month, day of week) as a
/// CronJob's `spec.schedule`, parsed the way Kubernetes parses it (robfig/cron's
/// `ParseStandard`): lists, ranges, steps, `*` and `?`, month and weekday names, and the
/// `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` and
/// `@every <duration>` descriptors. Errors carry robfig/cron's messages, which Kubernetes
/// puts after `spec.schedule: Invalid value: "…": `.
public struct CronSchedule: Sendable, Hashable {
    /// The allowed values of each field, as bit sets (bit n = value n).
    public var minutes: UInt64
    public var hours: UInt64
    public var daysOfMonth: UInt64
    public var months: UInt64
    public var daysOfWeek: UInt64

    /// Why a schedule does not parse.
    public struct ParseError: Error, Sendable, Hashable {
        public var message: String
    }

    struct Bounds {
        let min: Int
        let max: Int
        var names: [String: Int] = [:]
    }

    static let minuteBounds = Bounds(min: 0, max: 59)
    static let hourBounds = Bounds(min: 0, max: 23)
    static let domBounds = Bounds(min: 1, max: 31)
    static let monthBounds = Bounds(min: 1, max: 12, names: [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ])
    static let dowBounds = Bounds(min: 0, max: 6, names: [
        "sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
    ])

    /// Parses `text`; `@every` schedules give every bit set (they are intervals, not times).
    public static func parse(_ text: String) -> Result<CronSchedule, ParseError> {
        func fail(_ m: String) -> Result<CronSchedule, ParseError> { .failure(ParseError(message: m)) }
        if text.isEmpty { return fail("empty spec string") }
        if text.hasPrefix("@") { return descriptor(text) }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard fields.count == 5 else {
            return fail("expected exactly 5 fields, found \(fields.count): [\(fields.joined(separator: " "))]")
        }
        do throws(ParseError) {
            return .success(CronSchedule(
                minutes: try field(fields[0], minuteBounds), hours: try field(fields[1], hourBounds),
                daysOfMonth: try field(fields[2], domBounds), months: try field(fields[3], monthBounds),
                daysOfWeek: try field(fields[4], dowBounds)))
        } catch {
            return .failure(error)
        }
    }

    static func descriptor(_ text: String) -> Result<CronSchedule, ParseError> {
        let all = CronSchedule(minutes: bits(0, 59, 1), hours: bits(0, 23, 1), daysOfMonth: bits(1, 31, 1),
                               months: bits(1, 12, 1), daysOfWeek: bits(0, 6, 1))
        var s = all
        switch text {
        case "@yearly", "@annually": s = CronSchedule(minutes: 1, hours: 1, daysOfMonth: 1 << 1, months: 1 << 1, daysOfWeek: all.daysOfWeek)
        case "@monthly": s = CronSchedule(minutes: 1, hours: 1, daysOfMonth: 1 << 1, months: all.months, daysOfWeek: all.daysOfWeek)
        case "@weekly": s = CronSchedule(minutes: 1, hours: 1, daysOfMonth: all.daysOfMonth, months: all.months, daysOfWeek: 1)
        case "@daily", "@midnight": s = CronSchedule(minutes: 1, hours: 1, daysOfMonth: all.daysOfMonth, months: all.months, daysOfWeek: all.daysOfWeek)
        case "@hourly": s = CronSchedule(minutes: 1, hours: all.hours, daysOfMonth: all.daysOfMonth, months: all.months, daysOfWeek: all.daysOfWeek)
        default:
            guard text.hasPrefix("@every ") else { return .failure(ParseError(message: "unrecognized descriptor: \(text)")) }
            let duration = String(text.dropFirst("@every ".count))
            guard isGoDuration(duration) else {
                return .failure(ParseError(message: "failed to parse duration \(text): time: invalid duration \(GoValueRendering.quote(duration))"))
            }
        }
        return .success(s)
    }

    static func field(_ text: String, _ b: Bounds) throws(ParseError) -> UInt64 {
        var result: UInt64 = 0
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            result |= try range(String(part), b)
        }
        return result
    }

    static func range(_ expr: String, _ b: Bounds) throws(ParseError) -> UInt64 {
        let rangeAndStep = expr.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let lowAndHigh = rangeAndStep[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        var start: Int, end: Int, step = 1
        if lowAndHigh[0] == "*" || lowAndHigh[0] == "?" {
            start = b.min
            end = b.max
        } else {
            start = try intOrName(lowAndHigh[0], b)
            switch lowAndHigh.count {
            case 1: end = start
            case 2: end = try intOrName(lowAndHigh[1], b)
            default: throw ParseError(message: "too many hyphens: \(expr)")
            }
        }
        switch rangeAndStep.count {
        case 1: break
        case 2:
            step = try int(rangeAndStep[1])
            if lowAndHigh.count == 1 { end = b.max }
        default: throw ParseError(message: "too many slashes: \(expr)")
        }
        if start < b.min { throw ParseError(message: "beginning of range (\(start)) below minimum (\(b.min)): \(expr)") }
        if end > b.max { throw ParseError(message: "end of range (\(end)) above maximum (\(b.max)): \(expr)") }
        if start > end { throw ParseError(message: "beginning of range (\(start)) beyond end of range (\(end)): \(expr)") }
        if step == 0 { throw ParseError(message: "step of range should be a positive number: \(expr)") }
        return bits(start, end, step)
    }

    static func intOrName(_ s: String, _ b: Bounds) throws(ParseError) -> Int {
        if let n = b.names[s.lowercased()] { return n }
        return try int(s)
    }

    /// `strconv.Atoi`, with robfig/cron's wording around its errors.
    static func int(_ s: String) throws(ParseError) -> Int {
        var digits = Substring(s)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ParseError(message: "failed to parse int from \(s): strconv.Atoi: parsing \(GoValueRendering.quote(s)): invalid syntax")
        }
        guard let n = Int(s) else {
            throw ParseError(message: "failed to parse int from \(s): strconv.Atoi: parsing \(GoValueRendering.quote(s)): value out of range")
        }
        if n < 0 { throw ParseError(message: "negative number (\(n)) not allowed: \(s)") }
        return n
    }

    static func bits(_ start: Int, _ end: Int, _ step: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in stride(from: start, through: end, by: step) { v |= 1 << UInt64(i) }
        return v
    }

    /// Go's `time.ParseDuration` syntax: `1h30m`, `90s`, `1.5h`.
    static func isGoDuration(_ s: String) -> Bool {
        var rest = Substring(s)
        if rest == "0" { return true }
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return false }
        let units = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != "." else { return false }
            rest = rest.dropFirst(number.count)
            guard let unit = units.sorted(by: { $0.count > $1.count }).first(where: { rest.hasPrefix($0) }) else { return false }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }
}
