import Resources

/// Which object each Table row carries (`includeObject` query parameter).
public enum IncludeObject: String, Sendable, Hashable {
    case none = "None"
    case metadata = "Metadata"
    case object = "Object"
}

/// Objects to a `meta.k8s.io` Table. The one place the gateway calls the per-kind column code:
/// until `Tables` (Resources) lands, a generic Name/Age table stands in; then the body becomes
/// the one-line call `Tables.table(for:type:now:includeObject:includeHeaders:resourceVersion:…)`.
public enum TableConverter {
    public static func table(
        for objects: [JSON], type: ResourceType, now: Int64, includeObject: IncludeObject = .metadata,
        includeHeaders: Bool = true, resourceVersion: String?, continueToken: String? = nil,
        remainingItemCount: Int64? = nil
    ) -> JSON {
        var metadata = JSONObject()
        if let resourceVersion { metadata["resourceVersion"] = .string(resourceVersion) }
        if let continueToken, !continueToken.isEmpty { metadata["continue"] = .string(continueToken) }
        if let remainingItemCount { metadata["remainingItemCount"] = .int(remainingItemCount) }
        let columns: [JSON] = [
            ["name": "Name", "type": "string", "format": "name", "description": "Name must be unique within a namespace.", "priority": 0],
            ["name": "Age", "type": "string", "format": "", "description": "CreationTimestamp is a timestamp representing the server time when this object was created.", "priority": 0],
        ]
        let rows: [JSON] = objects.map { o in
            let name = o["metadata"]["name"]?.string ?? ""
            let created = o["metadata"]["creationTimestamp"]?.string.flatMap(Timestamp.parse)
            var row: JSONObject = ["cells": [.string(name), .string(created.map { Age.format(seconds: now - $0) } ?? "<unknown>")]]
            switch includeObject {
            case .none: break
            case .object: row["object"] = o
            case .metadata:
                row["object"] = ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                                 "metadata": o["metadata"] ?? .emptyObject]
            }
            return .object(row)
        }
        return ["kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
                "columnDefinitions": includeHeaders ? .array(columns) : [], "rows": .array(rows)]
    }
}

/// kubectl's short ages (`HumanDuration`): `45s`, `5m`, `3h2m`, `4d`, `2y`.
enum Age {
    static func format(seconds: Int64) -> String {
        let s = max(0, seconds)
        if s < 120 { return "\(s)s" }
        let m = s / 60
        if m < 10 { let r = s % 60; return r == 0 ? "\(m)m" : "\(m)m\(r)s" }
        if m < 180 { return "\(m)m" }
        let h = s / 3600
        if h < 8 { let r = (s % 3600) / 60; return r == 0 ? "\(h)h" : "\(h)h\(r)m" }
        if h < 48 { return "\(h)h" }
        let d = h / 24
        if h < 24 * 8 { let r = h % 24; return r == 0 ? "\(d)d" : "\(d)d\(r)h" }
        if d < 365 * 2 { return "\(d)d" }
        let y = d / 365
        if d < 365 * 8 { let r = d % 365; return r == 0 ? "\(y)y" : "\(y)y\(r)d" }
        return "\(y)y"
    }
}

/// RFC 3339 timestamps as Kubernetes writes them (`2024-05-01T10:00:00Z`).
enum Timestamp {
    /// Seconds since the epoch, or nil.
    static func parse(_ s: String) -> Int64? {
        let u = Array(s.utf8)
        guard u.count >= 20, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"), u[10] == UInt8(ascii: "T") else { return nil }
        func num(_ r: Range<Int>) -> Int64? { Int64(String(decoding: u[r], as: UTF8.self)) }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
              let mi = num(14..<16), let se = num(17..<19) else { return nil }
        // Days from civil (Howard Hinnant).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 + h * 3600 + mi * 60 + se
    }
}
