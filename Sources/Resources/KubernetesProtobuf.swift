/// Reads the `application/vnd.kubernetes.protobuf` request bodies that kubectl 1.32's typed-client
/// commands send (`create deployment|configmap|secret|namespace|service|job|cronjob`,
/// `create job --from=cronjob/…`, `debug`), so the gateway can hand the API server JSON.
///
/// A body is the 4-byte magic `k8s\0` followed by a `runtime.Unknown` message: the object's
/// `apiVersion` and `kind`, and its protobuf encoding as raw bytes. Pure: no I/O, no clock.
public enum KubernetesProtobuf {
    /// The media type kubectl puts in `Content-Type`.
    public static let mediaType = "application/vnd.kubernetes.protobuf"

    /// The four bytes every body starts with: `k8s\0`.
    public static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    /// The kinds ``decode(_:)`` reads, with the message that holds each.
    public static var supportedKinds: [GroupVersionKind] { rootMessages.keys.sorted { $0.description < $1.description } }

    /// The object in a protobuf body, in the JSON shape the API server would serve for it: `kind`
    /// and `apiVersion` first, then the object's members with their JSON names, zero-valued
    /// optional fields left out as Go's `omitempty` leaves them, quantities and `metav1.Time` as
    /// strings, `IntOrString` as a number or string, bytes (`Secret.data`) as base64, maps as
    /// objects. For kubectl's bodies the result equals what `kubectl create … --dry-run=client
    /// -o json` prints for the same command.
    ///
    /// - Throws: `BadRequest` for a body that is not a well-formed Kubernetes protobuf envelope
    ///   or object (wrong magic, no apiVersion or kind, truncated or over-long values, wrong wire
    ///   types, nesting deeper than 32 messages, an invalid quantity), and
    ///   `UnsupportedMediaType` for a kind outside ``supportedKinds`` or a compressed or
    ///   non-protobuf payload. Never traps.
    public static func decode(_ bytes: [UInt8]) throws(StatusError) -> JSON {
        guard bytes.count >= magic.count, bytes[0..<magic.count].elementsEqual(magic) else {
            throw .badRequest("malformed protobuf body: it does not start with the Kubernetes magic bytes \"k8s\\x00\"")
        }
        let envelope = try Envelope(bytes, range: magic.count..<bytes.count)
        guard envelope.contentEncoding.isEmpty else {
            throw .unsupportedMediaType("protobuf bodies with content encoding \"\(envelope.contentEncoding)\" are not supported")
        }
        guard envelope.contentType.isEmpty || envelope.contentType == mediaType else {
            throw .unsupportedMediaType("protobuf envelopes holding \"\(envelope.contentType)\" are not supported")
        }
        guard let kind = GroupVersionKind(apiVersion: envelope.apiVersion, kind: envelope.kind) else {
            throw .badRequest("malformed protobuf body: the envelope names no apiVersion and kind")
        }
        guard let message = rootMessages[kind] else {
            throw .unsupportedMediaType(
                "protobuf bodies of kind \"\(envelope.kind)\" (apiVersion \"\(envelope.apiVersion)\") are not supported; send application/json")
        }
        var object: JSONObject = ["kind": .string(envelope.kind), "apiVersion": .string(envelope.apiVersion)]
        let members = try ProtobufDecoder(bytes).object(message, in: envelope.raw, path: "")
        for (key, value) in members { object[key] = value }
        return .object(object)
    }

    /// The kinds with a protobuf message table, and the message that holds each.
    static let rootMessages: [GroupVersionKind: String] = {
        var kinds: [GroupVersionKind: String] = [:]
        for kind in ["Namespace", "ConfigMap", "Secret", "Service", "Pod"] {
            kinds[GroupVersionKind(group: "", version: "v1", kind: kind)] = kind
        }
        kinds[GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")] = "Deployment"
        for kind in ["Job", "CronJob"] {
            kinds[GroupVersionKind(group: "batch", version: "v1", kind: kind)] = kind
        }
        return kinds
    }()
}

extension GroupVersionKind {
    /// The kind an object's `apiVersion` and `kind` name; nil when either is empty.
    init?(apiVersion: String, kind: String) {
        guard !apiVersion.isEmpty, !kind.isEmpty else { return nil }
        let parts = apiVersion.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            self.init(group: String(parts[0]), version: String(parts[1]), kind: kind)
        } else {
            self.init(group: "", version: apiVersion, kind: kind)
        }
    }
}
