import Foundation
import Resources

/// The kubelet's files for a pod under its root: `pods/<namespace>_<name>_<uid>/` holds
/// `logs/<container>/<attempt>.log` (written by the runtime) and `volumes/<volume>/`
/// (emptyDir, and the files of configMap and secret volumes).
struct PodFiles: Sendable {
    let root: String

    func podDirectory(_ pod: PodModel) -> String { "\(root)/pods/\(pod.namespace)_\(pod.name)_\(pod.uid)" }
    func logDirectory(_ pod: PodModel) -> String { podDirectory(pod) + "/logs" }
    func logPath(_ pod: PodModel, container: String, attempt: Int) -> String {
        "\(logDirectory(pod))/\(container)/\(attempt).log"
    }
    func volumeDirectory(_ pod: PodModel, _ volume: String) -> String { podDirectory(pod) + "/volumes/" + volume }

    /// Prepares the pod's volumes and returns each volume's host directory by name. ConfigMap and
    /// Secret volumes get one file per key (`items` select and rename keys).
    /// PersistentVolumeClaim volumes use their bound volume's directory (`claims`: claim name →
    /// the PersistentVolume's `hostPath`/`local` path).
    func prepareVolumes(_ pod: PodModel, configMaps: [String: JSON], secrets: [String: JSON],
                        claims: [String: String] = [:]) throws(ConfigurationError) -> [String: String] {
        var paths: [String: String] = [:]
        let fm = FileManager.default
        for v in pod.object["spec"]?["volumes"]?.array ?? [] {
            guard let name = v["name"]?.string else { continue }
            if let claim = v["persistentVolumeClaim"]?["claimName"]?.string {
                guard let path = claims[claim] else {
                    throw ConfigurationError(message: "persistentvolumeclaim \"\(claim)\" is not bound to a volume with a local path")
                }
                try? fm.createDirectory(atPath: path, withIntermediateDirectories: true)
                paths[name] = path
                continue
            }
            if let hostPath = v["hostPath"]?["path"]?.string {
                let type = v["hostPath"]?["type"]?.string ?? ""
                if type == "DirectoryOrCreate" { try? fm.createDirectory(atPath: hostPath, withIntermediateDirectories: true) }
                paths[name] = hostPath
                continue
            }
            let dir = volumeDirectory(pod, name)
            try? fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            paths[name] = dir
            var files: [(String, String)] = []
            if let ref = v["configMap"], !ref.isNull {
                let source = ref["name"]?.string ?? ""
                guard let cm = configMaps[source] else {
                    if ref["optional"]?.bool == true { continue }
                    throw ConfigurationError(message: "configmap \"\(source)\" not found")
                }
                files = Self.select(EnvResolver.data(cm, secret: false), items: ref["items"]?.array)
            } else if let ref = v["secret"], !ref.isNull {
                let source = ref["secretName"]?.string ?? ""
                guard let s = secrets[source] else {
                    if ref["optional"]?.bool == true { continue }
                    throw ConfigurationError(message: "secret \"\(source)\" not found")
                }
                files = Self.select(EnvResolver.data(s, secret: true), items: ref["items"]?.array)
            }
            for (path, content) in files {
                let file = dir + "/" + path
                try? fm.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try? Data(content.utf8).write(to: URL(fileURLWithPath: file))
            }
        }
        return paths
    }

    static func select(_ data: [(String, String)], items: [JSON]?) -> [(String, String)] {
        guard let items, !items.isEmpty else { return data }
        return items.compactMap { item in
            guard let key = item["key"]?.string, let v = data.first(where: { $0.0 == key }) else { return nil }
            return (item["path"]?.string ?? key, v.1)
        }
    }

    /// The claim names of the pod's PersistentVolumeClaim volumes.
    static func claimReferences(_ pod: PodModel) -> Set<String> {
        Set((pod.object["spec"]?["volumes"]?.array ?? []).compactMap { $0["persistentVolumeClaim"]?["claimName"]?.string })
    }

    /// The ConfigMap and Secret names the pod's volumes use.
    static func volumeReferences(_ pod: PodModel) -> (configMaps: Set<String>, secrets: Set<String>) {
        var cms = Set<String>(), secrets = Set<String>()
        for v in pod.object["spec"]?["volumes"]?.array ?? [] {
            if let n = v["configMap"]?["name"]?.string { cms.insert(n) }
            if let n = v["secret"]?["secretName"]?.string { secrets.insert(n) }
        }
        return (cms, secrets)
    }

    func removePod(_ pod: PodModel) {
        try? FileManager.default.removeItem(atPath: podDirectory(pod))
    }
}
