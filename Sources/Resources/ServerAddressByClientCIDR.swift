/// One entry of `serverAddressByClientCIDRs` in `APIVersions`: the address clients in
/// `clientCIDR` should use to reach the server, e.g. `0.0.0.0/0` → `127.0.0.1:8001`.
public struct ServerAddressByClientCIDR: Sendable, Hashable {
    public var clientCIDR: String
    public var serverAddress: String

    public init(clientCIDR: String, serverAddress: String) {
        self.clientCIDR = clientCIDR
        self.serverAddress = serverAddress
    }

    /// `{"clientCIDR":…,"serverAddress":…}`.
    public var json: JSON { ["clientCIDR": .string(clientCIDR), "serverAddress": .string(serverAddress)] }
}
