import Foundation
import Testing
@testable import Bus

/// Holds real encoded messages against the protocol documents: the field tables of
/// `proto-docs/bus-rpc.md` and `bus-events.md`, their worked byte examples, and the layouts in
/// `asyncapi.yaml`. Change the encoding or the documents alone, and this fails.
@Suite struct ProtocolDocumentTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("proto-docs")

    struct Row: Equatable {
        var offset: Int
        var size: String
        var field: String
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8)
    }

    /// The `| offset | size | field | value |` table under the heading starting with `heading`.
    static func table(in document: String, under heading: String) throws -> [Row] {
        let lines = document.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix(heading) }, "no heading \(heading)")
        var rows: [Row] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("#") { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5, let offset = Int(cells[1]) else {
                if !rows.isEmpty && !line.hasPrefix("|") { break }
                continue
            }
            rows.append(Row(offset: offset, size: cells[2], field: cells[3]))
        }
        return rows
    }

    /// Checks every documented field against the bytes `encoded` holds for it, and that the
    /// table covers the header exactly.
    static func check(_ rows: [Row], _ encoded: [UInt8], _ fields: [String: [UInt8]]) {
        var next = 0
        for row in rows {
            #expect(row.offset == next, "field \(row.field) documented at \(row.offset), expected \(next)")
            let value = fields[row.field]
            #expect(value != nil, "the document names a field \(row.field) the code does not have")
            guard let value else { continue }
            if let size = Int(row.size) { #expect(size == value.count, "field \(row.field): documented size \(size), encoded \(value.count)") }
            let end = min(encoded.count, row.offset + value.count)
            #expect(Array(encoded[min(row.offset, end)..<end]) == value, "field \(row.field) at offset \(row.offset)")
            next = row.offset + value.count
        }
        #expect(next == encoded.count, "the table covers \(next) bytes of a \(encoded.count)-byte header")
        #expect(Set(rows.map(\.field)) == Set(fields.keys))
    }

    static func be<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }

    /// The hex bytes of the `frame N:` lines of the code block after `marker`.
    static func frames(in document: String, after marker: String) throws -> [[UInt8]] {
        let tail = try #require(document.range(of: marker).map { document[$0.upperBound...] })
        var frames: [[UInt8]] = []
        for line in tail.components(separatedBy: "\n").drop(while: { !$0.hasPrefix("```") }).dropFirst() {
            if line.hasPrefix("```") { break }
            guard line.hasPrefix("frame "), let colon = line.firstIndex(of: ":") else { continue }
            let content = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if content.hasPrefix("\"") {
                frames.append(Array(content.dropFirst().prefix { $0 != "\"" }.utf8))
            } else if content.hasPrefix("(empty)") {
                frames.append([])
            } else {
                let hex = content.components(separatedBy: "   ")[0].split(separator: " ")
                frames.append(hex.compactMap { UInt8($0, radix: 16) })
            }
        }
        return frames
    }

    @Test func requestHeaderMatchesItsTable() throws {
        let header = RPC.RequestHeader(id: 0x0102030405060708, timeoutMilliseconds: 1500, idempotent: true, method: "store.range")
        let rows = try Self.table(in: Self.text("bus-rpc.md"), under: "### 3.2")
        Self.check(rows, header.encode(), [
            "version": [1], "kind": [1], "request id": Self.be(UInt64(0x0102030405060708)),
            "timeout": Self.be(UInt32(1500)), "flags": [1], "method length": [11], "method": Array("store.range".utf8),
        ])
    }

    @Test func replyHeaderMatchesItsTable() throws {
        let header = RPC.ReplyHeader(id: 42, code: 409, reason: "Conflict")
        let rows = try Self.table(in: Self.text("bus-rpc.md"), under: "### 3.3")
        Self.check(rows, header.encode(), [
            "version": [1], "kind": [2], "request id": Self.be(UInt64(42)),
            "code": Self.be(UInt16(409)), "reason length": [8], "reason": Array("Conflict".utf8),
        ])
    }

    @Test func eventHeaderMatchesItsTable() throws {
        let header = EventStream.Header(kind: .heartbeat, epoch: 0xA1A2A3A4A5A6A7A8, sequence: 9, revision: 77)
        let rows = try Self.table(in: Self.text("bus-events.md"), under: "### 3.1")
        Self.check(rows, header.encode(), [
            "version": [1], "kind": [2], "epoch": Self.be(UInt64(0xA1A2A3A4A5A6A7A8)),
            "sequence": Self.be(UInt64(9)), "revision": Self.be(UInt64(77)),
        ])
    }

    @Test func theRPCExamplesAreWhatTheCodeSends() throws {
        let document = try Self.text("bus-rpc.md")
        let request = RPC.RequestHeader(id: 7, timeoutMilliseconds: 1500, idempotent: true, method: "echo")
        #expect(try Self.frames(in: document, after: "A call of `echo`") == [request.encode(), Array("hi".utf8)])
        #expect(try Self.frames(in: document, after: "Its reply:") == [RPC.ReplyHeader(id: 7).encode(), Array("hi".utf8)])
        let notFound = try Self.frames(in: document, after: "A request for a method the server does not have")
        #expect(notFound.first == RPC.ReplyHeader(id: 8, code: 404, reason: "NotFound").encode())
    }

    @Test func theEventExamplesAreWhatTheCodeSends() throws {
        let document = try Self.text("bus-events.md")
        let event = EventStream.Header(kind: .event, epoch: 0x1122334455667788, sequence: 3, revision: 42)
        #expect(try Self.frames(in: document, after: "The third event on stream") ==
            [Array("pods/default/web-0".utf8), event.encode(), Array("{}".utf8)])
        let heartbeat = EventStream.Header(kind: .heartbeat, epoch: 0x1122334455667788, sequence: 3, revision: 42)
        #expect(try Self.frames(in: document, after: "A heartbeat on that stream afterwards") ==
            [Array("pods/".utf8), heartbeat.encode(), []])
    }

    @Test func asyncAPILayoutsAgreeWithTheDocuments() throws {
        let yaml = try Self.text("asyncapi.yaml")
        // Each `x-skiff-layout` block's rows, in order: offset and field.
        var layouts: [[(Int, String)]] = []
        for line in yaml.components(separatedBy: "\n") {
            if line.contains("x-skiff-layout:") { layouts.append([]); continue }
            guard line.contains("{offset:"), !layouts.isEmpty else { continue }
            let offset = line.range(of: #"offset: (\d+)"#, options: .regularExpression).map { Int(line[$0].dropFirst(8))! }
            let field = line.range(of: #"field: [a-z ]+"#, options: .regularExpression).map { String(line[$0].dropFirst(7)) }
            if let offset, let field { layouts[layouts.count - 1].append((offset, field)) }
        }
        let rpc = try Self.text("bus-rpc.md")
        let events = try Self.text("bus-events.md")
        let documented = [
            try Self.table(in: rpc, under: "### 3.2"),
            try Self.table(in: rpc, under: "### 3.3"),
            try Self.table(in: events, under: "### 3.1"),
        ].map { $0.map { ($0.offset, $0.field) } }
        #expect(layouts.count >= 3)
        for (index, table) in documented.enumerated() where index < layouts.count {
            #expect(layouts[index].map(\.0) == table.map(\.0), "asyncapi layout \(index) offsets")
            #expect(layouts[index].map(\.1) == table.map(\.1), "asyncapi layout \(index) fields")
        }
    }
}
