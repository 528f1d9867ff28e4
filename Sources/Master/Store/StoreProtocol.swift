/// Names of the store protocol (`proto-docs/store.md`).
public enum StoreProtocol {
    /// The version `store.status` reports.
    public static let serverVersion = "0.1.0"
    /// The change stream's only stream: every key starts with `/`.
    public static let stream = "/"
    /// Largest value accepted, in bytes (1.5 MiB); larger ones get `RequestEntityTooLarge`.
    public static let maxValueSize = 1536 * 1024
}

/// The RPC method names of the store.
public enum StoreMethod {
    public static let range = "store.range"
    public static let txn = "store.txn"
    public static let changes = "store.changes"
    public static let compact = "store.compact"
    public static let status = "store.status"
    public static let leaseGrant = "store.lease.grant"
    public static let leaseKeepAlive = "store.lease.keepalive"
    public static let leaseRevoke = "store.lease.revoke"
    public static let leaseList = "store.lease.list"
    public static let snapshot = "store.snapshot"
    public static let snapshotRead = "store.snapshot.read"
}
