import Bus
import Foundation
import Store
import SkiffTestSupport
import Testing

/// Real `skiff store` processes against damaged logs, a full disk, bad requests; and storectl.
@Suite(.serialized) struct StoreRecoveryTests {
    /// A data directory with a real log: 20 keys written by a real store, stopped cleanly.
    func realLog() async throws -> String {
        let directory = temporaryDirectory("log")
        let store = try await StoreProcess.start(directory, extra: ["--snapshot-every", "0"])
        let client = try await store.client()
        for i in 1...20 { try await client.put("/r/\(i)", Array("value-\(i)".utf8)) }
        await client.close()
        #expect(try await store.stop() == 0)
        return directory
    }

    func copy(_ directory: String) throws -> String {
        let target = temporaryDirectory("copy")
        try FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: directory, toPath: target)
        return target
    }

    func segment(in directory: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".log") }.sorted()
        return directory + "/" + names.last!
    }

    @Test func tornTailRecoversAndCorruptMiddleRefusesToStart() async throws {
        let original = try await realLog()

        // Torn tail: half a frame at the end, as a crash mid-write leaves it.
        let torn = try copy(original)
        let tornSegment = try segment(in: torn)
        let handle = try #require(FileHandle(forWritingAtPath: tornSegment))
        let goodLength = try handle.seekToEnd()
        try handle.write(contentsOf: Data([0x40, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 1, 0, 1, 2, 3]))
        try handle.close()
        let recovered = try await StoreProcess.start(torn)
        let client = try await recovered.client()
        #expect(try await client.list(prefix: "/r/").count == 20)
        #expect(try await client.put("/r/21", [1]) == 21)
        await client.close()
        #expect(try await recovered.stop() == 0)
        #expect(recovered.child.stderr.contains("torn tail"))
        #expect(recovered.child.stderr.contains(tornSegment) && recovered.child.stderr.contains("offset=\(goodLength)"))

        // Corrupt middle: one flipped byte in the 5th record's payload, valid records after it.
        let corrupt = try copy(original)
        let corruptSegment = try segment(in: corrupt)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: corruptSegment))
        var offset = 32
        for _ in 0..<4 { offset += 8 + (Int(bytes[offset]) | (Int(bytes[offset + 1]) << 8)) }
        bytes[offset + 20] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: corruptSegment))
        let refused = try ChildProcess(skiff: ["store", "--data-dir", corrupt, "--rpc", "tcp://127.0.0.1:*", "--events", "tcp://127.0.0.1:*"])
        let status = try await refused.exit()
        #expect(status != 0)
        #expect(refused.stderr.contains(corruptSegment) && refused.stderr.contains("offset \(offset)"), "stderr: \(refused.stderr)")
        #expect(!refused.stdout.contains("ready"))

        // A person runs repair deliberately; the store then starts with the records before the cut.
        let repair = try await ChildProcess.run(["storectl", "repair", "--data-dir", corrupt])
        #expect(repair.status == 0 && repair.stdout.contains("offset \(offset)"), "\(repair)")
        let repaired = try await StoreProcess.start(corrupt)
        let after = try await repaired.client()
        #expect(try await after.status().revision == 4)
        await after.close()
        #expect(try await repaired.stop() == 0)
    }

    @Test func malformedAndOversizeRequestsGetClearErrors() async throws {
        let store = try await StoreProcess.start(temporaryDirectory("bad"))
        let rpc = try await RPC.Client(connect: [store.rpc])
        func call(_ method: String, _ body: [UInt8]) async -> BusError? {
            await busError { _ = try await rpc.call(method, body, timeout: .seconds(20)) }
        }
        let value = String(repeating: "A", count: (1536 * 1024 + 3) / 3 * 4)  // base64 of > 1.5 MiB
        #expect(await call(StoreMethod.txn, Array(#"{"success":[{"put":{"key":"/big","value":"\#(value)"}}]}"#.utf8))?.reason == .requestEntityTooLarge)
        #expect(await call(StoreMethod.txn, [UInt8](repeating: 0x20, count: 9 << 20))?.reason == .requestEntityTooLarge)
        #expect(await call(StoreMethod.txn, Array(#"{"success":[{"put":{"key":"","value":""}}]}"#.utf8))?.reason == .invalid)
        #expect(await call(StoreMethod.txn, Array(#"{"success":[{"put":{"key":"/"#.utf8) + [0xc3, 0x28] + Array(#"","value":""}}]}"#.utf8))?.reason == .invalid)
        #expect(await call("store.frobnicate", [])?.reason == .notFound)
        #expect(await call(StoreMethod.txn, Array("\u{1}garbage{{".utf8))?.reason == .badRequest)
        #expect(await call(StoreMethod.changes, Array(#"{"since":"yesterday"}"#.utf8))?.reason == .badRequest)
        let ok = try await rpc.call(StoreMethod.txn, Array(#"{"success":[{"put":{"key":"/fine","value":"b2s="}}]}"#.utf8))
        #expect(String(decoding: ok, as: UTF8.self).contains(#""succeeded":true"#))
        await rpc.close()
        #expect(try await store.stop() == 0)
    }

    @Test func storectlAgainstARunningStore() async throws {
        let store = try await StoreProcess.start(temporaryDirectory("ctl"))
        let ep = ["--endpoints", store.rpc]
        // From revision 1, so that what is written before the watcher is live is printed too.
        let watch = try ChildProcess(skiff: ["storectl", "watch", "/w/", "--prefix", "--rev", "1", "--events", store.events] + ep)
        var r = try await ChildProcess.run(["storectl", "put", "/w/a", "hello"] + ep)
        #expect(r.status == 0 && r.stdout.hasPrefix("OK revision="))
        _ = try await ChildProcess.run(["storectl", "put", "/w/b", "world"] + ep)
        r = try await ChildProcess.run(["storectl", "get", "/w/", "--prefix"] + ep)
        #expect(r.status == 0 && r.stdout == "/w/a\nhello\n/w/b\nworld")
        r = try await ChildProcess.run(["storectl", "get", "/w/a", "-w", "json"] + ep)
        #expect(r.stdout.contains(#""value":"aGVsbG8=""#))
        r = try await ChildProcess.run(["storectl", "del", "/w/", "--prefix"] + ep)
        #expect(r.status == 0 && r.stdout == "2")
        let deleted = try await watch.line(containing: "DELETE /w/b")
        #expect(watch.stdout.contains("PUT /w/a hello") && deleted.hasSuffix("DELETE /w/b"))
        r = try await ChildProcess.run(["storectl", "status"] + ep)
        #expect(r.status == 0 && r.stdout.contains("keys=0"))
        r = try await ChildProcess.run(["storectl", "compact", "2"] + ep)
        #expect(r.status == 0 && r.stdout == "compacted revision 2")
        let file = temporaryDirectory("snap") + "/saved.snap"
        r = try await ChildProcess.run(["storectl", "snapshot", "save", file] + ep)
        #expect(r.status == 0 && FileManager.default.fileExists(atPath: file))
        r = try await ChildProcess.run(["storectl", "put", "no-slash", "x"] + ep)
        #expect(r.status == 1 && r.stderr.contains("Invalid"))
        r = try await ChildProcess.run(["storectl", "get", "/x", "--endpoints", "tcp://127.0.0.1:1", "--timeout", "1"])
        #expect(r.status == 2 && r.stderr.contains("Unavailable") && r.stderr.contains("no connection to tcp://127.0.0.1:1"))
        r = try await ChildProcess.run(["storectl", "check", "perf", "--load", "s", "--duration", "2"] + ep)
        #expect(r.stdout.contains("Throughput") && (r.stdout.hasSuffix("PASS") || r.stdout.hasSuffix("FAIL")), "\(r)")
        r = try await ChildProcess.run(["storectl", "get", "/etcdctl-check-perf/", "--prefix", "--keys-only"] + ep)
        #expect(r.status == 0 && r.stdout.isEmpty)
        watch.send(SIGTERM)
        _ = try await watch.exit()
        #expect(try await store.stop() == 0)
    }
}
