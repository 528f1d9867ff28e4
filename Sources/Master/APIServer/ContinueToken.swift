import Foundation
import Resources

/// The `continue` token of a paged list: base64 of `{"rv":R,"start":"<namespace>/<name>"}`,
/// the revision of the first page and the last key returned. Opaque to clients.
struct ContinueToken: Equatable {
    var revision: Int64
    var start: String

    var encoded: String {
        let json: JSON = ["rv": .int(revision), "start": .string(start)]
        return Data(json.serializedBytes()).base64EncodedString()
    }

    init(revision: Int64, start: String) {
        self.revision = revision
        self.start = start
    }

    init(parsing token: String) throws(StatusError) {
        guard let data = Data(base64Encoded: token), let json = try? JSON.parse(Array(data)),
              let rv = json["rv"]?.int, let start = json["start"]?.string else {
            throw .badRequest("continue key is not valid: \(token)")
        }
        self.init(revision: rv, start: start)
    }
}
