import Bus
import Foundation
import Store
import SkiffTestSupport
import Testing

/// A full disk: writes fail with a clear error, reads go on, writes resume once space is freed.
/// Needs root for a small tmpfs; otherwise it says so and passes without checking.
@Suite(.serialized) struct StoreDiskFullTests {
    @Test func diskFullFailsWritesClearlyAndRecovers() async throws {
        guard getuid() == 0 else {
            print("skipped: disk-full test needs root to mount a small tmpfs")
            return
        }
        let mountPoint = temporaryDirectory("tmpfs")
        let mount = try await ChildProcess.runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint])
        guard mount == 0 else {
            print("skipped: mount -t tmpfs failed (\(mount)); not allowed in this environment")
            return
        }
        defer { Thread { _ = try? Process.run(URL(fileURLWithPath: "/bin/umount"), arguments: ["-l", mountPoint]) }.start() }
        // Ballast that the test deletes later to give space back.
        let ballast = mountPoint + "/ballast"
        try Data(count: 1 << 20).write(to: URL(fileURLWithPath: ballast))
        let store = try await StoreProcess.start(mountPoint + "/store", extra: ["--snapshot-every", "0"])
        let client = try await store.client()
        try await client.put("/keep", Array("safe".utf8))
        var failure: BusError?
        for i in 0..<64 where failure == nil {
            failure = await busError { try await client.put("/fill/\(i)", [UInt8](repeating: 1, count: 256 << 10)) }
        }
        let error = try #require(failure, "the disk never filled")
        #expect(error.reason == .unavailable && error.message.contains("disk full"), "\(error)")
        #expect(try await client.get("/keep").kv?.value == Data("safe".utf8))
        #expect(await busError { try await client.put("/small-but-no-room", [UInt8](repeating: 2, count: 600 << 10)) }?.reason == .unavailable)
        try FileManager.default.removeItem(atPath: ballast)
        let revision = try await client.put("/after", Array("back".utf8))
        #expect(try await client.get("/after").kv?.modRevision == revision)
        await client.close()
        #expect(try await store.stop() == 0)
        // Restart: everything acknowledged is there, contiguous.
        let again = try await StoreProcess.start(mountPoint + "/store")
        let c2 = try await again.client()
        #expect(try await c2.status().revision == revision)
        #expect(try await c2.get("/keep").kv != nil)
        await c2.close()
        _ = try await again.stop()
    }
}

extension ChildProcess {
    /// Runs any executable to completion on a thread of its own; its exit status.
    static func runTool(_ path: String, _ arguments: [String]) async throws -> Int32 {
        try await onOwnThread {
            let p = try Process.run(URL(fileURLWithPath: path), arguments: arguments)
            p.waitUntilExit()
            return p.terminationStatus
        }
    }
}
