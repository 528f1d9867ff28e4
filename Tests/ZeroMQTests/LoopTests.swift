import Synchronization
import Testing
@testable import ZeroMQ

@Suite struct LoopTests {
    @Test func workRunsOnTheLoopThreadInOrder() async throws {
        let loop = try Loop(name: "test-order")
        let seen = Mutex<[Int]>([])
        for index in 0..<1000 {
            loop.execute { [loop] in
                precondition(loop.inLoop)
                seen.withLock { $0.append(index) }
            }
        }
        let onLoop = try await loop.submit { [loop] in loop.inLoop }
        #expect(onLoop)
        #expect(!loop.inLoop)
        #expect(seen.withLock { $0 } == Array(0..<1000))
        await loop.shutdown()
    }

    @Test func timersFireInDeadlineOrderAndCancelledOnesDoNot() async throws {
        let loop = try Loop(name: "test-timers")
        let fired = Mutex<[String]>([])
        let done: Void = try await withCheckedThrowingContinuation { continuation in
            loop.execute { [loop] in
                let start = ContinuousClock.now
                loop.schedule(at: start + .milliseconds(30)) { fired.withLock { $0.append("b") } }
                loop.schedule(at: start + .milliseconds(10)) { fired.withLock { $0.append("a") } }
                let cancelled = loop.schedule(at: start + .milliseconds(20)) { fired.withLock { $0.append("x") } }
                loop.cancel(cancelled)
                loop.schedule(at: start + .milliseconds(40)) { continuation.resume() }
            }
        }
        _ = done
        #expect(fired.withLock { $0 } == ["a", "b"])
        await loop.shutdown()
    }

    @Test func shutdownClosesSocketsAndRefusesLaterWork() async throws {
        let loop = try Loop(name: "test-shutdown")
        let socket = try await loop.submit { [loop] in
            let socket = try Socket(.pull)
            try socket.bind("inproc://loop-shutdown")
            loop.register(socket) {}
            return ObjectIdentifier(socket)
        }
        _ = socket
        await loop.shutdown()
        await loop.shutdown()
        #expect(loop.execute {} == false)
        await #expect(throws: ZMQError.self) { try await loop.submit { 1 } }
    }

    @Test func registeredSocketsWakeTheLoop() async throws {
        let loop = try Loop(name: "test-readable")
        let received = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Message, Error>) in
            loop.execute { [loop] in
                do {
                    let pull = try Socket(.pull)
                    try pull.bind("inproc://loop-readable")
                    let push = try Socket(.push)
                    try push.connect("inproc://loop-readable")
                    loop.register(pull) {
                        if let message = try? pull.receive() { continuation.resume(returning: message) }
                    }
                    loop.register(push) {}
                    try push.send(Message(strings: ["wake"]), wait: true)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        #expect(received == Message(strings: ["wake"]))
        await loop.shutdown()
    }
}

@Suite struct LoopQueueTests {
    final class Seen: Sendable {
        let items = Mutex<[Int]>([])
        let batches = Mutex(0)
    }

    @Test func itemsArriveInOrderInFewerBatchesThanItems() async throws {
        let loop = try Loop(name: "test-queue")
        let seen = Seen()
        let queue = LoopQueue<Int>(loop: loop) { batch in
            seen.batches.withLock { $0 += 1 }
            seen.items.withLock { $0.append(contentsOf: batch) }
        }
        await withTaskGroup(of: Void.self) { group in
            for producer in 0..<4 {
                group.addTask { for index in 0..<2500 { queue.enqueue(producer * 10_000 + index) } }
            }
        }
        _ = try await loop.submit { 0 }  // runs after every batch scheduled before it
        let items = seen.items.withLock { $0 }
        #expect(items.count == 10_000)
        for producer in 0..<4 {
            let own = items.filter { $0 / 10_000 == producer }
            #expect(own == own.sorted(), "producer \(producer)'s items out of order")
        }
        #expect(seen.batches.withLock { $0 } <= 10_000)
        await loop.shutdown()
    }

    @Test func afterShutdownItemsAreRejectedNotLost() async throws {
        let loop = try Loop(name: "test-queue-closed")
        let queue = LoopQueue<Int>(loop: loop) { _ in Issue.record("a closed loop ran a batch") }
        await loop.shutdown()
        let rejected = Mutex<[Int]>([])
        queue.enqueue(7) { items in rejected.withLock { $0.append(contentsOf: items) } }
        #expect(rejected.withLock { $0 } == [7])
    }
}
