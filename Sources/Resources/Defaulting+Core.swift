/// Defaults of the core/v1 kinds other than pods and workloads, and of EndpointSlice.
extension Defaulting {
    /// `SetDefaults_Service`, plus the single-stack IPv4 families the Service REST storage sets
    /// for every type but ExternalName.
    static func service(_ svc: inout JSON) {
        svc.update("spec", create: true) { spec in
            spec.setDefault("sessionAffinity", "None")
            if spec["sessionAffinity"]?.string == "ClientIP" {
                spec.update("sessionAffinityConfig", create: true) { config in
                    config.update("clientIP", create: true) { $0.setDefault("timeoutSeconds", 10800) }
                }
            }
            spec.setDefault("type", "ClusterIP")
            spec.updateEach("ports") { port in
                port.setDefault("protocol", "TCP")
                let target = port["targetPort"]
                if target == nil || target!.isNull || target == 0 || target == "" {
                    if let number = port["port"] { port["targetPort"] = number }
                }
            }
            let type = spec["type"]?.string ?? ""
            if type == "NodePort" || type == "LoadBalancer" { spec.setDefault("externalTrafficPolicy", "Cluster") }
            if type == "ClusterIP" || type == "NodePort" || type == "LoadBalancer" {
                spec.setDefault("internalTrafficPolicy", "Cluster")
                spec.setDefault("ipFamilyPolicy", "SingleStack")
                if spec["ipFamilies"]?.array?.isEmpty ?? true { spec["ipFamilies"] = ["IPv4"] }
            }
            if type == "LoadBalancer" { spec.setDefault("allocateLoadBalancerNodePorts", true) }
        }
    }

    /// The `kubernetes.io/metadata.name` label (`SetDefaults_Namespace`), the `kubernetes`
    /// finalizer (the namespace strategy) and phase `Active`.
    static func namespace(_ ns: inout JSON) {
        if let name = ns["metadata"]["name"]?.string, !name.isEmpty {
            ns.update("metadata", create: true) { meta in
                meta.update("labels", create: true) { $0["kubernetes.io/metadata.name"] = .string(name) }
            }
        }
        ns.update("spec", create: true) { spec in
            if spec["finalizers"]?.array?.isEmpty ?? true { spec["finalizers"] = ["kubernetes"] }
        }
        ns.update("status", create: true) { $0.setDefault("phase", "Active") }
    }

    static func persistentVolume(_ pv: inout JSON) {
        pv.update("spec", create: true) { spec in
            spec.setDefault("persistentVolumeReclaimPolicy", "Retain")
            spec.setDefault("volumeMode", "Filesystem")
        }
        pv.update("status", create: true) { $0.setDefault("phase", "Pending") }
    }

    static func persistentVolumeClaim(_ pvc: inout JSON) {
        pvc.update("spec", create: true) { $0.setDefault("volumeMode", "Filesystem") }
        pvc.update("status", create: true) { $0.setDefault("phase", "Pending") }
    }

    /// `podCIDRs` and `podCIDR` agree (core/v1 conversion: a lone `podCIDR` becomes
    /// `podCIDRs: [it]`, and `podCIDR` is always `podCIDRs[0]`); allocatable defaults to capacity.
    static func node(_ node: inout JSON) {
        node.update("spec") { spec in
            if spec["podCIDRs"] == nil || spec["podCIDRs"]!.isNull, let cidr = spec["podCIDR"]?.string, !cidr.isEmpty {
                spec["podCIDRs"] = [.string(cidr)]
            }
            if let first = spec["podCIDRs"]?.array?.first { spec["podCIDR"] = first }
        }
        guard let capacity = node["status"]["capacity"], capacity.object != nil else { return }
        node.update("status") { $0.setDefault("allocatable", capacity) }
    }

    static func endpoints(_ ep: inout JSON) {
        ep.updateEach("subsets") { subset in subset.updateEach("ports") { $0.setDefault("protocol", "TCP") } }
    }

    static func endpointSlice(_ slice: inout JSON) {
        slice.updateEach("ports") { port in
            port.setDefault("protocol", "TCP")
            if port["name"] == nil || port["name"]!.isNull { port["name"] = "" }
        }
    }
}
