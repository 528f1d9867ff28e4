import ArgumentParser
import Foundation
import Store

extension StoreCtl {
    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a value at a key; prints OK and the new revision.")
        @OptionGroup var store: StoreCtlOptions
        @Argument(help: "The key (starts with /).") var key: String
        @Argument(help: "The value (UTF-8 text).") var value: String
        @Option(help: "Attach the key to this lease.") var lease: Int64?

        func run() async throws {
            try await storectl {
                try await store.withClient { client in
                    let revision = try await client.put(key, Array(value.utf8), lease: lease)
                    Console.line("OK revision=\(revision)")
                }
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a key, or every key under a prefix: a key line, then a value line, per key.")
        @OptionGroup var store: StoreCtlOptions
        @Argument(help: "The key, or the prefix with --prefix.") var key: String
        @Flag(help: "Read every key starting with KEY.") var prefix = false
        @Option(help: "At most this many keys (0 = all).") var limit = 0
        @Flag(help: "Print keys only.") var keysOnly = false
        @Flag(help: "Print values only.") var printValueOnly = false
        @Option(name: [.short, .customLong("write-out")], help: "Output: simple or json.") var w: OutputFormat = .simple

        func run() async throws {
            try await storectl {
                try await store.withClient { client in
                    let r = try await client.range(.init(key: key, prefix: prefix ? true : nil, limit: limit == 0 ? nil : limit))
                    if w == .json { return Console.line(try jsonLine(r)) }
                    for kv in r.kvs {
                        if !printValueOnly { Console.line(kv.key) }
                        if !keysOnly { Console.line(printable(kv.value)) }
                    }
                }
            }
        }
    }

    struct Del: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a key, or every key under a prefix; prints how many were deleted.")
        @OptionGroup var store: StoreCtlOptions
        @Argument(help: "The key, or the prefix with --prefix.") var key: String
        @Flag(help: "Delete every key starting with KEY.") var prefix = false

        func run() async throws {
            try await storectl {
                try await store.withClient { client in
                    if prefix {
                        Console.line("\(try await client.delete(prefix: key))")
                    } else {
                        Console.line(try await client.delete(key) == nil ? "0" : "1")
                    }
                }
            }
        }
    }
}
