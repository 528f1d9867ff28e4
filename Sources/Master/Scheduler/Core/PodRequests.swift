import Resources

/// A pod's resource requests as kube-scheduler computes them (`resourcehelper.PodRequests`):
/// the sum of the containers, plus the restartable (sidecar) init containers, raised to the
/// largest single init container (each counted on top of the sidecars started before it), plus
/// `spec.overhead`.
public enum PodRequests {
    /// `nonMissing` fills a container's *missing* cpu or memory request with the scoring
    /// defaults (``NonZeroDefaults``), as `NonMissingContainerRequests` does.
    public static func compute(spec: JSON?, nonMissing: Bool) -> ResourceAmounts {
        func requests(_ container: JSON) -> ResourceAmounts {
            let list = container["resources"]?["requests"]
            var r = ResourceAmounts(list: list)
            if nonMissing {
                if list?["cpu"] == nil { r.milliCPU = NonZeroDefaults.milliCPU }
                if list?["memory"] == nil { r.memory = NonZeroDefaults.memory }
            }
            return r
        }
        var total = ResourceAmounts.zero
        for c in spec?["containers"]?.array ?? [] { total += requests(c) }
        var sidecars = ResourceAmounts.zero
        var initMax = ResourceAmounts.zero
        for c in spec?["initContainers"]?.array ?? [] {
            let r = requests(c)
            if c["restartPolicy"]?.string == "Always" {
                total += r
                sidecars += r
                initMax = initMax.maximum(sidecars)
            } else {
                initMax = initMax.maximum(r + sidecars)
            }
        }
        total = total.maximum(initMax)
        total += ResourceAmounts(list: spec?["overhead"])
        return total
    }
}
