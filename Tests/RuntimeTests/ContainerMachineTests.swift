import RuntimeAPI
import Testing
@testable import Runtime

/// The container state machine, driven directly: time is a number, timers are actions.
@Suite struct ContainerMachineTests {
    static let second: Int64 = 1_000_000_000

    static func created() -> ContainerMachine {
        let config = RuntimeMessages.ContainerConfig(name: "web", image: "busybox", command: ["sleep", "100"], logPath: "/tmp/x.log")
        return ContainerMachine(status: .init(containerID: "c1", sandboxID: "s1", config: config, state: .created, createdAt: 1))
    }

    static func running(at now: Int64 = 10 * second) -> ContainerMachine {
        var machine = created()
        _ = try! machine.start()
        _ = machine.spawned(pid: 42, cgroupPath: "/sys/fs/cgroup/skiff/s1/c1", now: now)
        return machine
    }

    @Test func runsToCompletion() throws {
        var machine = Self.created()
        #expect(try machine.start() == [.spawn])
        #expect(machine.spawned(pid: 42, cgroupPath: nil, now: 5) == [.persist, .publish(.started)])
        #expect(machine.state == .running && machine.status.pid == 42 && machine.status.startedAt == 5)
        #expect(machine.exited(.exited(code: 0), oomKilled: false, now: 9) == [.persist, .publish(.exited), .resumeWaiters])
        #expect(machine.state == .exited && machine.status.exitCode == 0 && machine.status.reason == "Completed")
        #expect(machine.status.finishedAt == 9 && machine.status.pid == nil)
        #expect(machine.exited(.exited(code: 1), oomKilled: false, now: 10) == [], "EXITED is reported once")
        #expect(try machine.remove() == [.cleanUp, .publish(.removed), .resumeWaiters])
        #expect(machine.isRemoved)
    }

    @Test func startsOnlyOnce() throws {
        var machine = Self.running()
        #expect(throws: ContainerMachine.TransitionError.notCreated(.running)) { try machine.start() }
    }

    @Test func cannotBeRemovedWhileRunning() {
        var machine = Self.running()
        #expect(throws: ContainerMachine.TransitionError.stillRunning) { try machine.remove() }
    }

    @Test func stopSendsTermThenKillsAtTheDeadline() throws {
        var machine = Self.running()
        let now = 20 * Self.second
        #expect(try machine.stop(timeoutSeconds: 30, now: now) == [.signal(.terminate), .scheduleKill(at: now + 30 * Self.second)])
        #expect(machine.killDeadlineReached(now: now + 29 * Self.second) == [], "early timers do nothing")
        #expect(try machine.stop(timeoutSeconds: 60, now: now + Self.second) == [], "a later deadline changes nothing")
        #expect(try machine.stop(timeoutSeconds: 5, now: now + Self.second) == [.scheduleKill(at: now + 6 * Self.second)])
        #expect(machine.killDeadlineReached(now: now + 6 * Self.second) == [.signal(.kill)])
        #expect(machine.killDeadlineReached(now: now + 7 * Self.second) == [], "SIGKILL is sent once")
        _ = machine.exited(.signaled(9), oomKilled: false, now: now + 7 * Self.second)
        #expect(machine.status.exitCode == 137 && machine.status.reason == "Error")
    }

    @Test func stopWithoutGraceKillsAtOnce() throws {
        var machine = Self.running()
        #expect(try machine.stop(timeoutSeconds: 0, now: 50) == [.signal(.kill)])
        #expect(try machine.stop(timeoutSeconds: 10, now: 51) == [])
    }

    @Test func honouredSigtermEndsTheStop() throws {
        var machine = Self.running()
        _ = try machine.stop(timeoutSeconds: 30, now: 100)
        _ = machine.exited(.signaled(15), oomKilled: false, now: 200)
        #expect(machine.status.exitCode == 143 && machine.status.reason == "Error")
        #expect(machine.killDeadlineReached(now: 100 + 30 * Self.second) == [], "an exited container is not killed")
        #expect(try machine.stop(timeoutSeconds: 30, now: 300) == [.resumeWaiters], "stopping an exited container answers at once")
    }

    @Test func stoppingACreatedContainerExitsIt() throws {
        var machine = Self.created()
        #expect(try machine.stop(timeoutSeconds: 10, now: 7) == [.persist, .publish(.exited), .resumeWaiters])
        #expect(machine.state == .exited && machine.status.startedAt == 0)
        #expect(throws: ContainerMachine.TransitionError.notCreated(.exited)) { try machine.start() }
    }

    @Test func aCommandThatCannotRunIsAStartError() throws {
        var machine = Self.created()
        _ = try machine.start()
        #expect(machine.spawnFailed(message: "exec: \"nope\": executable file not found in $PATH", now: 3)
                == [.persist, .publish(.exited), .resumeWaiters])
        #expect(machine.status.state == .exited && machine.status.exitCode == 128 && machine.status.reason == "StartError")
        #expect(machine.status.message.contains("executable file not found"))
    }

    @Test func removedContainersRefuseEverything() throws {
        var machine = Self.created()
        _ = try machine.stop(timeoutSeconds: 0, now: 1)
        _ = try machine.remove()
        #expect(try machine.remove() == [])
        #expect(throws: ContainerMachine.TransitionError.removed) { try machine.start() }
        #expect(throws: ContainerMachine.TransitionError.removed) { try machine.stop(timeoutSeconds: 1, now: 2) }
    }
}

@Suite struct ExitClassificationTests {
    func classify(_ outcome: ExitOutcome, oom: Bool = false) -> ExitClassification {
        .classify(outcome, oomKilled: oom)
    }

    @Test func exitCodes() {
        #expect(classify(.exited(code: 0)) == .init(exitCode: 0, reason: "Completed", message: ""))
        #expect(classify(.exited(code: 3)) == .init(exitCode: 3, reason: "Error", message: ""))
        #expect(classify(.signaled(15)) == .init(exitCode: 143, reason: "Error", message: ""))
        #expect(classify(.signaled(9)) == .init(exitCode: 137, reason: "Error", message: ""))
    }

    @Test func oomKills() {
        #expect(classify(.signaled(9), oom: true) == .init(exitCode: 137, reason: "OOMKilled", message: ""))
        #expect(classify(.exited(code: 137), oom: true).reason == "OOMKilled")
        let child = classify(.exited(code: 1), oom: true)
        #expect(child.reason == "Error" && child.exitCode == 1 && child.message.contains("OOM killer"))
    }

    @Test func startErrorsAndLostStatus() {
        #expect(classify(.startFailed(message: "chdir /nope: No such file or directory"))
                == .init(exitCode: 128, reason: "StartError", message: "chdir /nope: No such file or directory"))
        #expect(classify(.lost(message: "gone")).exitCode == 255)
    }

    @Test func waitStatuses() {
        #expect(ExitOutcome(waitStatus: 0) == .exited(code: 0))
        #expect(ExitOutcome(waitStatus: 3 << 8) == .exited(code: 3))
        #expect(ExitOutcome(waitStatus: 9) == .signaled(9))
        #expect(ExitOutcome(waitStatus: 15 | 0x80) == .signaled(15), "core dump bit")
    }
}
