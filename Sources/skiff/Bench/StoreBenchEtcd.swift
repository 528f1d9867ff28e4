import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension StoreBench {
    /// Puts into etcd through its JSON gateway (`POST /v3/kv/put`, base64 key and value), for
    /// the same put test against etcd with no client beyond Foundation. The gateway forwards to
    /// etcd's gRPC server inside the same process, so these figures include one extra loopback
    /// hop that a native gRPC client would not pay.
    final class EtcdPutter: Sendable {
        private let session: URLSession
        private let url: URL

        init(endpoint: String, connections: Int) throws {
            guard let url = URL(string: endpoint.hasSuffix("/") ? endpoint + "v3/kv/put" : endpoint + "/v3/kv/put") else {
                throw Failure("bad etcd endpoint \(endpoint)")
            }
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = max(1, connections)
            configuration.timeoutIntervalForRequest = 30
            configuration.urlCache = nil
            self.session = URLSession(configuration: configuration)
            self.url = url
        }

        func put(_ key: String, _ value: [UInt8]) async throws {
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            let body = "{\"key\":\"\(Data(key.utf8).base64EncodedString())\",\"value\":\"\(Data(value).base64EncodedString())\"}"
            request.httpBody = Data(body.utf8)
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
                let code = (response as? HTTPURLResponse)?.statusCode ?? 0
                throw Failure("etcd put: HTTP \(code): \(String(decoding: data.prefix(200), as: UTF8.self))")
            }
        }

        func close() { session.invalidateAndCancel() }
    }
}
