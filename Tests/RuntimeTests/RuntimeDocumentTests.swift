import Bus
import Foundation
import RuntimeAPI
import SkiffTestSupport
import Testing

/// Holds `proto-docs/runtime.md` to the code: its example session (§8) is replayed against a
/// real `skiff runtime`; every reply, error and the event must match the document.
@Suite struct RuntimeDocumentTests {
    static let document = ChildProcess.packageRoot.appendingPathComponent("proto-docs/runtime.md")

    /// Placeholders bound so far (`<sandboxID>` → the real id).
    final class Bindings: @unchecked Sendable {
        var values: [String: String] = [:]
        func substitute(_ text: String) -> String {
            values.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
    }

    static var time: Regex<Substring> { #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z/# }

    /// Whether `actual` matches `documented`: "…" matches anything (a missing key too); an unbound
    /// `<name>` binds; `<time>` matches an RFC 3339 time; objects must have the same keys.
    static func matches(_ documented: Any, _ actual: Any?, _ bindings: Bindings, at path: String = "") -> [String] {
        if let string = documented as? String {
            if string == "…" { return [] }
            if string.hasPrefix("<"), string.hasSuffix(">"), !string.dropFirst().contains("<"), bindings.values[string] == nil {
                guard let value = actual as? String else { return ["\(path): expected a string for \(string)"] }
                bindings.values[string] = value
                return []
            }
            let expected = bindings.substitute(string)
            guard let value = actual as? String else { return ["\(path): expected \"\(expected)\", got \(String(describing: actual))"] }
            if expected.contains("<time>") {
                let pattern = value.replacing(time, with: "<time>")
                return pattern == expected ? [] : ["\(path): \"\(value)\" does not match \"\(expected)\""]
            }
            return value == expected ? [] : ["\(path): expected \"\(expected)\", got \"\(value)\""]
        }
        if let object = documented as? [String: Any] {
            guard let actualObject = actual as? [String: Any] else { return ["\(path): expected an object, got \(String(describing: actual))"] }
            var problems: [String] = []
            for key in Set(object.keys).union(actualObject.keys).sorted() {
                guard let expected = object[key] else { problems.append("\(path).\(key): not in the document"); continue }
                if actualObject[key] == nil, (expected as? String) != "…" { problems.append("\(path).\(key): missing"); continue }
                problems += matches(expected, actualObject[key], bindings, at: "\(path).\(key)")
            }
            return problems
        }
        if let array = documented as? [Any] {
            guard let actualArray = actual as? [Any], actualArray.count == array.count else {
                return ["\(path): expected \(array.count) items, got \(String(describing: actual))"]
            }
            return zip(array, actualArray).enumerated().flatMap { matches($1.0, $1.1, bindings, at: "\(path)[\($0)]") }
        }
        let same = (documented as? NSObject) == (actual as? NSObject)
        return same ? [] : ["\(path): expected \(documented), got \(String(describing: actual))"]
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test func exampleSessionMatchesTheRuntime() async throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        #expect(text.contains("`\(NodeDefaults.runtimeRPC)`") && text.contains("`\(NodeDefaults.runtimeEvents)`"))
        for method in [RuntimeMessages.Method.version, RuntimeMessages.Method.runSandbox, RuntimeMessages.Method.stopSandbox,
                       RuntimeMessages.Method.removeSandbox, RuntimeMessages.Method.sandboxStatus, RuntimeMessages.Method.listSandboxes,
                       RuntimeMessages.Method.createContainer, RuntimeMessages.Method.startContainer, RuntimeMessages.Method.stopContainer,
                       RuntimeMessages.Method.removeContainer, RuntimeMessages.Method.containerStatus, RuntimeMessages.Method.listContainers,
                       RuntimeMessages.Method.exec, RuntimeMessages.Method.logs] {
            #expect(text.contains("| `\(method)` |"), "\(method) is in the method table")
        }
        let blocks = jsonBlocks(in: text)
        try await RuntimeHarness.with { r in
            let bindings = Bindings()
            bindings.values["<root>"] = r.root
            var calls = 0
            var i = 0
            while i < blocks.count {
                let info = blocks[i].info
                guard info.count == 3, info[1] == "request" else { i += 1; continue }
                let method = info[2]
                let request = bindings.substitute(blocks[i].body)
                let answer = try #require(blocks[safe: i + 1], "no reply after \(method)")
                calls += 1
                i += 2
                if answer.info.count == 3, answer.info[1] == "error" {
                    do {
                        _ = try await r.client.call(method, Array(request.utf8), timeout: .seconds(30))
                        Issue.record("\(method): expected \(answer.info[2]), got a reply")
                    } catch let error as BusError {
                        #expect(error.reason.rawValue == answer.info[2], "\(method): \(error)")
                        #expect(error.message == bindings.substitute(answer.body.trimmingCharacters(in: .whitespacesAndNewlines)))
                    }
                    continue
                }
                #expect(answer.info == ["json", "reply"])
                let reply = try await r.client.call(method, Array(request.utf8), timeout: .seconds(30))
                let problems = Self.matches(try Self.json(answer.body), try JSONSerialization.jsonObject(with: Data(reply)), bindings)
                #expect(problems.isEmpty, "\(method): \(problems.joined(separator: "; "))\nreply: \(String(decoding: reply, as: UTF8.self))")
                if method == RuntimeMessages.Method.startContainer, let id = bindings.values["<containerID>"] {
                    // The document's next steps read the log of an ended container.
                    _ = try await r.events.wait(.exited, id)
                    let documented = try #require(blocks.first { $0.info == ["json", "event", "EXITED"] })
                    let event = try JSONEncoder().encode(await r.events.wait(.exited, id))
                    let eventProblems = Self.matches(try Self.json(documented.body), try JSONSerialization.jsonObject(with: event), bindings)
                    #expect(eventProblems.isEmpty, "event: \(eventProblems)")
                    #expect(r.events.topics.contains(bindings.substitute("containers/<sandboxID>/<containerID>")))
                }
            }
            #expect(calls == 14)
        }
    }
}

extension RuntimeDocumentTests {
    @Test func theAsyncAPIDocumentDeclaresTheRuntimesEndpointsAndEvents() throws {
        let text = try String(contentsOf: ChildProcess.packageRoot.appendingPathComponent("proto-docs/asyncapi.yaml"), encoding: .utf8)
        for endpoint in [NodeDefaults.runtimeRPC, NodeDefaults.runtimeEvents] {
            #expect(text.contains("host: " + endpoint.replacingOccurrences(of: "tcp://", with: "")))
        }
        let types = [RuntimeMessages.ContainerEventType.created, .started, .exited, .removed].map(\.rawValue).joined(separator: ", ")
        #expect(text.contains("enum: [\(types)]"))
        let states = [RuntimeMessages.ContainerState.created, .running, .exited, .unknown].map(\.rawValue).joined(separator: ", ")
        #expect(text.contains("enum: [\(states)]"))
        #expect(text.contains("address: \(RuntimeMessages.stream)\n"))
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
