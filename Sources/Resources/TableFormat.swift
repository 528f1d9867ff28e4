/// The small formatting helpers `printers.go` shares between kinds, reimplemented over JSON.
enum TableFormat {
    /// `labels.FormatLabels`: `k=v` pairs sorted by key, comma-separated; `<none>` if empty.
    static func labels(_ map: JSON?) -> String {
        let pairs = map.members.compactMap { k, v in v.string.map { (k, $0) } }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return pairs.isEmpty ? "<none>" : pairs.map { "\($0)=\($1)" }.joined(separator: ",")
    }

    /// `metav1.LabelSelectorAsSelector(s).String()`, or `<invalid>` if it does not convert
    /// (the Deployment printer's Selector cell). A missing selector prints as `""`.
    static func selector(_ selector: JSON?) -> String {
        guard let s = try? LabelSelector(structured: selector) else { return "<invalid>" }
        return s.description
    }

    /// `metav1.FormatLabelSelector`: the selector's string, `<none>` if that is empty,
    /// `<error>` if it does not convert.
    static func labelSelector(_ selector: JSON?) -> String {
        guard let s = try? LabelSelector(structured: selector) else { return "<error>" }
        let text = s.description
        return text.isEmpty ? "<none>" : text
    }

    /// `layoutContainerCells`: the containers' names and images, each comma-separated.
    static func containers(_ containers: JSON?) -> (names: String, images: String) {
        let list = containers.elements
        return (list.map { $0["name"].text }.joined(separator: ","),
                list.map { $0["image"].text }.joined(separator: ","))
    }

    /// `helper.GetAccessModesAsString`: `RWO`, `ROX`, `RWX`, `RWOP` in that order, each once.
    static func accessModes(_ modes: JSON?) -> String {
        let set = Set(modes.elements.compactMap(\.string))
        return [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")]
            .filter { set.contains($0.0) }.map(\.1).joined(separator: ",")
    }

    /// `listWithMoreString`: up to `max` items, then ` + N more...`; `<unset>` if empty.
    static func listWithMore(_ list: [String], more: Bool, count: Int, max: Int) -> String {
        let text = list.joined(separator: ",")
        if more { return "\(text) + \(count - max) more..." }
        return text.isEmpty ? "<unset>" : text
    }

    /// `net.JoinHostPort`: `host:port`, with brackets around an IPv6 host.
    static func joinHostPort(_ host: String, _ port: Int64) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// `printBoolPtr`: `True`, `False`, or `<unset>` for a missing value.
    static func bool(_ value: JSON?) -> String {
        guard let b = value?.bool else { return "<unset>" }
        return b ? "True" : "False"
    }

    /// `strings.TrimSpace`.
    static func trimSpace(_ s: String) -> String {
        var sub = Substring(s)
        while let c = sub.first, c.isWhitespace { sub.removeFirst() }
        while let c = sub.last, c.isWhitespace { sub.removeLast() }
        return String(sub)
    }
}
