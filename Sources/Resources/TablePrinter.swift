/// How one kind of object becomes Table rows: the columns `printers.go` declares for it and a
/// pure function from an object to one row, as `printers.go` computes it with `Wide: true`
/// (the API server always renders every column; kubectl hides priority-1 ones itself).
///
/// Printers read the object as the API server would have stored it: where the real server
/// defaults a field before any printer sees it (for example `spec.replicas` to 1 or a
/// Service's `type` to `ClusterIP`), a missing field reads as that default.
struct TablePrinter: Sendable {
    var columns: [TableColumn]
    var render: @Sendable (JSON, TableContext) -> TableRowContent
}

/// The computed part of one `metav1.TableRow`: its cells and any row conditions.
struct TableRowContent: Sendable {
    var cells: [JSON]
    /// `metav1.TableRowCondition`s; only pods set one (`Completed` once they succeed or fail).
    var conditions: [JSON] = []

    init(_ cells: [JSON], conditions: [JSON] = []) {
        self.cells = cells
        self.conditions = conditions
    }
}

/// What a printer needs besides the object: the current time.
struct TableContext: Sendable {
    var now: MetaTime

    /// `translateTimestampSince`: how long ago `time` was, or `<unknown>` if it is unset.
    func since(_ time: MetaTime) -> String {
        time.isZero ? "<unknown>" : HumanDuration.format(nanoseconds: time.nanoseconds(until: now))
    }

    /// `translateTimestampSince` of a timestamp field.
    func since(_ field: JSON?) -> String { since(MetaTime(json: field)) }

    /// The Age cell: time since `metadata.creationTimestamp`.
    func age(_ object: JSON) -> String { since(object["metadata"]["creationTimestamp"]) }
}

extension JSON {
    /// The string at this field, or `""` if it is missing or not a string (Go's zero value).
    var text: String { string ?? "" }
    /// The integer at this field, or 0 if it is missing (Go's zero value).
    var number: Int64 { int ?? 0 }
}

extension Optional where Wrapped == JSON {
    /// The string at this field, or `""` if it is missing or not a string (Go's zero value).
    var text: String { self?.string ?? "" }
    /// The integer at this field, or 0 if it is missing (Go's zero value).
    var number: Int64 { self?.int ?? 0 }
    /// The elements at this field, or none.
    var elements: [JSON] { self?.array ?? [] }
    /// The members at this field, or none.
    var members: JSONObject { self?.object ?? JSONObject() }
    /// True if the field is present and not `null` (a non-nil Go pointer).
    var isSet: Bool { if let self { !self.isNull } else { false } }
}
