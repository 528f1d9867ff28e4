import Foundation
@testable import EventLog

/// A fresh directory under /tmp, removed by `remove()`.
struct TempDir {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "/eventlog-test-XXXXXX").utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: p!)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    var segments: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".log") }.sorted()
            .map { path + "/" + $0 }
    }

    var snapshots: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".snap") }.sorted()
            .map { path + "/" + $0 }
    }
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? -1
}

func appendBytes(_ data: [UInt8], to path: String) throws {
    let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try h.seekToEnd()
    try h.write(contentsOf: Data(data))
    try h.close()
}

func overwriteByte(in path: String, at offset: Int, xor: UInt8 = 0xFF) throws {
    var d = try Data(contentsOf: URL(fileURLWithPath: path))
    d[offset] ^= xor
    try d.write(to: URL(fileURLWithPath: path))
}

/// Everything in the store, in key order.
func dump(_ log: EventLog) throws -> [KeyValue] {
    try log.range(.prefix("")).kvs
}

extension KeyValue {
    var text: String { String(decoding: value, as: UTF8.self) }
}
