import ArgumentParser
import Bus
import Foundation
import Store

/// `skiff storectl`: the store's etcdctl. Exit codes: 0 ok; 1 the store answered with an error
/// (or a check failed); 2 the store could not be reached (Unavailable, Timeout); 64 bad usage.
struct StoreCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storectl",
        abstract: "Talk to the store: put, get, del, watch, compact, status, snapshot, repair, check perf.",
        subcommands: [Put.self, Get.self, Del.self, Watch.self, Compact.self, Status.self, Snapshot.self,
                      Repair.self, Check.self]
    )
}

/// Where the store is: flags every storectl command takes.
struct StoreCtlOptions: ParsableArguments {
    @Option(name: [.long, .customLong("rpc")], help: "Store RPC endpoints, comma-separated.")
    var endpoints = StoreDefaults.rpcEndpoint

    @Option(help: "Seconds to wait for each call.")
    var timeout: Double = 5

    var endpointList: [String] { endpoints.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }

    /// Runs `body` with a client; reports errors on stderr and exits with the documented code.
    func withClient(_ body: (StoreClient) async throws -> Void) async throws {
        let client = try await StoreClient(endpoints: endpointList, timeout: .milliseconds(Int64(timeout * 1000)))
        do {
            try await body(client)
            await client.close()
        } catch {
            await client.close()
            throw StoreCtlFailure(error)
        }
    }
}

/// An error reported on stderr as `Error: <reason>: <message>`, with storectl's exit code.
struct StoreCtlFailure: Error {
    let error: Error
    init(_ error: Error) { self.error = error }
}

extension StoreCtlFailure {
    /// Prints the error and turns it into an exit code.
    static func exit(_ error: Error) -> ExitCode {
        let inner = (error as? StoreCtlFailure)?.error ?? error
        if let bus = inner as? BusError {
            Console.error("Error: \(bus.reason): \(bus.message)")
            return bus.reason == .unavailable || bus.reason == .timeout ? ExitCode(2) : ExitCode(1)
        }
        if let exit = inner as? ExitCode { return exit }
        Console.error("Error: \(inner)")
        return ExitCode(1)
    }
}

/// The body of every storectl command: errors become a message and an exit code.
func storectl(_ body: () async throws -> Void) async throws {
    do { try await body() } catch let code as ExitCode { throw code } catch { throw StoreCtlFailure.exit(error) }
}

/// Prints a value as text when it is UTF-8, else as `base64:<…>`.
func printable(_ value: Data) -> String {
    if let text = String(data: value, encoding: .utf8) { return text }
    return "base64:" + value.base64EncodedString()
}

/// Encodes a reply for `-w json`.
func jsonLine<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

enum OutputFormat: String, ExpressibleByArgument, Sendable {
    case simple, json
}
