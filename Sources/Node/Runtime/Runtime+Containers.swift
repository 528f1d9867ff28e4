import Bus
import Foundation
import RuntimeAPI

extension Runtime {
    func createContainer(_ request: RuntimeMessages.CreateContainerRequest) async throws -> RuntimeMessages.ContainerRef {
        let config = request.config
        guard let sandbox = sandboxes[request.sandboxID] else { throw BusError.notFound("sandbox \(request.sandboxID) not found") }
        guard sandbox.status.state == .ready else { throw BusError.conflict("sandbox \(request.sandboxID) is not ready") }
        guard !config.name.isEmpty else { throw BusError.invalid("config.name is required") }
        guard !config.logPath.isEmpty else { throw BusError.invalid("config.logPath is required") }
        if containers.values.contains(where: {
            $0.record.status.sandboxID == request.sandboxID && $0.record.status.config.name == config.name
                && $0.record.status.config.attempt == config.attempt
        }) {
            throw BusError.alreadyExists("container \(config.name) attempt \(config.attempt) already exists in sandbox \(request.sandboxID)")
        }
        let id = Self.newID()
        let group = try await driver.createContainer(id: id, sandbox: sandbox, config: config)
        let status = RuntimeMessages.ContainerStatus(containerID: id, sandboxID: request.sandboxID, config: config,
                                                     state: .created, createdAt: now(), cgroupPath: group?.primary)
        containers[id] = Entry(record: ContainerRecord(status: status, cgroup: group), machine: ContainerMachine(status: status))
        await apply(id, [.persist, .publish(.created)])
        return .init(containerID: id)
    }

    /// Starts a CREATED container. A command that cannot run is no RPC error: the container is
    /// then EXITED with reason StartError (exit code 128) and the message.
    func startContainer(_ id: String) async throws -> RuntimeMessages.ContainerStatus {
        guard var pending = containers[id] else { throw BusError.notFound("container \(id) not found") }
        guard !pending.starting else { throw BusError.conflict("container \(id) is already starting") }
        guard let sandbox = sandboxes[pending.record.status.sandboxID] else {
            throw BusError.notFound("sandbox \(pending.record.status.sandboxID) not found")
        }
        do { _ = try pending.machine.start() } catch { throw BusError.conflict("container \(id): \(error)") }
        pending.starting = true
        containers[id] = pending
        let result = await driver.startContainer(pending.current, sandbox: sandbox)
        guard var entry = containers[id] else {
            if case .success(let processes) = result {
                var orphan = pending.current
                orphan.main = processes.main
                driver.signal(orphan, .kill)
            }
            throw BusError.notFound("container \(id) was removed while starting")
        }
        entry.starting = false
        let actions: [ContainerMachine.Action]
        switch result {
        case .success(let processes):
            entry.record.monitor = processes.monitor
            entry.record.main = processes.main
            if entry.machine.state != .created {
                // Stopped while it was starting: it must not run.
                containers[id] = entry
                driver.signal(entry.current, .kill)
                driver.watch(entry.current)
                return entry.machine.status
            }
            actions = entry.machine.spawned(pid: processes.main?.pid, cgroupPath: entry.record.cgroup?.primary, now: now())
            containers[id] = entry
            driver.watch(entry.current)
        case .failure(let failure):
            actions = entry.machine.spawnFailed(message: failure.message, now: now())
            containers[id] = entry
        }
        await apply(id, actions)
        if let list = waiters.removeValue(forKey: id), entry.machine.state != .running { for w in list { w.resume() } }
        return containers[id]?.machine.status ?? entry.machine.status
    }

    /// SIGTERM, SIGKILL after `timeoutSeconds`; answers once the container has ended.
    func stopContainer(_ id: String, timeoutSeconds: Int64) async throws -> RuntimeMessages.ContainerStatus {
        guard let found = containers[id] else { throw BusError.notFound("container \(id) not found") }
        if found.starting { await waitUntilEnded(id) }
        guard var entry = containers[id] else { throw BusError.notFound("container \(id) not found") }
        let actions: [ContainerMachine.Action]
        do { actions = try entry.machine.stop(timeoutSeconds: timeoutSeconds, now: now()) } catch {
            throw BusError.conflict("container \(id): \(error)")
        }
        containers[id] = entry
        await apply(id, actions)
        await waitUntilEnded(id)
        return (containers[id] ?? entry).machine.status
    }

    /// Removes a container, killing it first if it runs. Removing what is gone is no error.
    func removeContainer(_ id: String) async throws {
        guard let found = containers[id] else { return }
        if found.machine.state == .running || found.starting { _ = try await stopContainer(id, timeoutSeconds: 0) }
        guard var entry = containers[id] else { return }
        let actions: [ContainerMachine.Action]
        do { actions = try entry.machine.remove() } catch { throw BusError.conflict("container \(id): \(error)") }
        containers[id] = entry
        await apply(id, actions)
    }

    func containerStatus(_ id: String) throws -> RuntimeMessages.ContainerStatus {
        guard let entry = containers[id] else { throw BusError.notFound("container \(id) not found") }
        return entry.machine.status
    }

    func listContainers(_ request: RuntimeMessages.ListContainersRequest) -> RuntimeMessages.ContainerList {
        let statuses = containers.values.map(\.machine.status).filter {
            (request.sandboxID == nil || $0.sandboxID == request.sandboxID) && (request.state == nil || $0.state == request.state)
        }
        return .init(containers: statuses.sorted { ($0.createdAt, $0.containerID) < ($1.createdAt, $1.containerID) })
    }

    func exec(_ request: RuntimeMessages.ExecRequest) async throws -> RuntimeMessages.ExecResponse {
        guard let entry = containers[request.containerID] else { throw BusError.notFound("container \(request.containerID) not found") }
        guard entry.machine.state == .running else {
            throw BusError.conflict("container \(request.containerID) is \(entry.machine.state.rawValue), not RUNNING")
        }
        guard !request.command.isEmpty, !request.command[0].isEmpty else { throw BusError.invalid("command is required") }
        return try await driver.exec(entry.current, sandbox: sandboxes[entry.record.status.sandboxID], request: request)
    }

    func logs(_ request: RuntimeMessages.LogsRequest) async throws -> RuntimeMessages.LogsResponse {
        guard let entry = containers[request.containerID] else { throw BusError.notFound("container \(request.containerID) not found") }
        guard driver.name != "fake" else { return .init(lines: []) }
        let path = entry.record.status.config.logPath
        let window = 8 << 20
        let (bytes, cut) = try await Blocking.run { () -> ([UInt8], Bool) in
            guard let handle = FileHandle(forReadingAtPath: path) else { return ([], false) }
            defer { try? handle.close() }
            let size = try handle.seekToEnd()
            let start = size > UInt64(window) ? size - UInt64(window) : 0
            try handle.seek(toOffset: start)
            return (Array(try handle.readToEnd() ?? Data()), start > 0)
        }
        return .init(lines: CRILog.tail(bytes, tailLines: request.tailLines, limitBytes: request.limitBytes, cutAtFront: cut))
    }
}
