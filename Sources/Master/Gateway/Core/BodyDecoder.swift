import Resources
import YAML

/// Request bodies to JSON, with the API server's 400 messages for malformed input.
public enum BodyDecoder {
    /// The largest body accepted, as the Kubernetes API server's limit (3 MiB).
    public static let maxBodyBytes = 3 * 1024 * 1024

    /// The 413 for a body over ``maxBodyBytes``.
    public static var tooLarge: StatusError {
        .requestEntityTooLarge("Request entity too large: limit is \(maxBodyBytes)")
    }

    /// What the body is for: the message of a parse error depends on it.
    public enum Purpose: Sendable {
        /// An object for create or update.
        case object
        /// A patch document.
        case patch
        /// `DeleteOptions` (may be empty).
        case deleteOptions
    }

    /// The body as JSON. Empty delete options are nil.
    ///
    /// - YAML bodies are read as JSON first (kubectl sends JSON, which is valid YAML), then as YAML.
    /// - Protobuf bodies go to ``ProtobufBodies/decode(_:type:)``.
    public static func decode(_ bytes: [UInt8], format: BodyFormat, purpose: Purpose,
                              type: ResourceType) throws(StatusError) -> JSON? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            switch purpose {
            case .deleteOptions: return nil
            case .object: throw .badRequest("Object 'Kind' is missing in '\(String(decoding: bytes, as: UTF8.self))'")
            case .patch: throw .badRequest("the body of the request was empty")
            }
        }
        switch format {
        case .protobuf:
            return try ProtobufBodies.decode(bytes, type: type)
        case .json:
            do { return try JSON.parse(bytes) } catch {
                throw .badRequest(purpose == .object ? "couldn't get version/kind; json parse error: \(error.message)"
                                                     : error.message)
            }
        case .yaml:
            if let json = try? JSON.parse(bytes) { return json }
            do { return try YAMLToJSON.convert(bytes) } catch {
                throw .badRequest("error converting YAML to JSON: \(error.message)")
            }
        }
    }
}

/// Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), which kubectl's
/// typed-client commands send (`kubectl create deployment|configmap|namespace`,
/// `create job --from`): decoded to JSON by Resources' ``Resources/KubernetesProtobuf``.
public enum ProtobufBodies {
    /// The object in the body, as JSON. 400 for a malformed body; 415 for a kind the decoder
    /// has no message table for.
    public static func decode(_ bytes: [UInt8], type: ResourceType) throws(StatusError) -> JSON {
        try KubernetesProtobuf.decode(bytes)
    }
}
