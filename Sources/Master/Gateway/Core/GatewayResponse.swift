import Resources

/// A complete (non-streaming) HTTP answer, before it meets the HTTP library.
public struct GatewayResponse: Sendable, Hashable {
    public var status: Int
    public var contentType: String
    /// `Warning` header values (`299 - "…"`).
    public var warnings: [String]
    public var body: [UInt8]

    public init(status: Int = 200, contentType: String = "application/json", warnings: [String] = [], body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.warnings = warnings
        self.body = body
    }

    public init(json: JSON, status: Int = 200) {
        self.init(status: status, body: json.serializedBytes())
    }

    /// A `metav1.Status` error reply.
    public init(error: StatusError) {
        self.init(status: error.code, body: error.status.serializedBytes())
    }

    /// `299 - "text"`, with `"` and `\` escaped, as Kubernetes writes warnings.
    public static func warningHeader(_ text: String) -> String {
        var escaped = ""
        for c in text {
            if c == "\"" || c == "\\" { escaped.append("\\") }
            escaped.append(c == "\n" ? " " : c)
        }
        return "299 - \"\(escaped)\""
    }
}
