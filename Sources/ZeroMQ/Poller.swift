import CZeroMQ

/// One `zmq_poll` call over sockets and plain file descriptors.
///
/// Build the items, call `poll(timeout:)`, read the results by index. Blocking: call it only
/// on a thread of your own (a `Loop`), never on Swift's cooperative pool.
public struct Poller {
    public enum Item {
        case socket(Socket, readable: Bool, writable: Bool)
        case fileDescriptor(Int32, readable: Bool)
    }

    private var items: [zmq_pollitem_t] = []

    public init() {}

    public mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    /// Adds an item; its index is the number of items before it.
    public mutating func add(_ item: Item) {
        var entry = zmq_pollitem_t()
        switch item {
        case let .socket(socket, readable, writable):
            entry.socket = socket.rawHandle
            entry.events = Int16((readable ? ZMQ_POLLIN : 0) | (writable ? ZMQ_POLLOUT : 0))
        case let .fileDescriptor(fd, readable):
            entry.fd = fd
            entry.events = Int16(readable ? ZMQ_POLLIN : 0)
        }
        items.append(entry)
    }

    public var count: Int { items.count }

    /// Waits until an item is ready or `timeout` milliseconds pass (-1: no limit).
    /// - Returns: how many items are ready; 0 on timeout or signal interruption.
    public mutating func poll(timeout: Int) throws -> Int {
        let rc = items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, Int32($0.count), timeout) }
        if rc < 0 {
            if zmq_errno() == EINTR { return 0 }
            throw ZMQError.last("zmq_poll")
        }
        return Int(rc)
    }

    public func isReadable(_ index: Int) -> Bool { items[index].revents & Int16(ZMQ_POLLIN) != 0 }
    public func isWritable(_ index: Int) -> Bool { items[index].revents & Int16(ZMQ_POLLOUT) != 0 }
    public func hasError(_ index: Int) -> Bool { items[index].revents & Int16(ZMQ_POLLERR) != 0 }
}
