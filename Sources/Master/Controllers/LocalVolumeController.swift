import Client
import Foundation
import Resources

/// The local volume provisioner and binder (``LocalVolumeReconciler``): claims get volumes
/// under `$SKIFF_HOME/volumes/`, volumes whose claim is gone are deleted with their directory.
/// Keys are claims (`namespace/name`) and volumes (namespace `""`, cluster-scoped).
public struct LocalVolumeController: Controller {
    public static let name = "localvolume"
    public static let resources: [ResourceKind] = [.persistentVolumeClaims, .persistentVolumes]
    static let component = "persistentvolume-controller"

    let context: ControllerContext
    let root: String
    public init(context: ControllerContext) {
        self.context = context
        let home = ProcessInfo.processInfo.environment["SKIFF_HOME"] ?? FileManager.default.currentDirectoryPath + "/.skiff"
        self.root = home + "/volumes"
    }
    public var workers: Int { 1 }

    public func keys(for delta: Informer.Delta, of kind: ResourceKind) -> [Informer.Key] {
        switch delta {
        case .added(let o), .modified(_, let o):
            return [Informer.Key(o)]
        case .deleted(let o):
            if kind == .persistentVolumeClaims {  // its volume is released
                return context.cache(.persistentVolumes).list()
                    .filter { $0["spec"]["claimRef"]["uid"]?.string == JobPodFacts.uid(o) }.map { Informer.Key($0) }
            }
            return []
        case .synced: return []
        }
    }

    public func sync(_ key: Informer.Key) async throws -> SyncResult {
        let applier = context.applier
        if key.namespace.isEmpty {
            guard let volume = context.cache(.persistentVolumes).get(key) else { return .done }
            let uids = Set(context.cache(.persistentVolumeClaims).list().map(JobPodFacts.uid))
            let plan = LocalVolumeReconciler.release(volume: volume, claimUIDs: uids)
            if let name = plan.deleteVolume {
                try await applier.apply(.delete(.persistentVolumes, namespace: nil, name: name, uid: JobPodFacts.uid(volume)), component: Self.component)
                if let dir = plan.removeDirectory, dir.hasPrefix(root + "/") { try? FileManager.default.removeItem(atPath: dir) }
            }
            if let status = plan.volumeStatus {
                var v = volume
                v["status"] = status
                try await applier.apply(.updateStatus(.persistentVolumes, object: v), component: Self.component)
            }
            return .done
        }
        guard let claim = context.cache(.persistentVolumeClaims).get(key) else { return .done }
        let plan = LocalVolumeReconciler.reconcile(claim: claim, volumes: context.cache(.persistentVolumes).list(), root: root)
        if let dir = plan.makeDirectory { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        var volume: JSON?
        if let create = plan.createVolume {
            do { volume = try await applier.apply(.create(.persistentVolumes, namespace: nil, object: create), component: Self.component) }
            catch { if error.code != 409 { throw error } }
        }
        if let status = plan.volumeStatus {
            let name = claim["spec"]["volumeName"]?.string ?? plan.createVolume.map(JobPodFacts.name) ?? "pvc-\(JobPodFacts.uid(claim))"
            var v: JSON
            if let known = volume ?? context.cache(.persistentVolumes).get(Informer.Key(name: name)) {
                v = known
            } else {
                v = try await context.client.call(APIRequest(.get, resource: "persistentvolumes", name: name)).object()
            }
            v["status"] = status
            try await applier.apply(.updateStatus(.persistentVolumes, object: v), component: Self.component)
        }
        var current = claim
        if let bind = plan.bindClaim {
            current = try await applier.apply(.update(.persistentVolumeClaims, object: bind), component: Self.component) ?? bind
        }
        if let status = plan.claimStatus {
            current["status"] = status
            try await applier.apply(.updateStatus(.persistentVolumeClaims, object: current), component: Self.component)
        }
        for e in plan.events { _ = try? await applier.apply(.event(e.recorded, about: claim, kind: .persistentVolumeClaims), component: Self.component) }
        return .done
    }
}
