import Testing
@testable import Compose

@Suite struct DependencyOrderTests {
    @Test func dependenciesComeFirstOtherwiseFileOrder() throws {
        let order = try DependencyOrder.sort([
            ("gateway", ["apiserver"]), ("apiserver", ["store"]), ("store", []), ("bus", []), ("kubelet", ["runtime", "apiserver"]),
            ("runtime", []),
        ])
        #expect(order == ["store", "apiserver", "gateway", "bus", "runtime", "kubelet"])
        #expect(DependencyOrder.stopOrder(order) == ["kubelet", "runtime", "bus", "gateway", "apiserver", "store"])
    }

    @Test func cyclesAreRejectedByName() {
        #expect(throws: ComposeError("dependency cycle: a → b → c → a")) {
            try DependencyOrder.sort([("a", ["b"]), ("b", ["c"]), ("c", ["a"]), ("d", [])])
        }
        #expect(throws: ComposeError("dependency cycle: b → c → b")) {
            try DependencyOrder.sort([("a", ["b"]), ("b", ["c"]), ("c", ["b"])])
        }
    }

    @Test func aCycleInAFileIsAClearError() {
        let yaml = "services:\n  a: {command: [x], depends_on: [b]}\n  b: {command: [x], depends_on: [a]}\n"
        #expect(throws: ComposeError("dependency cycle: a → b → a")) {
            try ComposeFile.parse(Array(yaml.utf8)).resolve()
        }
        #expect(throws: ComposeError("services.a.depends_on: a service cannot depend on itself")) {
            try ComposeFile.parse(Array("services:\n  a: {command: [x], depends_on: [a]}\n".utf8)).resolve()
        }
    }
}
