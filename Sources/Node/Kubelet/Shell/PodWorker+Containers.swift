import Bus
import Client
import Foundation
import Resources
import RuntimeAPI

/// What a pod's worker does to containers: start one (env, volumes, config, Events), stop one
/// (preStop, then the rest of the grace period), remove everything of the pod.
extension PodWorker {
    /// preStop (bounded by the grace period), then stop with what is left of it.
    func stopContainer(id: String, name: String, grace: Int64, preStop: Handler?, podIP: String) async -> Bool {
        let started = ContinuousClock.now
        if let preStop, grace > 0 {
            let result = await context.prober.run(preStop, containerID: id, podIP: podIP, timeoutSeconds: grace)
            if !result.success, let pod = currentPod() {
                context.recorder.record(.init("Warning", "FailedPreStopHook", "PreStopHook failed: \(result.output)",
                                                    fieldPath: pod.container(named: name)?.fieldPath),
                                              pod: pod.object, now: KubeletContext.now())
            }
        }
        let spent = (ContinuousClock.now - started).components.seconds
        do {
            try await context.runtime.stopContainer(id, timeoutSeconds: max(0, grace - spent))
            return true
        } catch {
            logger.warning("cannot stop a container", metadata: ["container.id": "\(id)", "error": "\(error)"])
            return false
        }
    }

    /// Creates and starts one container: env, volumes, config; Pulled, Created, Started Events.
    func startContainer(_ pod: PodModel, name: String, attempt: Int, sandboxID: String, podIP: String,
                                core: inout PodWorkerCore) async -> (changed: Bool, failed: Bool, status: RuntimeMessages.ContainerStatus?) {
        guard let spec = pod.container(named: name) else { return (false, false, nil) }
        let now = KubeletContext.now()
        func fail(_ reason: String, _ message: String) async {
            core.startFailed(name: name, reason: reason, message: message, now: now)
            context.recorder.record(.init("Warning", "Failed", "Error: \(message)", fieldPath: spec.fieldPath),
                                          pod: pod.object, now: now)
        }
        let envRefs = EnvResolver.references(spec.object), volumeRefs = PodFiles.volumeReferences(pod)
        var configMaps: [String: JSON] = [:], secrets: [String: JSON] = [:], claims: [String: String] = [:]
        do {
            for n in envRefs.configMaps.union(volumeRefs.configMaps) {
                if let o = try await context.object("configmaps", namespace: pod.namespace, name: n) { configMaps[n] = o }
            }
            for n in envRefs.secrets.union(volumeRefs.secrets) {
                if let o = try await context.object("secrets", namespace: pod.namespace, name: n) { secrets[n] = o }
            }
            for n in PodFiles.claimReferences(pod) {
                // Not bound (no claim, no volume yet): no path. A failed read is an error (retried),
                // not "not bound" — the container must not start without its volume.
                guard let claim = try await context.object("persistentvolumeclaims", namespace: pod.namespace, name: n),
                      let volume = claim["spec"]?["volumeName"]?.string, !volume.isEmpty,
                      let pv = try await context.object("persistentvolumes", namespace: nil, name: volume) else { continue }
                if let path = pv["spec"]?["hostPath"]?["path"]?.string ?? pv["spec"]?["local"]?["path"]?.string { claims[n] = path }
            }
        } catch {
            await fail("CreateContainerConfigError", "\(error)")
            return (false, true, nil)
        }
        var resolver = EnvResolver(pod: pod.object, podIP: podIP, hostIP: "127.0.0.1", configMaps: configMaps, secrets: secrets,
                                   nodeCPUMillis: context.machine.cpuMillis, nodeMemoryBytes: context.machine.memoryBytes)
        resolver.serviceEnv = await context.serviceEnv(pod)
        let env: [RuntimeMessages.KeyValue]
        let volumes: [String: String]
        do {
            env = try resolver.resolve(spec.object)
            volumes = try context.files.prepareVolumes(pod, configMaps: configMaps, secrets: secrets, claims: claims)
        } catch {
            await fail("CreateContainerConfigError", error.message)
            return (false, false, nil)
        }
        var mounts: [RuntimeMessages.Mount] = []
        for m in spec.object["volumeMounts"]?.array ?? [] {
            guard let v = m["name"]?.string, var host = volumes[v], let path = m["mountPath"]?.string else { continue }
            if let sub = m["subPath"]?.string, !sub.isEmpty { host += "/" + sub }
            mounts.append(.init(hostPath: host, containerPath: path, readOnly: m["readOnly"]?.bool ?? false))
        }
        var values: [String: String] = [:]
        for e in env { values[e.name] = e.value }
        var command = (spec.object["command"]?.array ?? []).compactMap(\.string).map { EnvResolver.expand($0, values) }
        var args = (spec.object["args"]?.array ?? []).compactMap(\.string).map { EnvResolver.expand($0, values) }
        // No images are pulled, so every image behaves as one without an ENTRYPOINT (busybox,
        // python, …): its arguments are the command (`kubectl run x --image=busybox -- sh -c …`).
        if command.isEmpty {
            command = args
            args = []
        }
        let limits = spec.object["resources"]?["limits"]
        let logPath = context.files.logPath(pod, container: name, attempt: attempt)
        try? FileManager.default.createDirectory(atPath: (logPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let config = RuntimeMessages.ContainerConfig(
            name: name, attempt: attempt, image: spec.image, command: command, args: args,
            workingDir: spec.object["workingDir"]?.string, env: env, mounts: mounts, logPath: logPath,
            labels: ["io.kubernetes.pod.uid": uid, "io.kubernetes.pod.name": pod.name,
                     "io.kubernetes.pod.namespace": pod.namespace, "io.kubernetes.container.name": name],
            annotations: ["io.kubernetes.container.restartCount": String(attempt)],
            cpuMillis: limits?["cpu"].flatMap { try? Quantity(json: $0) }?.milliValue,
            memoryBytes: limits?["memory"].flatMap { try? Quantity(json: $0) }?.value)
        let id: String
        do {
            id = try await context.runtime.createContainer(sandboxID, config)
        } catch {
            await fail("CreateContainerError", Self.message(error))
            return (false, true, nil)
        }
        context.recorder.record(.init("Normal", "Pulled", "Container image \"\(spec.image)\" already present on machine",
                                            fieldPath: spec.fieldPath), pod: pod.object, now: now)
        context.recorder.record(.init("Normal", "Created", "Created container \(name)", fieldPath: spec.fieldPath),
                                      pod: pod.object, now: now)
        let status: RuntimeMessages.ContainerStatus
        do {
            status = try await context.runtime.startContainer(id)
        } catch {
            await fail("RunContainerError", Self.message(error))
            return (true, true, nil)
        }
        core.started(name: name)
        context.recorder.record(.init("Normal", "Started", "Started container \(name)", fieldPath: spec.fieldPath),
                                      pod: pod.object, now: now)
        return (true, false, status)
    }

    /// Stops and removes every container and sandbox of the pod, and its files.
    func removeAll(_ pod: PodModel?) async {
        do {
            for s in try await context.runtime.listSandboxes(podUID: uid) {
                for c in try await context.runtime.listContainers(sandboxID: s.sandboxID) {
                    if c.state == .running { try? await context.runtime.stopContainer(c.containerID, timeoutSeconds: 0) }
                    try? await context.runtime.removeContainer(c.containerID)
                }
                try? await context.runtime.stopSandbox(s.sandboxID)
                try? await context.runtime.removeSandbox(s.sandboxID)
            }
        } catch {
            logger.warning("cannot remove the pod's containers", metadata: ["error": "\(error)"])
        }
        if let pod { context.files.removePod(pod) }
    }
}
