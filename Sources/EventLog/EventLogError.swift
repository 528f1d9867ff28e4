#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the event log can fail with. Compare failures are not errors (see `TxnResult`).
public enum EventLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key is empty or too long.
    case invalidKey(String)
    /// The value exceeds `EventLog.maxValueSize`.
    case valueTooLarge(size: Int, limit: Int)
    /// A request is malformed (e.g. the same key written twice in one transaction).
    case invalidRequest(String)
    /// History at or below the requested revision is gone; ask from `oldestAvailable` or later.
    case compacted(oldestAvailable: Int64)
    /// The revision is newer than the store's.
    case futureRevision(requested: Int64, current: Int64)
    /// No such lease.
    case leaseNotFound(LeaseID)
    /// A record that is not a torn tail failed its checks. Open refuses; `EventLog.repair` cuts here.
    case corrupt(path: String, offset: Int64, reason: String)
    /// The files on disk do not form a complete history (e.g. a segment is missing).
    case inconsistent(String)
    /// A system call failed; `errno` is the C errno (28 = ENOSPC, disk full).
    case io(operation: String, path: String, errno: Int32)
    /// Another process (or `EventLog`) holds the directory's lock.
    case locked(path: String)
    /// The log was closed, or a previous write failure left it unable to write.
    case closed

    /// True when the error is a full disk (ENOSPC or EDQUOT).
    public var isDiskFull: Bool {
        if case .io(_, _, let e) = self { return e == ENOSPC || e == EDQUOT }
        return false
    }

    /// The Kubernetes-style reason an API server should answer with.
    public var reason: String {
        switch self {
        case .invalidKey, .valueTooLarge, .invalidRequest: return "Invalid"
        case .compacted, .futureRevision: return "Expired"
        case .leaseNotFound: return "NotFound"
        case .corrupt, .inconsistent, .io, .locked, .closed: return "InternalError"
        }
    }

    public var description: String {
        switch self {
        case .invalidKey(let why): return "invalid key: \(why)"
        case .valueTooLarge(let size, let limit): return "value is \(size) bytes, larger than the limit of \(limit)"
        case .invalidRequest(let why): return "invalid request: \(why)"
        case .compacted(let oldest): return "required revision has been compacted; oldest available is \(oldest)"
        case .futureRevision(let r, let c): return "revision \(r) is newer than the current revision \(c)"
        case .leaseNotFound(let id): return "lease \(id) not found"
        case .corrupt(let path, let offset, let why): return "corrupt record in \(path) at byte offset \(offset): \(why)"
        case .inconsistent(let why): return "inconsistent store: \(why)"
        case .io(let op, let path, let e):
            return "\(op) \(path) failed: \(String(cString: strerror(e))) (errno \(e))"
        case .locked(let path): return "store directory is locked by another process: \(path)"
        case .closed: return "event log is closed"
        }
    }
}
