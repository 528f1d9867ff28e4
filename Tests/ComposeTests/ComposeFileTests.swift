import Testing
@testable import Compose

@Suite struct ComposeFileTests {
    func parse(_ yaml: String) throws(ComposeError) -> ComposeFile { try ComposeFile.parse(Array(yaml.utf8)) }

    func error(_ yaml: String) -> String? {
        do { _ = try parse(yaml).resolve(); return nil } catch { return error.message }
    }

    @Test func everyField() throws {
        let file = try parse("""
            name: demo
            services:
              store:
                command: [store, --rpc, "tcp://127.0.0.1:7001"]
                healthcheck: {rpc: "tcp://127.0.0.1:7001", interval: 500ms, timeout: 2s, retries: 5, start_period: 1m30s}
                restart: on-failure
                environment: {A: "1", B: 2}
              web:
                command: /bin/sh -c 'echo "hello world"'
                depends_on:
                  store: {condition: service_healthy}
                healthcheck: {http: "http://127.0.0.1:8080/healthz"}
                restart: always
                environment: [X=y, "Z=a=b"]
              once:
                command: [/bin/true]
                depends_on: [web]
                x-note: extension fields are ignored
            x-anything: {}
            """)
        #expect(file.name == "demo")
        #expect(file.services.map(\.name) == ["store", "web", "once"])
        let store = file.services[0]
        #expect(store.command == ["store", "--rpc", "tcp://127.0.0.1:7001"])
        #expect(store.healthcheck == HealthCheck(.rpcPing("tcp://127.0.0.1:7001"), interval: .milliseconds(500), timeout: .seconds(2),
                                                 retries: 5, startPeriod: .seconds(90)))
        #expect(store.restart == .onFailure)
        #expect(store.environment == ["A": "1", "B": "2"])
        let web = file.services[1]
        #expect(web.command == ["/bin/sh", "-c", "echo \"hello world\""])
        #expect(web.dependsOn == [Dependency("store", .healthy)])
        #expect(web.healthcheck?.test == .httpGet("http://127.0.0.1:8080/healthz"))
        #expect(web.restart == .always)
        #expect(web.environment == ["X": "y", "Z": "a=b"])
        #expect(file.services[2].dependsOn == [Dependency("web", .started)])
        #expect(file.services[2].restart == .no)
    }

    @Test func theDefaultFileIsTheEmbeddedOne() throws {
        let path = ChildProcessPaths.packageRoot + "/compose/skiff-compose.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.trimmingCharacters(in: .newlines) == ComposeDefaults.yaml.trimmingCharacters(in: .newlines))
    }

    @Test func theDefaultCluster() throws {
        let file = try parse(ComposeDefaults.yaml)
        let plan = try file.resolve(environment: ["SKIFF_HOME": "/h"])
        #expect(plan.services.map(\.name) == [
            "store", "apiserver", "gateway", "scheduler", "controller-manager", "dns",
            "node-1.runtime", "node-1.kubelet", "node-1.proxy", "node-1.cadvisor",
            "node-2.runtime", "node-2.kubelet", "node-2.proxy", "node-2.cadvisor",
        ])
        #expect(plan.service("node-2.kubelet")?.program == .skiff([
            "kubelet", "--node-name", "node-2", "--api", "tcp://127.0.0.1:7003", "--api-events", "tcp://127.0.0.1:7004",
            "--runtime", "tcp://127.0.0.1:7401", "--runtime-events", "tcp://127.0.0.1:7402",
            "--rpc", "tcp://127.0.0.1:7411", "--root", "/h/nodes/node-2/kubelet", "--wait-for-pod-cidr",
        ]))
        #expect(plan.service("node-1.cadvisor")?.program == .skiff([
            "cadvisor", "--node-name", "node-1", "--runtime", "tcp://127.0.0.1:7301", "--api", "tcp://127.0.0.1:7003",
            "--rpc", "tcp://127.0.0.1:7321",
        ]))
        #expect(plan.service("node-2.cadvisor")?.program == .skiff([
            "cadvisor", "--node-name", "node-2", "--runtime", "tcp://127.0.0.1:7401", "--api", "tcp://127.0.0.1:7003",
            "--rpc", "tcp://127.0.0.1:7421",
        ]))
        #expect(plan.service("node-2.cadvisor")?.dependsOn == [Dependency("apiserver", .healthy), Dependency("node-2.runtime", .healthy)])
    }

    @Test func missingSubcommandsAreSkippedWithOneNoticeEach() throws {
        let plan = try parse(ComposeDefaults.yaml).resolve(nodes: 2, available: ["store", "apiserver", "gateway", "runtime", "kubelet"])
        #expect(plan.services.map(\.name) == ["store", "apiserver", "gateway", "node-1.runtime", "node-1.kubelet",
                                              "node-2.runtime", "node-2.kubelet"])
        #expect(plan.notices == [
            "skipping scheduler: this skiff has no \"scheduler\" subcommand",
            "skipping controller-manager: this skiff has no \"controller-manager\" subcommand",
            "skipping dns: this skiff has no \"dns\" subcommand",
            "skipping node-1.proxy, node-2.proxy: this skiff has no \"proxy\" subcommand",
            "skipping node-1.cadvisor, node-2.cadvisor: this skiff has no \"cadvisor\" subcommand",
        ])
    }

    @Test func dependenciesOnSkippedServicesAreDropped() throws {
        let plan = try parse("""
            services:
              a: {command: [missing]}
              b: {command: [store], depends_on: [a]}
            """).resolve(available: ["store"])
        #expect(plan.services.map(\.name) == ["b"])
        #expect(plan.services[0].dependsOn.isEmpty)
        #expect(plan.skipped == ["a"])
    }

    @Test func interpolation() throws {
        let plan = try parse("""
            services:
              a:
                command: [/bin/echo, "${HOME_DIR}/x", "${UNSET:-fallback}", "$$literal", "$SHORT", "${UNSET}"]
                environment: {P: "${HOME_DIR}"}
            """).resolve(environment: ["HOME_DIR": "/home/me", "SHORT": "s"])
        #expect(plan.services[0].program == .executable("/bin/echo", ["/home/me/x", "fallback", "$literal", "s", ""]))
        #expect(plan.services[0].environment == ["P": "/home/me"])
    }

    @Test func badFilesSayWhatIsWrong() {
        #expect(error("services: [a, b]") == "services: must be a mapping of service names to services")
        #expect(error("foo: 1\nservices: {}") == "unknown top-level key \"foo\" (expected name, services, x-node or x-…)")
        #expect(error("name: x") == "the compose file has no services: key")
        #expect(error("services:\n  a: {command: [x], restart: sometimes}") == "services.a.restart: expected no, on-failure or always")
        #expect(error("services:\n  a: {}") == "services.a: no command")
        #expect(error("services:\n  a: {command: [x], image: nginx}")
                == "services.a: unknown key \"image\" (expected command, depends_on, healthcheck, restart, environment)")
        #expect(error("services:\n  a: {command: [x], depends_on: [b]}") == "services.a.depends_on: undefined service \"b\"")
        #expect(error("services:\n  a: {command: [x], depends_on: {b: {condition: service_healthy}}}\n  b: {command: [y]}")
                == "services.a.depends_on: \"b\" must be healthy, but it has no healthcheck")
        #expect(error("services:\n  a: {command: [x], healthcheck: {interval: 1s}}")
                == "services.a.healthcheck: needs exactly one of ready: (a stdout line), rpc: (an endpoint to _ping) or http: (a URL to GET)")
        #expect(error("services:\n  a: {command: [x], healthcheck: {ready: r, interval: soon}}")
                == "services.a.healthcheck.interval: expected a duration such as 500ms, 2s or 1m30s")
        #expect(error("services:\n  a: {command: [x], healthcheck: {http: \"https://x\"}}")
                == "services.a.healthcheck.http: \"https://x\" is not an http://host:port/path URL")
        #expect(error("services:\n  a: {command: 'x \"unterminated'}") == "services.a.command: unterminated quote or escape in \"x \"unterminated\"")
        #expect(error("services:\n  a: [x\n") == "yaml: line 2: did not find expected ',' or ']'")
        #expect(error("services:\n  bad/name: {command: [x]}")
                == "services: \"bad/name\" is not a valid service name (letters, digits, '-', '_'; starting with a letter or digit)")
    }

    @Test func goDurations() {
        #expect(GoDuration.parse("500ms") == .milliseconds(500))
        #expect(GoDuration.parse("1m30s") == .seconds(90))
        #expect(GoDuration.parse("1.5s") == .milliseconds(1500))
        #expect(GoDuration.parse("2h") == .seconds(7200))
        #expect(GoDuration.parse("0") == .zero)
        #expect(GoDuration.parse("5") == nil)
        #expect(GoDuration.parse("5 s") == nil)
        #expect(GoDuration.parse("") == nil)
    }

    @Test func commandStrings() throws {
        #expect(try CommandLineSplitter.split(#"a  'b c' "d \"e\"" f\ g"#, path: "") == ["a", "b c", "d \"e\"", "f g"])
        #expect(try CommandLineSplitter.split("", path: "").isEmpty)
        #expect(try CommandLineSplitter.split("''", path: "") == [""])
    }
}

import Foundation

enum ChildProcessPaths {
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}

@Suite struct ComposeArgumentsTests {
    @Test func globalOptionsMoveAfterTheSubcommand() {
        #expect(ComposeArguments.normalize(["compose", "-f", "x.yaml", "-p", "demo", "logs", "-f", "a"])
                == ["compose", "logs", "--file", "x.yaml", "--project-name", "demo", "-f", "a"])
        #expect(ComposeArguments.normalize(["compose", "--file=x.yaml", "up", "-d"]) == ["compose", "up", "--file=x.yaml", "-d"])
        #expect(ComposeArguments.normalize(["compose", "up", "-f", "x.yaml"]) == ["compose", "up", "-f", "x.yaml"])
        #expect(ComposeArguments.normalize(["store", "-f", "x"]) == ["store", "-f", "x"])
        #expect(ComposeArguments.normalize(["compose", "-f"]) == ["compose", "-f"])
    }
}
