import Foundation
import RuntimeAPI
import SkiffTestSupport
import Testing
@testable import Runtime

/// The runtime's records on disk: rewritten in place when they fit in a page (no inode made and
/// freed per update), through a temporary file otherwise, and read back whole either way.
@Suite struct StateStoreTests {
    static func record(_ id: String, annotation: String = "", state: RuntimeMessages.SandboxState = .ready) -> SandboxRecord {
        let config = RuntimeMessages.SandboxConfig(podUID: "uid-\(id)", podName: "web", podNamespace: "default", hostname: "web",
                                                   logDirectory: "/tmp", annotations: annotation.isEmpty ? [:] : ["a": annotation])
        return SandboxRecord(status: .init(sandboxID: id, config: config, state: state, createdAt: 1), holder: nil, cgroupPath: nil, warnings: [])
    }

    static func inode(_ path: String) throws -> UInt64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    @Test func smallRecordsAreRewrittenInPlaceAndReadBack() throws {
        let store = try StateStore(root: temporaryDirectory("state"))
        let path = store.root + "/sandboxes/s1.json"
        store.save(Self.record("s1", annotation: String(repeating: "x", count: 600)))
        let first = try Self.inode(path)
        // Shorter: padded with spaces over the old bytes, same file.
        store.save(Self.record("s1", state: .notReady))
        #expect(try Self.inode(path) == first)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("   ") && !text.contains("xxxx"))
        let loaded = store.load()
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.sandboxes.map(\.status.state) == [.notReady])
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
    }

    @Test func recordsBeyondAPageGoThroughARename() throws {
        let store = try StateStore(root: temporaryDirectory("state"))
        let path = store.root + "/sandboxes/s2.json"
        store.save(Self.record("s2"))
        let small = try Self.inode(path)
        store.save(Self.record("s2", annotation: String(repeating: "y", count: 5000)))
        let big = try Self.inode(path)
        #expect(big != small)
        // And back under a page: the file is over a page now, so it is replaced again, whole.
        store.save(Self.record("s2", state: .notReady))
        #expect(try Self.inode(path) != big)
        let loaded = store.load()
        #expect(loaded.problems.isEmpty && loaded.sandboxes.map(\.status.state) == [.notReady])
        #expect(try String(contentsOfFile: path, encoding: .utf8).count < 4096)
    }
}
