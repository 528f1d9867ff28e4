/// The Prometheus text exposition format (version 0.0.4), which every service serves as its
/// `_metrics` RPC method (and cAdvisor over HTTP too). Pure.
public enum PrometheusText {
    /// The HTTP `Content-Type` of the format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    /// The RPC method every service answers with its metrics in this format.
    public static let rpcMethod = "_metrics"

    public enum MetricType: String, Sendable { case counter, gauge, histogram, summary, untyped }

    /// One metric family: `# HELP`, `# TYPE`, then its samples.
    public struct Family: Sendable, Equatable {
        public var name: String
        public var help: String
        public var type: MetricType
        public var samples: [Sample]
        public init(name: String, help: String, type: MetricType, samples: [Sample]) {
            self.name = name
            self.help = help
            self.type = type
            self.samples = samples
        }
    }

    public struct Sample: Sendable, Equatable {
        /// Appended to the family's name (`_bucket`, `_sum`, `_count` of histograms), else empty.
        public var suffix: String
        /// Label names and values, in the order written.
        public var labels: [(String, String)]
        public var value: Double
        public init(suffix: String = "", labels: [(String, String)] = [], value: Double) {
            self.suffix = suffix
            self.labels = labels
            self.value = value
        }
        public static func == (a: Sample, b: Sample) -> Bool {
            a.suffix == b.suffix && a.value == b.value && a.labels.map { $0.0 + "=" + $0.1 } == b.labels.map { $0.0 + "=" + $0.1 }
        }
    }

    public static func render(_ families: [Family]) -> String {
        var out = ""
        for family in families {
            out += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            out += "# TYPE \(family.name) \(family.type.rawValue)\n"
            for sample in family.samples {
                out += family.name + sample.suffix
                if !sample.labels.isEmpty {
                    out += "{" + sample.labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
                }
                out += " " + number(sample.value) + "\n"
            }
        }
        return out
    }

    /// Integers without a fraction; `+Inf`, `-Inf`, `NaN` as the format spells them.
    public static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }

    static func escapeLabel(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    static func escapeHelp(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
