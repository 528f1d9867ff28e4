import CZeroMQ

/// A libzmq context: the owner of libzmq's I/O threads.
///
/// One per process is the rule (`Context.shared`). Every `Socket` keeps a strong reference to
/// its context, so a context always outlives its sockets and `zmq_ctx_term` (which blocks until
/// every socket is closed) can only run once none is left. libzmq contexts are thread-safe.
public final class Context: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    /// The process-wide context, created on first use with one I/O thread.
    public static let shared: Context = {
        do { return try Context(ioThreads: 1) } catch { fatalError("cannot create the ZeroMQ context: \(error)") }
    }()

    /// Creates a context with `ioThreads` libzmq I/O threads.
    public init(ioThreads: Int32 = 1) throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        self.handle = handle
        guard zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads) == 0 else {
            let error = ZMQError.last("zmq_ctx_set io_threads")
            zmq_ctx_term(handle)
            throw error
        }
        // The default limit (1024) is too low for a process that serves many nodes.
        _ = zmq_ctx_set(handle, ZMQ_MAX_SOCKETS, 8192)
    }

    deinit {
        // Every socket holds this context, so none is open here and term does not block.
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// libzmq's version as (major, minor, patch).
    public static var libraryVersion: (major: Int32, minor: Int32, patch: Int32) {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (major, minor, patch)
    }
}
