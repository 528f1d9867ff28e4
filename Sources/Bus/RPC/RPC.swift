/// SKIFF-RPC/1: request/reply over DEALER/ROUTER (`proto-docs/bus-rpc.md`).
public enum RPC {
    /// The protocol version this code speaks.
    public static let version: UInt8 = 1

    /// The method every server answers for health checks.
    public static let pingMethod = "_ping"

    enum Kind: UInt8 {
        case request = 1
        case reply = 2
    }
}
