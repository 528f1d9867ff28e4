import Foundation
import Gateway
import Resources
import SkiffTestSupport
import Testing

/// Every built-in kind from YAML through the real kubectl against store + apiserver + gateway:
/// client-side and server-side apply, and `get` as a table, wide, name, JSON and YAML.
/// Expected strings are kubectl 1.32's against Kubernetes 1.32 (see ``KindFixture``).
@Suite(.serialized) struct KubectlKindsEndToEndTests {
    static let fixtures = KindFixture.all

    /// Writes the fixtures (after `transform`) as one file each into a fresh directory.
    func writeManifests(_ c: TestCluster, _ name: String, only: (KindFixture) -> Bool = { _ in true },
                        transform: (String) -> String = { $0 }) throws -> String {
        let dir = c.home + "/" + name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (i, f) in Self.fixtures.enumerated() where only(f) {
            try transform(f.yaml).write(toFile: dir + "/" + f.fileName(i), atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test func applyEveryKindClientSideThenServerSide() async throws {
        let c = try await TestCluster.start()
        do {
            // `apply -f <dir>` walks the files in lexical order and prints one line per object
            // (apply.go: `<resource>[.<group>]/<name> created|configured|unchanged`).
            let dir = try writeManifests(c, "manifests")
            let created = try await c.kubectlOK(["apply", "-f", dir])
            #expect(KubectlOutput.lines(created) == Self.fixtures.map { "\($0.printedName) created" })

            // Re-applying the same files sends no patch ("unchanged") — except for the StatefulSet:
            // the API server defaults `volumeMode` and `status.phase: Pending` inside its
            // volumeClaimTemplates, a list strategic merge patch replaces whole, so kubectl's
            // three-way diff is never empty and it prints "configured", as against Kubernetes.
            let again = try await c.kubectlOK(["apply", "-f", dir])
            #expect(KubectlOutput.lines(again) == Self.fixtures.map {
                "\($0.printedName) \($0.kind == "StatefulSet" ? "configured" : "unchanged")"
            })
            // …and that patch changes nothing, so the generation stays 1.
            #expect(try await c.kubectlOK(["get", "statefulset", "db", "-o", "jsonpath={.metadata.generation}"]) == "1")

            // A changed label on every object: a strategic merge patch each, "configured".
            let labelled = try writeManifests(c, "labelled", transform: {
                $0.replacingOccurrences(of: "\n  labels: {", with: "\n  labels: {revision: \"2\", ")
            })
            let configured = try await c.kubectlOK(["apply", "-f", labelled])
            #expect(KubectlOutput.lines(configured) == Self.fixtures.map { "\($0.printedName) configured" })
            for f in Self.fixtures {
                let label = try await c.kubectlOK(["get", f.resource, f.name, "-o", "jsonpath={.metadata.labels.revision}"])
                #expect(label == "2", "\(f.kind)")
            }

            // Server-side apply over the objects kubectl created client-side (same values: no
            // conflict with the kubectl-client-side-apply manager): "serverside-applied".
            let ssa = try await c.kubectlOK(["apply", "--server-side", "-f", labelled])
            #expect(KubectlOutput.lines(ssa) == Self.fixtures.map { "\($0.printedName) serverside-applied" })

            // Server-side apply creates what does not exist: every namespaced kind in a new namespace.
            #expect(try await c.kubectlOK(["create", "namespace", "ssa"]) == "namespace/ssa created")
            // (An Event's involvedObject must be in the Event's namespace: ValidateEventCreate.)
            let namespaced = try writeManifests(c, "namespaced", only: \.namespaced, transform: {
                $0.replacingOccurrences(of: "namespace: default}", with: "namespace: ssa}")
            })
            let created2 = try await c.kubectlOK(["apply", "--server-side", "-n", "ssa", "-f", namespaced])
            let expected = Self.fixtures.filter(\.namespaced).map { "\($0.printedName) serverside-applied" }
            #expect(KubectlOutput.lines(created2) == expected)
            for f in Self.fixtures where f.namespaced {
                let json = try JSON.parse(try await c.kubectlOK(["get", f.resource, f.name, "-n", "ssa", "-o", "json"]))
                #expect(json["metadata"]?["namespace"] == "ssa", "\(f.kind)")
                // No client-side apply here, so no last-applied annotation.
                #expect(json["metadata"]?["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"] == nil, "\(f.kind)")
            }
            // Applying the same again is still "serverside-applied" (the server answers 200).
            let ssaAgain = try await c.kubectlOK(["apply", "--server-side", "-n", "ssa", "-f", namespaced])
            #expect(KubectlOutput.lines(ssaAgain) == expected)
        } catch {
            _ = try? await c.stop()
            throw error
        }
        #expect(try await c.stop() == [0, 0, 0])
    }

    @Test func getEveryKindInEachOutputForm() async throws {
        let c = try await TestCluster.start()
        do {
            let dir = try writeManifests(c, "manifests")
            try await c.kubectlOK(["apply", "-f", dir])
            for f in Self.fixtures {
                // Table: printers.go's columns, and the cells computed from what was sent.
                let table = KubectlOutput.Table(try await c.kubectlOK(["get", f.resource, f.name]))
                #expect(table.columns == f.columns, "\(f.kind)")
                #expect(table.rows.count == 1, "\(f.kind)")
                if f.columns.contains("NAME") { #expect(table.rows.first?["NAME"] == f.name, "\(f.kind)") }
                let wide = KubectlOutput.Table(try await c.kubectlOK(["get", f.resource, f.name, "-o", "wide"]))
                #expect(wide.columns == f.wideHeader, "\(f.kind)")
                for (column, cell) in f.cells {
                    #expect(wide.rows.first?[column] == cell, "\(f.kind) \(column)")
                    if f.columns.contains(column) { #expect(table.rows.first?[column] == cell, "\(f.kind) \(column)") }
                }

                // -o name: `<resource>[.<group>]/<name>`.
                #expect(try await c.kubectlOK(["get", f.resource, f.name, "-o", "name"]) == f.printedName)

                // -o json and -o yaml: every field sent comes back with its value. What kubectl
                // sent is what it reads from the file (`create --dry-run=client` prints it).
                let file = dir + "/" + f.fileName(Self.fixtures.firstIndex { $0.kind == f.kind }!)
                let sent = try JSON.parse(try await c.kubectlOK(["create", "--dry-run=client", "-o", "json", "-f", file]))
                let json = try JSON.parse(try await c.kubectlOK(["get", f.resource, f.name, "-o", "json"]))
                #expect(KubectlOutput.missingFields(sent, in: json) == [], "\(f.kind)")
                #expect(json["metadata"]?["uid"]?.string != nil && json["metadata"]?["resourceVersion"]?.string != nil,
                        "\(f.kind)")
                let yaml = try await c.kubectlOK(["get", f.resource, f.name, "-o", "yaml"])
                let fromYAML = try YAMLToJSON.convert(Array(yaml.utf8))
                #expect(KubectlOutput.missingFields(sent, in: fromYAML) == [], "\(f.kind)")
                #expect(fromYAML == json, "\(f.kind): -o yaml and -o json differ")
            }

            // Lists: one table per kind, with every fixture of that kind by name.
            let names = KubectlOutput.lines(try await c.kubectlOK(["get", Self.fixtures.map(\.resource).joined(separator: ","), "-A", "-o", "name"]))
            for f in Self.fixtures { #expect(names.contains(f.printedName), "\(f.kind)") }

            // `get all`: the kinds in the "all" category, one table each, names prefixed with
            // their resource (multi-kind output always prints `kind/name`).
            let all = try await c.kubectlOK(["get", "all"])
            let allNames = Set(KubectlOutput.lines(all).compactMap { $0.split(separator: " ").first.map(String.init) }
                .filter { $0 != "NAME" })
            #expect(allNames == Set(Self.fixtures.filter(\.inAll).map(\.printedName)), "\(all)")
            #expect(try await c.kubectlOK(["get", "all", "-o", "name"]).split(separator: "\n").map(String.init).sorted()
                    == Self.fixtures.filter(\.inAll).map(\.printedName).sorted())
        } catch {
            _ = try? await c.stop()
            throw error
        }
        #expect(try await c.stop() == [0, 0, 0])
    }
}
