import ArgumentParser
import Bus
import Foundation
import Store

extension StoreCtl {
    /// Follows the change stream and prints one line per change: `<revision> PUT <key> <value>`
    /// or `<revision> DELETE <key>`. Gaps (resync notices, sequence holes, reconnects) are filled
    /// from `store.changes`, so every change is printed exactly once and in order; if the missing
    /// revisions were compacted it stops with an error (exit 1).
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every change to a key or prefix as it is committed.")
        @OptionGroup var store: StoreCtlOptions
        @Option(help: "The store's change-stream endpoint.") var events = StoreDefaults.eventsEndpoint
        @Argument(help: "The key, or the prefix with --prefix (default: every key).") var key = ""
        @Flag(help: "Watch every key starting with KEY.") var prefix = false
        @Option(help: "Start at this revision (print changes from it on, history included).") var rev: Int64?

        func run() async throws {
            try await storectl {
                try await store.withClient { client in
                    let subscriber = try await EventStream.Subscriber(connect: [events], streams: [StoreProtocol.stream])
                    var follower = ChangeFollower(client: client, matches: { k in
                        key.isEmpty || (prefix ? k.hasPrefix(key) : k == key)
                    })
                    do {
                        try await follower.follow(subscriber.deliveries, from: rev.map { $0 - 1 })
                    } catch {
                        await subscriber.close()
                        throw error
                    }
                    await subscriber.close()
                }
            }
        }
    }
}

/// Applies the change stream in revision order, catching up through `store.changes` whenever the
/// stream cannot be trusted (SKIFF-EVENTS/1 §7, with the store's catch-up RPC instead of a list).
struct ChangeFollower {
    let client: StoreClient
    let matches: (String) -> Bool
    /// The last revision printed or skipped; everything at or below it is done.
    var last: Int64 = -1

    init(client: StoreClient, matches: @escaping (String) -> Bool) {
        self.client = client
        self.matches = matches
    }

    mutating func follow(_ deliveries: EventStream.Deliveries, from start: Int64?) async throws {
        for await delivery in deliveries {
            switch delivery {
            case .live:
                if last < 0 {
                    if let start { last = start } else { last = try await client.status().revision }
                }
                try await catchUp()
            case .resync(_, let reason):
                Console.error("watch: resynchronising (\(reason))")
                if last >= 0 { try await catchUp() }
            case .event(let event):
                guard last >= 0 else { continue }
                let record = try JSONDecoder().decode(StoreMessages.Record.self, from: Data(event.body))
                if record.revision > last + 1 { try await catchUp() }
                if record.revision == last + 1 { emit(record) }
            }
        }
    }

    /// Prints every change after `last` that the store has.
    mutating func catchUp() async throws {
        while true {
            let page: StoreMessages.ChangesResponse
            do { page = try await client.changes(since: last, limit: 1000) } catch let e as BusError where e.reason == .gone {
                throw BusError.gone("changes after revision \(last) are no longer available (\(e.message)); watch again from a newer revision")
            }
            for record in page.records where record.revision == last + 1 { emit(record) }
            if !page.more { return }
        }
    }

    mutating func emit(_ record: StoreMessages.Record) {
        last = record.revision
        guard matches(record.key) else { return }
        switch record.type {
        case .put: Console.line("\(record.revision) PUT \(record.key) \(printable(record.value ?? Data()))")
        case .delete: Console.line("\(record.revision) DELETE \(record.key)")
        }
    }
}
