@testable import Resources

/// Shared fixtures for the Table tests: a fixed clock and the built-in types by kind.
enum TableFixture {
    /// 2024-06-01T12:00:00Z, the `now` of every Table test (Python: `calendar.timegm((2024,6,1,12,0,0))`).
    static let now: Int64 = 1_717_243_200

    /// The built-in type of `kind`.
    static func type(_ kind: String) -> ResourceType {
        guard let t = ResourceType.builtIn.first(where: { $0.kind == kind }) else { fatalError("no built-in \(kind)") }
        return t
    }

    /// The cells the printer for `kind` computes for the object in `json`, at ``now``.
    static func cells(_ kind: String, _ json: String) throws -> [JSON] {
        Tables.cells(for: try JSON.parse(json), type: type(kind), now: now)
    }

    /// The column names of `kind`, each with its priority.
    static func columns(_ kind: String) -> [String] {
        Tables.columnDefinitions(for: type(kind)).map { "\($0["name"].text):\($0["priority"].number)" }
    }
}
