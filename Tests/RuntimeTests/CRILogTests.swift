import CRuntimeShim
import Foundation
import Testing
@testable import Runtime

/// The CRI log format: the monitor's writer (C, `skiff_cri_feed`) and the runtime's reader.
@Suite struct CRILogTests {
    static let stamp = timespec(tv_sec: 1_795_791_600, tv_nsec: 123_456_789)  // 2026-11-27T15:00:00.123456789Z

    @Test func timestamps() {
        var out = [CChar](repeating: 0, count: 40)
        var ts = Self.stamp
        let n = skiff_format_time(&ts, &out)
        #expect(text(out) == "2026-11-27T15:00:00.123456789Z" && n == 30)
        ts = timespec(tv_sec: 951_782_400, tv_nsec: 5)  // leap day
        _ = skiff_format_time(&ts, &out)
        #expect(text(out) == "2000-02-29T00:00:00.000000005Z")
        ts = timespec(tv_sec: 0, tv_nsec: 0)
        _ = skiff_format_time(&ts, &out)
        #expect(text(out) == "1970-01-01T00:00:00.000000000Z")
    }

    func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Feeds `chunks` (then EOF) and returns what was written.
    func feed(_ chunks: [String], stream: String = "stdout") throws -> String {
        let path = NSTemporaryDirectory() + "cri-\(UInt32.random(in: 0...UInt32.max)).log"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { unlink(path) }
        let buffer = UnsafeMutablePointer<skiff_line_buffer>.allocate(capacity: 1)
        defer { buffer.deallocate() }
        buffer.pointee.used = 0
        var ts = Self.stamp
        for chunk in chunks {
            let bytes = Array(chunk.utf8)
            bytes.withUnsafeBufferPointer { raw in
                raw.withMemoryRebound(to: CChar.self) { skiff_cri_feed(fd, stream, &ts, buffer, $0.baseAddress, $0.count, 0) }
            }
        }
        skiff_cri_feed(fd, stream, &ts, buffer, nil, 0, 1)
        close(fd)
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func completeLinesAreF() throws {
        let t = "2026-11-27T15:00:00.123456789Z"
        #expect(try feed(["hello\nwor", "ld\n"]) == "\(t) stdout F hello\n\(t) stdout F world\n")
        #expect(try feed(["\n"], stream: "stderr") == "\(t) stderr F \n")
        #expect(try feed(["no newline at the end"]) == "\(t) stdout F no newline at the end\n")
    }

    @Test func longLinesAreSplitIntoPartials() throws {
        let long = String(repeating: "x", count: 16384 + 10)
        let lines = try feed([long + "\nnext\n"]).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix(" stdout P " + String(repeating: "x", count: 16384)))
        #expect(lines[1].hasSuffix(" stdout F xxxxxxxxxx"))
        #expect(lines[2].hasSuffix(" stdout F next"))
    }

    @Test func parsing() {
        let record = CRILog.parse("2026-11-27T15:00:00.123456789Z stderr P some text with spaces")
        #expect(record == .init(time: "2026-11-27T15:00:00.123456789Z", stream: "stderr", partial: true, text: "some text with spaces"))
        #expect(CRILog.parse("2026-11-27T15:00:00.1Z stdout F ")?.text == "")
        #expect(CRILog.parse("not a log line") == nil)
    }

    @Test func tails() {
        let content = Array((1...5).map { "t stdout F line\($0)\n" }.joined().utf8)
        #expect(CRILog.tail(content, tailLines: 2, limitBytes: nil) == ["t stdout F line4", "t stdout F line5"])
        #expect(CRILog.tail(content, tailLines: nil, limitBytes: 34) == ["t stdout F line4", "t stdout F line5"])
        #expect(CRILog.tail(content, tailLines: 0, limitBytes: nil) == [])
        #expect(CRILog.tail(Array("ut F line1\nt stdout F line2\n".utf8), tailLines: nil, limitBytes: nil, cutAtFront: true)
                == ["t stdout F line2"])
    }
}
