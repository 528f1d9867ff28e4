import ArgumentParser
import EventLog
import Foundation
import Store

extension StoreCtl {
    struct Compact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drop history at or below a revision.")
        @OptionGroup var store: StoreCtlOptions
        @Argument(help: "The revision.") var revision: Int64

        func run() async throws {
            try await storectl {
                try await store.withClient { client in
                    let r = try await client.compact(revision: revision)
                    Console.line("compacted revision \(r.compactedRevision)")
                }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the store's revision, size and counters.")
        @OptionGroup var store: StoreCtlOptions
        @Option(name: [.short, .customLong("write-out")], help: "Output: simple or json.") var w: OutputFormat = .simple

        func run() async throws {
            try await storectl {
                try await store.withClient { client in
                    let s = try await client.status()
                    if w == .json { return Console.line(try jsonLine(s)) }
                    Console.line("endpoint=\(store.endpointList[0]) version=\(s.version) revision=\(s.revision) "
                        + "compacted=\(s.compactedRevision) keys=\(s.keys) leases=\(s.leases) dbSize=\(s.dbSizeBytes) "
                        + "syncs=\(s.syncs) batches=\(s.batches) dir=\(s.dataDirectory)")
                }
            }
        }
    }

    struct Snapshot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Snapshot commands.", subcommands: [Save.self])

        struct Save: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Make the store write a snapshot now and copy it to FILE.")
            @OptionGroup var store: StoreCtlOptions
            @Argument(help: "Where to save the snapshot.") var file: String

            func run() async throws {
                try await storectl {
                    try await store.withClient { client in
                        let info = try await client.snapshot()
                        var data = Data()
                        var eof = false
                        while !eof {
                            let chunk = try await client.readSnapshot(name: info.name, offset: Int64(data.count))
                            data.append(chunk.data)
                            eof = chunk.eof
                        }
                        let path = file, bytes = data
                        try await offPool { try bytes.write(to: URL(fileURLWithPath: path), options: .atomic) }
                        Console.line("Snapshot saved at \(file) (revision \(info.revision), \(info.keys) keys, \(data.count) bytes)")
                    }
                }
            }
        }
    }

    struct Repair: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cut a corrupt log at its first damaged record (the store must be stopped).",
            discussion: "Everything from the damaged record's transaction to the end of the log is removed. "
                + "Run it deliberately, after reading the error `skiff store` printed, and keep a copy of the directory first.")
        @Option(help: "Data directory (default: $SKIFF_HOME/store, else ./.skiff/store).") var dataDir: String?

        func run() async throws {
            let directory = dataDir ?? StoreDefaults.dataDirectory()
            do {
                let report = try await offPool { try EventLog.repair(directory: directory) }
                guard let path = report.truncatedPath else {
                    return Console.line("repair: the log in \(directory) is sound; nothing removed")
                }
                Console.line("repair: cut \(path) at byte offset \(report.truncatedOffset) (\(report.reason)); removed \(report.droppedBytes) bytes")
                for s in report.deletedSegments { Console.line("repair: deleted segment \(s)") }
                for s in report.deletedSnapshots { Console.line("repair: deleted snapshot \(s)") }
            } catch {
                Console.error("Error: repair of \(directory) failed: \(error)")
                throw ExitCode(1)
            }
        }
    }
}

/// Runs blocking work (file I/O) on a thread of its own, not on the cooperative pool.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
