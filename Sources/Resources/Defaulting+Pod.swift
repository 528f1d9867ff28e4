/// Pod and pod-template defaults: `SetDefaults_Pod`, `SetDefaults_PodSpec`, `SetDefaults_Container`,
/// probes, handlers, volumes and downward-API selectors of core/v1.
extension Defaulting {
    static func pod(_ pod: inout JSON) {
        pod.update("spec", create: true) { spec in
            podSpec(&spec)
            // SetDefaults_Pod only (not templates): requests default to limits, service links on.
            spec.updateEach("containers", requestsFromLimits)
            spec.updateEach("initContainers", requestsFromLimits)
            spec.setDefault("enableServiceLinks", true)
            if spec["hostNetwork"]?.bool == true {
                for list in ["containers", "initContainers"] {
                    spec.updateEach(list) { c in c.updateEach("ports") { p in
                        if (p["hostPort"]?.int ?? 0) == 0, let port = p["containerPort"] { p["hostPort"] = port }
                    } }
                }
            }
            // The Priority admission plugin, with no default PriorityClass.
            if spec.isUnset("priorityClassName") { spec.setDefault("priority", 0) }
            spec.setDefault("preemptionPolicy", "PreemptLowerPriority")
        }
    }

    /// The defaults of a pod template's `spec.template`, and of a Pod's spec.
    static func podTemplate(_ template: inout JSON) {
        template.update("spec", create: true, podSpec)
    }

    static func podSpec(_ spec: inout JSON) {
        spec.setDefault("dnsPolicy", "ClusterFirst")
        spec.setDefault("restartPolicy", "Always")
        spec.setDefault("securityContext", .emptyObject)
        spec.setDefault("terminationGracePeriodSeconds", 30)
        spec.setDefault("schedulerName", "default-scheduler")
        spec.updateEach("containers", container)
        spec.updateEach("initContainers", container)
        spec.updateEach("ephemeralContainers", container)
        spec.updateEach("volumes", volume)
    }

    static func container(_ c: inout JSON) {
        if c.isUnset("imagePullPolicy") {
            c["imagePullPolicy"] = imageTag(c["image"]?.string ?? "") == "latest" ? "Always" : "IfNotPresent"
        }
        c.setDefault("terminationMessagePath", "/dev/termination-log")
        c.setDefault("terminationMessagePolicy", "File")
        c.updateEach("ports") { $0.setDefault("protocol", "TCP") }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            c.update(probe) { p in
                p.setDefault("timeoutSeconds", 1)
                p.setDefault("periodSeconds", 10)
                p.setDefault("successThreshold", 1)
                p.setDefault("failureThreshold", 3)
                handler(&p)
            }
        }
        c.update("lifecycle") { l in
            l.update("postStart", handler)
            l.update("preStop", handler)
        }
        c.updateEach("env") { e in e.update("valueFrom") { v in v.update("fieldRef", fieldSelector) } }
    }

    /// `httpGet` path `/` and scheme `HTTP`; `grpc` service `""`.
    static func handler(_ h: inout JSON) {
        h.update("httpGet") { g in
            g.setDefault("path", "/")
            g.setDefault("scheme", "HTTP")
        }
        h.update("grpc") { g in if g["service"] == nil || g["service"]!.isNull { g["service"] = "" } }
    }

    static func fieldSelector(_ f: inout JSON) { f.setDefault("apiVersion", "v1") }

    static func requestsFromLimits(_ c: inout JSON) {
        guard let limits = c["resources"]["limits"]?.object, !limits.isEmpty else { return }
        c.update("resources") { r in
            r.update("requests", create: true) { requests in
                for (name, value) in limits where requests[name] == nil { requests[name] = value }
            }
        }
    }

    /// A volume with no source is an `emptyDir`; file modes default to 0644.
    static func volume(_ v: inout JSON) {
        guard let members = v.object else { return }
        if !members.keys.contains(where: { $0 != "name" && !(members[$0]?.isNull ?? true) }) {
            v["emptyDir"] = .emptyObject
        }
        for source in ["secret", "configMap", "downwardAPI", "projected"] {
            v.update(source) { $0.setDefault("defaultMode", 420) }
        }
        v.update("downwardAPI") { d in d.updateEach("items") { i in i.update("fieldRef", fieldSelector) } }
        v.update("projected") { p in
            p.updateEach("sources") { s in
                s.update("serviceAccountToken") { $0.setDefault("expirationSeconds", 3600) }
                s.update("downwardAPI") { d in d.updateEach("items") { i in i.update("fieldRef", fieldSelector) } }
            }
        }
        v.update("hostPath") { h in if h["type"] == nil || h["type"]!.isNull { h["type"] = "" } }
    }

    /// The tag of an image reference as `parsers.ParseImageName` gives it: `latest` when
    /// there is neither tag nor digest, `""` for a digest without tag.
    static func imageTag(_ image: String) -> String {
        guard !image.isEmpty else { return "" }
        var name = Substring(image)
        var hasDigest = false
        if let at = name.firstIndex(of: "@") {
            name = name[..<at]
            hasDigest = true
        }
        let lastPart = name.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        if let colon = lastPart.lastIndex(of: ":") { return String(lastPart[lastPart.index(after: colon)...]) }
        return hasDigest ? "" : "latest"
    }
}
