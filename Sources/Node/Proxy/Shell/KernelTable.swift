import Foundation

/// The nftables table of ``KernelRuleset``, written with `nft -f -` (nftables) off the pool.
///
/// Shared like the address device: every proxy of the cluster on this host writes the same table
/// from the same API objects, each whenever its own view changes, so they converge on the latest
/// one; none deletes it on exit (the others' traffic goes on through it). `skiff proxy --cleanup`
/// removes it.
public final class KernelTable: Sendable {
    public struct Failure: Error, CustomStringConvertible { public let description: String }

    public let name: String
    static let paths = ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft", "/bin/nft"]

    /// Whether `nft` is installed here.
    public static var isInstalled: Bool { paths.contains { FileManager.default.isExecutableFile(atPath: $0) } }

    public init(name: String) {
        self.name = name
    }

    /// Why the kernel cannot carry services here (nft missing, no permission, no nat support), or
    /// nil when it can: a table with a nat chain is made and deleted in one transaction.
    public static func unavailable() async -> String? {
        let probe = "add table ip skiff-probe\ndelete table ip skiff-probe\ntable ip skiff-probe {\n"
            + "  chain output {\n    type nat hook output priority -100; policy accept;\n  }\n}\ndelete table ip skiff-probe\n"
        do {
            let r = try await HostCommand.run(paths, ["-f", "-"], input: probe)
            return r.status == 0 ? nil : "nft: \(r.output.trimmingCharacters(in: .whitespacesAndNewlines))"
        } catch {
            return "\(error)"
        }
    }

    /// Replaces the table with `ruleset`'s, atomically.
    public func apply(_ ruleset: KernelRuleset) async throws {
        let r = try await HostCommand.run(Self.paths, ["-f", "-"], input: ruleset.script)
        if r.status != 0 { throw Failure(description: "nft -f: \(r.output.trimmingCharacters(in: .whitespacesAndNewlines))") }
    }

    /// Whether the table is in the kernel now.
    public func exists() async throws -> Bool {
        let r = try await HostCommand.run(Self.paths, ["list", "tables", "ip"])
        if r.status != 0 { throw Failure(description: "nft list tables: \(r.output)") }
        return r.output.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "table ip \(name)" }
    }

    /// Deletes the table (nothing to do when it is not there: the transaction adds it first).
    public func remove() async throws {
        let r = try await HostCommand.run(Self.paths, ["-f", "-"], input: "add table ip \(name)\ndelete table ip \(name)\n")
        if r.status != 0 { throw Failure(description: "nft delete table ip \(name): \(r.output)") }
    }
}
