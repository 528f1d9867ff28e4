/// One entry of an `Accept` or `Content-Type` header: `application/json;as=Table;v=v1;g=meta.k8s.io`.
/// Type, subtype and parameter names are lowercased; parameter values keep their case except
/// where Kubernetes compares them case-insensitively (callers decide).
public struct MediaRange: Sendable, Hashable {
    /// `application`, `*`.
    public var type: String
    /// `json`, `strategic-merge-patch+json`, `*`.
    public var subtype: String
    /// Parameters by lowercased name, values unquoted.
    public var parameters: [String: String]

    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// `type/subtype`, without parameters.
    public var essence: String { "\(type)/\(subtype)" }

    /// Parses one media range; nil if it has no `type/subtype`.
    public init?<S: StringProtocol>(parsing text: S) {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmed() }
        guard let first = parts.first else { return nil }
        let ts = first.lowercased().split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard ts.count == 2, !ts[0].isEmpty, !ts[1].isEmpty else { return nil }
        type = String(ts[0])
        subtype = String(ts[1])
        var parameters: [String: String] = [:]
        for p in parts.dropFirst() where !p.isEmpty {
            let kv = p.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            var value = kv[1].trimmed()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            parameters[kv[0].trimmed().lowercased()] = value
        }
        self.parameters = parameters
    }

    /// Every range of an `Accept` header, in the client's order (q-values are not weighed:
    /// Kubernetes clients list their preferences in order and never send them).
    public static func list(_ header: String) -> [MediaRange] {
        header.split(separator: ",").compactMap { MediaRange(parsing: $0) }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmed() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
