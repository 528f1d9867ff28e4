import Compose
import Foundation
import SkiffTestSupport
import Testing

/// `skiff compose` as a user runs it: real supervisor, real children, in a scratch SKIFF_HOME.
@Suite(.serialized) struct ComposeProcessTests {
    /// A scratch SKIFF_HOME with a compose file in it.
    struct Project {
        let home: String
        let file: String

        init(_ yaml: String) throws {
            home = temporaryDirectory("compose")
            file = home + "/compose.yaml"
            try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        }

        var environment: [String: String] {
            ProcessInfo.processInfo.environment.merging(["SKIFF_HOME": home, "NO_COLOR": "1"]) { $1 }
                .filter { $0.key != "SKIFF_COMPOSE_FILE" }
        }

        func start(_ arguments: [String]) throws -> ChildProcess {
            try ChildProcess(skiff: ["compose", "-f", file] + arguments, environment: environment)
        }

        func run(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> (status: Int32, stdout: String, stderr: String) {
            let child = try start(arguments)
            let status = try await child.exit(timeout: timeout)
            return (status, child.stdout, child.stderr)
        }

        func state() -> ComposeState? { ComposeHome(environment: ["SKIFF_HOME": home]).readState() }
        func status(_ name: String) -> ServiceStatus? { state()?.services.first { $0.name == name } }
        func log(_ name: String) -> String { (try? String(contentsOfFile: home + "/logs/\(name).log", encoding: .utf8)) ?? "" }

        /// `down`, then checks nothing is left.
        func down(_ pids: [Int32] = []) async throws {
            let result = try await run(["down"])
            #expect(result.status == 0, "down: \(result.stderr)")
            for pid in pids { #expect(!ComposeHome.isAlive(pid), "pid \(pid) still runs after down") }
            #expect(ComposeHome(environment: ["SKIFF_HOME": home]).runningSupervisor() == nil)
            try? FileManager.default.removeItem(atPath: home)
        }
    }

    static func port() -> Int { Int.random(in: 20_000..<45_000) }

    @Test func upDetachedWaitThenPsThenDown() async throws {
        let project = try Project("""
            services:
              a:
                command: [/bin/sh, -c, "echo a ready; exec sleep 1000"]
                healthcheck: {ready: "a ready"}
              b:
                command: [/bin/sh, -c, "echo b up; exec sleep 1000"]
                depends_on: {a: {condition: service_healthy}}
              missing:
                command: [no-such-subcommand]
            """)
        let up = try await project.run(["up", "-d", "--wait"])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stderr.contains("skipping missing: this skiff has no \"no-such-subcommand\" subcommand"))
        let ps = try await project.run(["ps"])
        #expect(ps.status == 0)
        let lines = ps.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(lines.first == ["NAME", "STATE", "PID", "RESTARTS", "HEALTH", "UPTIME"])
        let a = try #require(project.status("a")), b = try #require(project.status("b"))
        #expect(lines.contains { $0.prefix(5) == ["a", "running", "\(a.pid ?? 0)", "0", "healthy"] }, "\(ps.stdout)")
        #expect(lines.contains { $0.prefix(5) == ["b", "running", "\(b.pid ?? 0)", "0", "-"] }, "\(ps.stdout)")
        #expect(lines.contains { $0.prefix(2) == ["missing", "skipped"] }, "\(ps.stdout)")
        #expect(ComposeHome.readPID(project.home + "/compose/a.pid") == a.pid)
        #expect(project.log("b").contains("b up"))
        // restart <service>: a new process.
        let restart = try await project.run(["restart", "b"])
        #expect(restart.status == 0, "\(restart.stderr)")
        let b2 = try #require(project.status("b"))
        #expect(b2.pid != b.pid && b2.state == "running")
        try await project.down([a.pid ?? 0, b.pid ?? 0, b2.pid ?? 0])
        let after = try await project.run(["ps"])
        #expect(after.stdout.split(separator: "\n").count == 1)
    }

    @Test func aKilledServiceIsRestarted() async throws {
        let project = try Project("""
            services:
              victim:
                command: [/bin/sh, -c, "echo victim ready; exec sleep 1000"]
                healthcheck: {ready: "victim ready"}
                restart: on-failure
            """)
        let up = try await project.run(["up", "-d", "--wait"])
        #expect(up.status == 0, "\(up.stderr)")
        let first = try #require(project.status("victim")?.pid)
        kill(first, SIGKILL)
        try await eventually(.seconds(90), "the victim to be restarted") {
            guard let s = project.status("victim") else { return false }
            return s.state == "running" && s.pid != first && s.restarts == 1 && s.health == "healthy"
        }
        #expect(project.log("victim").components(separatedBy: "victim ready").count == 3)
        let compose = try String(contentsOfFile: project.home + "/logs/compose.log", encoding: .utf8)
        #expect(compose.contains("victim ended (signal 9); restarting in 1s"))
        try await project.down([first, project.status("victim")?.pid ?? 0])
    }

    @Test func dependsOnServiceHealthyWaitsForRPCAndHTTPChecks() async throws {
        let rpc = Self.port(), http = Self.port() + 1
        let project = try Project("""
            services:
              slow:
                command: [/bin/sh, -c, "sleep 1; touch $$SKIFF_HOME/slow-ready; echo slow ready; exec sleep 1000"]
                healthcheck: {ready: "slow ready"}
              bus:
                command: [bus-demo, --rpc, "tcp://127.0.0.1:\(rpc)", --events, "tcp://127.0.0.1:*"]
                healthcheck: {rpc: "tcp://127.0.0.1:\(rpc)", interval: 200ms, start_period: 120s}
              web:
                command: [/usr/bin/python3, -m, http.server, "\(http)", --bind, 127.0.0.1]
                healthcheck: {http: "http://127.0.0.1:\(http)/", interval: 200ms, start_period: 120s}
              after:
                command: [/bin/sh, -c, "if test -f $$SKIFF_HOME/slow-ready; then echo saw slow ready; else echo too early; fi; exec sleep 1000"]
                depends_on:
                  slow: {condition: service_healthy}
                  bus: {condition: service_healthy}
                  web: {condition: service_healthy}
            """)
        let up = try await project.run(["up", "-d", "--wait"])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(project.status("bus")?.health == "healthy")
        #expect(project.status("web")?.health == "healthy")
        try await eventually(.seconds(90), "after's output") { project.log("after").contains("saw slow ready") }
        #expect(!project.log("after").contains("too early"))
        try await project.down()
    }

    @Test func logsFollowShowsNewLines() async throws {
        let project = try Project("""
            services:
              ticker:
                command: [/bin/sh, -c, "i=0; while true; do i=$$((i+1)); echo tick $$i; sleep 0.2; done"]
              quiet:
                command: [/bin/sh, -c, "echo hello from quiet; exec sleep 1000"]
            """)
        let up = try await project.run(["up", "-d", "--wait"])
        #expect(up.status == 0, "\(up.stderr)")
        let follow = try project.start(["logs", "-f", "ticker"])
        let line = try await follow.line(containing: "tick 5", timeout: .seconds(30))
        #expect(line == "ticker | tick 5")
        follow.send(SIGTERM)
        _ = try await follow.exit()
        #expect(!follow.stdout.contains("quiet"))
        try await eventually(.seconds(90), "quiet's line") { project.log("quiet").contains("hello from quiet") }
        let all = try await project.run(["logs"])
        #expect(all.stdout.contains("quiet  | hello from quiet"))
        #expect(all.stdout.contains("ticker | tick 1"))
        try await project.down()
    }

    @Test func foregroundUpStopsInReverseDependencyOrder() async throws {
        let project = try Project("""
            services:
              base:
                command: [/bin/sh, -c, "trap 'echo base stopped; exit 0' TERM; echo base ready; while true; do sleep 0.1; done"]
                healthcheck: {ready: "base ready"}
              top:
                command: [/bin/sh, -c, "trap 'echo top stopped; exit 0' TERM; echo top ready; while true; do sleep 0.1; done"]
                depends_on: {base: {condition: service_healthy}}
            """)
        let up = try project.start(["up"])
        _ = try await up.line(containing: "top  | top ready")
        let pids = [project.status("base")?.pid ?? 0, project.status("top")?.pid ?? 0]
        up.send(SIGINT)
        #expect(try await up.exit() == 0)
        let lines = up.stdout.split(separator: "\n").map(String.init)
        let top = try #require(lines.firstIndex(of: "top  | top stopped")), base = try #require(lines.firstIndex(of: "base | base stopped"))
        #expect(top < base, "\(up.stdout)")
        try await project.down(pids)
    }

    @Test func aBadFileIsAClearErrorAndNonZeroExit() async throws {
        let cycle = try Project("services:\n  a: {command: [x], depends_on: [b]}\n  b: {command: [x], depends_on: [a]}\n")
        let result = try await cycle.run(["up", "-d"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("skiff compose: dependency cycle: a → b → a"), "\(result.stderr)")
        #expect(ComposeHome(environment: ["SKIFF_HOME": cycle.home]).runningSupervisor() == nil)

        let syntax = try Project("services:\n  a: [x\n")
        let bad = try await syntax.run(["up"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(syntax.file): yaml: line 2: did not find expected ',' or ']'"), "\(bad.stderr)")

        let missing = try ChildProcess(skiff: ["compose", "-f", "/nonexistent/compose.yaml", "up"], environment: syntax.environment)
        #expect(try await missing.exit() == 1)
        #expect(missing.stderr.contains("skiff compose: cannot read /nonexistent/compose.yaml"), "\(missing.stderr)")
        try? FileManager.default.removeItem(atPath: cycle.home)
        try? FileManager.default.removeItem(atPath: syntax.home)
    }
}
