/// Kubernetes' short renderings of a duration (`k8s.io/apimachinery/pkg/util/duration`), used
/// for every Age, Duration and Last Seen cell: `45s`, `3m20s`, `5h`, `2d3h`, `3y12d`.
///
/// Both take nanoseconds, like Go's `time.Duration`. A duration between −2 s (excluded) and 0
/// counts as `0s` (tolerated clock skew); anything more negative is `<invalid>`.
public enum HumanDuration {
    /// `duration.HumanDuration`: about two significant units (`90s`, `3m20s`, `15m`, `5h30m`,
    /// `20h`, `2d3h`, `300d`, `3y12d`, `10y`).
    public static func format(nanoseconds d: Int64) -> String {
        let seconds = d / 1_000_000_000
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 * 2 { return "\(seconds)s" }
        let minutes = d / 60_000_000_000
        if minutes < 10 {
            let s = seconds % 60
            return s == 0 ? "\(minutes)m" : "\(minutes)m\(s)s"
        } else if minutes < 60 * 3 {
            return "\(minutes)m"
        }
        let hours = d / 3_600_000_000_000
        if hours < 8 {
            let m = minutes % 60
            return m == 0 ? "\(hours)h" : "\(hours)h\(m)m"
        } else if hours < 48 {
            return "\(hours)h"
        } else if hours < 24 * 8 {
            let h = hours % 24
            return h == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(h)h"
        } else if hours < 24 * 365 * 2 {
            return "\(hours / 24)d"
        } else if hours < 24 * 365 * 8 {
            let dy = hours / 24 % 365
            return dy == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(dy)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// `duration.ShortHumanDuration`: one unit only (`59s`, `59m`, `23h`, `364d`, `2y`).
    public static func short(nanoseconds d: Int64) -> String {
        let seconds = d / 1_000_000_000
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 { return "\(seconds)s" }
        let minutes = d / 60_000_000_000
        if minutes < 60 { return "\(minutes)m" }
        let hours = d / 3_600_000_000_000
        if hours < 24 { return "\(hours)h" }
        if hours < 24 * 365 { return "\(hours / 24)d" }
        return "\(hours / 24 / 365)y"
    }
}
