import Foundation
import Testing
@testable import EventLog

/// Fills a real 1 MiB tmpfs. Needs root and `mount`; skipped (with a message) otherwise.
@Suite struct DiskFullTests {
    static func mountTmpfs() -> String? {
        guard getuid() == 0 else { return nil }
        let dir = TempDir().path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? dir : nil
    }

    static func unmount(_ dir: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/umount")
        p.arguments = [dir]
        try? p.run()
        p.waitUntilExit()
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func diskFullFailsTheBatchAndRecovers() async throws {
        guard let mount = Self.mountTmpfs() else {
            print("DiskFullTests: skipped — needs root and a working `mount -t tmpfs -o size=1m`")
            return
        }
        defer { Self.unmount(mount) }
        let ballast = mount + "/ballast"
        _ = FileManager.default.createFile(atPath: ballast, contents: Data(count: 400 * 1024))
        let store = mount + "/store"
        let log = try await EventLog.open(directory: store)
        let value = [UInt8](repeating: 7, count: 100 * 1024)
        var acknowledged: [Int64] = []
        var failure: EventLogError?
        for i in 0..<20 {
            do {
                acknowledged.append(try await log.put(Key("/big/\(i)"), value))
            } catch {
                failure = error
                break
            }
        }
        let error = try #require(failure)
        #expect(error.isDiskFull)
        #expect("\(error)".contains("errno 28"))
        #expect(acknowledged == Array(1...Int64(acknowledged.count)))
        #expect(!acknowledged.isEmpty)
        // Reads go on; the partial batch is gone from the file.
        #expect(log.revision == Int64(acknowledged.count))
        #expect(try log.range(.prefix("/big/")).count == acknowledged.count)
        let segment = try #require(FileManager.default.contentsOfDirectory(atPath: store).first { $0.hasSuffix(".log") })
        let sizeAfterFailure = fileSize(store + "/" + segment)
        #expect(sizeAfterFailure == 32 + acknowledged.count * fileSizePerRecord(value.count, keyLength: "/big/0".utf8.count))
        // Many concurrent writers in a failing batch all get the error.
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<10 { group.addTask { (try? await log.put(Key("/big/c\(i)"), value)) != nil } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count <= 1)
        let revisionAfter = log.revision
        // Space returns: writes succeed again with the next revision.
        try FileManager.default.removeItem(atPath: ballast)
        let next = try await log.put("/big/after", value)
        #expect(next == revisionAfter + 1)
        await log.close()
        let reopened = try await EventLog.open(directory: store)
        #expect(reopened.openReport.truncatedTail == nil)
        #expect(reopened.revision == next)
        await reopened.close()
    }

    func fileSizePerRecord(_ valueLength: Int, keyLength: Int) -> Int {
        8 + 2 + 32 + 4 + keyLength + 4 + valueLength
    }
}
