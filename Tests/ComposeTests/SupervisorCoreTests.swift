import Testing
@testable import Compose

@Suite struct SupervisorCoreTests {
    typealias Action = SupervisorCore.Action
    let t0 = ContinuousClock.now

    func plan(_ yaml: String) throws -> ComposePlan { try ComposeFile.parse(Array(yaml.utf8)).resolve() }

    let masters = """
        services:
          store: {command: [store], healthcheck: {ready: "store ready"}, restart: on-failure}
          apiserver:
            command: [apiserver]
            depends_on: {store: {condition: service_healthy}}
            healthcheck: {rpc: "tcp://127.0.0.1:7003"}
            restart: on-failure
          gateway: {command: [gateway], depends_on: [apiserver]}
          oneshot: {command: [/bin/true]}
          after: {command: [x], depends_on: {oneshot: {condition: service_completed_successfully}}}
        """

    @Test func startsInDependencyOrderHonouringHealth() throws {
        var core = SupervisorCore(plan: try plan(masters))
        #expect(core.start(now: t0) == [.spawn("store"), .spawn("oneshot")])
        #expect(core.spawned("store", pid: 10, now: t0) == [])
        #expect(core.spawned("oneshot", pid: 11, now: t0) == [])
        // Started is not healthy: the API server waits for the ready line.
        #expect(core.probed("store", pid: 10, ok: true, now: t0 + .seconds(1)) == [.notice("store is healthy"), .spawn("apiserver")])
        #expect(core.spawned("apiserver", pid: 12, now: t0) == [.startProbing("apiserver", pid: 12), .spawn("gateway")])
        #expect(core.exited("oneshot", pid: 11, status: .exited(0), now: t0) == [.notice("oneshot ended (exit status 0)"), .spawn("after")])
        // A probe of an old process does not count.
        #expect(core.probed("apiserver", pid: 99, ok: true, now: t0) == [])
        #expect(core.probed("apiserver", pid: 12, ok: true, now: t0) == [.notice("apiserver is healthy")])
    }

    @Test func restartsCrashesWithBackoffPerPolicy() throws {
        var core = SupervisorCore(plan: try plan(masters))
        _ = core.start(now: t0)
        _ = core.spawned("store", pid: 10, now: t0)
        _ = core.spawned("oneshot", pid: 11, now: t0)
        #expect(core.exited("store", pid: 10, status: .signalled(9), now: t0 + .seconds(1))
                == [.notice("store ended (signal 9); restarting in 1s"), .scheduleRestart("store", after: .seconds(1))])
        #expect(core.entry("store")?.phase == .backingOff(until: t0 + .seconds(2)))
        #expect(core.restartDue("store", now: t0 + .seconds(2)) == [.spawn("store")])
        #expect(core.entry("store")?.restarts == 1)
        _ = core.spawned("store", pid: 20, now: t0 + .seconds(2))
        #expect(core.exited("store", pid: 20, status: .exited(3), now: t0 + .seconds(3))
                == [.notice("store ended (exit status 3); restarting in 2s"), .scheduleRestart("store", after: .seconds(2))])
        _ = core.restartDue("store", now: t0 + .seconds(5))
        _ = core.spawned("store", pid: 30, now: t0 + .seconds(5))
        // Up for over a minute: the back-off starts again at 1 s.
        #expect(core.exited("store", pid: 30, status: .exited(1), now: t0 + .seconds(70))
                == [.notice("store ended (exit status 1); restarting in 1s"), .scheduleRestart("store", after: .seconds(1))])
        // restart: no
        #expect(core.exited("oneshot", pid: 11, status: .exited(1), now: t0) == [.notice("oneshot ended (exit status 1)")])
        #expect(core.entry("oneshot")?.phase == .exited(.exited(1)))
        // A spawn failure is a crash.
        _ = core.restartDue("store", now: t0 + .seconds(71))
        #expect(core.spawnFailed("store", reason: "no such file", now: t0 + .seconds(71))
                == [.notice("store ended (could not start: no such file); restarting in 2s"), .scheduleRestart("store", after: .seconds(2))])
    }

    @Test func stopsInReverseDependencyOrderThenFinishes() throws {
        var core = SupervisorCore(plan: try plan(masters))
        _ = core.start(now: t0)
        _ = core.spawned("store", pid: 10, now: t0)
        _ = core.spawned("oneshot", pid: 11, now: t0)
        _ = core.probed("store", pid: 10, ok: true, now: t0)
        _ = core.spawned("apiserver", pid: 12, now: t0)
        _ = core.spawned("gateway", pid: 13, now: t0)
        let grace = core.gracePeriod
        // Only what nothing depends on: the gateway and the one-shot (whose dependent never started).
        #expect(core.stopAll(now: t0) == [.terminate("oneshot", pid: 11), .scheduleKill("oneshot", pid: 11, after: grace),
                                          .terminate("gateway", pid: 13), .scheduleKill("gateway", pid: 13, after: grace)])
        #expect(core.exited("gateway", pid: 13, status: .exited(0), now: t0) == [.terminate("apiserver", pid: 12),
                                                                                .scheduleKill("apiserver", pid: 12, after: grace)])
        // Not stopped within the grace period: killed.
        #expect(core.killDue("apiserver", pid: 12, now: t0 + grace) == [.notice("apiserver did not stop within 10s; killing it"),
                                                                        .kill("apiserver", pid: 12)])
        #expect(core.exited("apiserver", pid: 12, status: .signalled(9), now: t0) == [.terminate("store", pid: 10),
                                                                                     .scheduleKill("store", pid: 10, after: grace)])
        #expect(core.exited("oneshot", pid: 11, status: .exited(0), now: t0) == [])
        #expect(core.exited("store", pid: 10, status: .exited(0), now: t0) == [.finished])
        // Nothing is restarted while stopping, and finished comes once.
        #expect(core.restartDue("store", now: t0) == [])
        #expect(core.stopAll(now: t0) == [])
    }

    @Test func stoppingWithNothingRunningFinishesAtOnce() throws {
        var core = SupervisorCore(plan: try plan(masters))
        _ = core.start(now: t0)
        _ = core.spawnFailed("store", reason: "x", now: t0)
        _ = core.spawned("oneshot", pid: 11, now: t0)
        _ = core.exited("oneshot", pid: 11, status: .exited(0), now: t0)
        _ = core.spawned("after", pid: 12, now: t0)
        _ = core.exited("after", pid: 12, status: .exited(0), now: t0)
        #expect(core.stopAll(now: t0) == [.finished])
    }

    @Test func aRequestedRestartStopsThenStarts() throws {
        var core = SupervisorCore(plan: try plan(masters))
        _ = core.start(now: t0)
        _ = core.spawned("store", pid: 10, now: t0)
        #expect(try core.restart("store", now: t0) == [.terminate("store", pid: 10), .scheduleKill("store", pid: 10, after: .seconds(10))])
        #expect(core.exited("store", pid: 10, status: .exited(0), now: t0) == [.spawn("store")])
        #expect(core.entry("store")?.restarts == 1)
        #expect(throws: ComposeError("no such service: nope")) { try core.restart("nope", now: t0) }
    }

    @Test func statusesForPs() throws {
        var core = SupervisorCore(plan: try plan(masters))
        _ = core.start(now: t0)
        _ = core.spawned("store", pid: 10, now: t0)
        let statuses = core.statuses(now: t0 + .seconds(30), wallNow: 1000)
        #expect(statuses[0] == ServiceStatus(name: "store", state: "running", pid: 10, restarts: 0, health: "starting", startedAt: 970,
                                            command: "skiff store"))
        #expect(statuses[1].state == "waiting")
        #expect(WaitVerdict.evaluate(statuses) == .waiting(["store", "apiserver", "gateway", "oneshot", "after"]))
        #expect(PsTable.render([statuses[0]], wallNow: 1000) == """
            NAME    STATE     PID   RESTARTS   HEALTH     UPTIME
            store   running   10    0          starting   30s
            """)
    }

    @Test func waitVerdicts() {
        #expect(WaitVerdict.evaluate([ServiceStatus(name: "a", state: "running"), ServiceStatus(name: "b", state: "skipped"),
                                      ServiceStatus(name: "c", state: "running", health: "healthy"),
                                      ServiceStatus(name: "d", state: "exited", lastExit: "exit status 0", lastExitOK: true)]) == .ready)
        #expect(WaitVerdict.evaluate([ServiceStatus(name: "a", state: "running", health: "unhealthy")]) == .failed("a is unhealthy"))
        #expect(WaitVerdict.evaluate([ServiceStatus(name: "a", state: "exited", lastExit: "exit status 2", lastExitOK: false)])
                == .failed("a ended (exit status 2) and is not restarted"))
        #expect(WaitVerdict.evaluate([ServiceStatus(name: "a", state: "restarting")]) == .waiting(["a"]))
    }

    /// `kill`: SIGKILL now, no restart whatever the policy, until `restart` starts it again.
    @Test func aKilledServiceStaysDownUntilRestarted() throws {
        var core = SupervisorCore(plan: try plan(masters))
        _ = core.start(now: t0)
        _ = core.spawned("store", pid: 10, now: t0)
        #expect(try core.kill("store", force: true, now: t0) == [.kill("store", pid: 10)])
        #expect(core.exited("store", pid: 10, status: .signalled(9), now: t0 + .seconds(1)) == [])
        #expect(core.entry("store")?.phase == .stopped)
        #expect(try core.restart("store", now: t0 + .seconds(2)) == [.spawn("store")])
        _ = core.spawned("store", pid: 11, now: t0 + .seconds(2))
        #expect(try core.kill("store", force: false, now: t0 + .seconds(3))
                == [.terminate("store", pid: 11), .scheduleKill("store", pid: 11, after: .seconds(10))])
        // One killed while backing off is just stopped: the scheduled restart does nothing.
        _ = core.spawned("oneshot", pid: 12, now: t0)
        _ = core.exited("store", pid: 11, status: .exited(0), now: t0 + .seconds(4))
        _ = try core.restart("store", now: t0 + .seconds(4))
        _ = core.spawned("store", pid: 13, now: t0 + .seconds(4))
        _ = core.exited("store", pid: 13, status: .exited(1), now: t0 + .seconds(5))
        #expect(try core.kill("store", force: true, now: t0 + .seconds(5)) == [])
        #expect(core.restartDue("store", now: t0 + .seconds(7)) == [])
        #expect(core.entry("store")?.phase == .stopped)
        #expect(throws: ComposeError("no such service: nope")) { try core.kill("nope", force: true, now: t0) }
    }
}
