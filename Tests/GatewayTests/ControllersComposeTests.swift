import Foundation
import SkiffTestSupport
import Testing

/// The controllers end to end (issue 6): the default compose cluster (every service, two nodes,
/// a third added while it runs) with a shortened node grace period and eviction time, driven by
/// the real kubectl. Pods are real processes (`sh -c`, `sleep`) under the process runtime; they
/// share the node's network, so none listens on a fixed port.
@Suite(.serialized) struct ControllersComposeTests {
    static let grace = 25  // seconds without a Lease renewal (the kubelet renews every 10 s)
    static let eviction = 5  // seconds an unreachable node's pods stay

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestCluster.kubectlPath)),
          .timeLimit(.minutes(20)))
    func workloadsOnAComposeCluster() async throws {
        try await ComposeCluster.session(environment: ["SKIFF_NODE_GRACE": "\(Self.grace)s", "SKIFF_EVICTION_SECONDS": "\(Self.eviction)"]) { cluster in
            // The CronJob runs in the background of the other checks and is looked at last.
            let cron = try await cluster.checked("a CronJob is created") { try await createCronJob($0) }
            try await cluster.check("a rolling update that rollout status follows and rollout undo reverts") { try await rollout($0) }
            try await cluster.check("a DaemonSet on both nodes, then on a third added to the running project") { try await daemonSet($0) }
            try await cluster.check("a Job of 4 completions, 2 at a time, retrying a failed pod") { try await job($0) }
            try await cluster.check("a StatefulSet of 3 in order; web-1 comes back as web-1 with its claim") { try await statefulSet($0) }
            try await cluster.check("cascading deletion: background, foreground, orphan") { try await cascade($0) }
            if let cron {
                try await cluster.check("the CronJob fires on its first minute and Forbid keeps one Job") { try await cronJobForbids($0, cron) }
            }
            try await cluster.check("a SIGKILLed kubelet's pods are rescheduled") { try await lostNode($0) }
        }
    }

    // MARK: - Checks

    /// `kubectl set image` rolls the Deployment over; `rollout status` follows it to the end;
    /// `rollout undo` brings revision 1's image back on every pod.
    func rollout(_ c: ComposeCluster) async throws {
        try await c.apply(deployment("roll", replicas: 3, image: "busybox:1", command: #"[sleep, "3601"]"#,
                                     strategy: "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 1}}"))
        let first = try await c.kubectl(["rollout", "status", "deployment/roll", "--timeout=120s"])
        #expect(first.status == 0 && first.stdout.contains("successfully rolled out"), "\(first.stdout)\(first.stderr)")
        #expect(try await c.images("app=roll") == ["busybox:1", "busybox:1", "busybox:1"])

        try await c.kubectlOK(["set", "image", "deployment/roll", "main=busybox:2"])
        let second = try await c.kubectl(["rollout", "status", "deployment/roll", "--timeout=120s"])
        #expect(second.status == 0 && second.stdout.contains("successfully rolled out"), "\(second.stdout)\(second.stderr)")
        // rollout status waited for the old pods' replacement, not for their deletion.
        try await c.poll(.seconds(90), "three busybox:2 pods") { try await c.images("app=roll") == ["busybox:2", "busybox:2", "busybox:2"] }
        let history = try await c.kubectlOK(["rollout", "history", "deployment/roll"])
        #expect(history.contains("1 ") && history.contains("2 "), "\(history)")

        try await c.kubectlOK(["rollout", "undo", "deployment/roll"])
        let third = try await c.kubectl(["rollout", "status", "deployment/roll", "--timeout=120s"])
        #expect(third.status == 0 && third.stdout.contains("successfully rolled out"), "\(third.stdout)\(third.stderr)")
        try await c.poll(.seconds(90), "three busybox:1 pods again") { try await c.images("app=roll") == ["busybox:1", "busybox:1", "busybox:1"] }
        // The undo is revision 3, made from revision 1's ReplicaSet.
        let revision = try await c.kubectlOK(["get", "deployment", "roll", "-o",
                                              #"jsonpath={.metadata.annotations.deployment\.kubernetes\.io/revision}"#])
        #expect(revision == "3")
        let running = try await c.pods("app=roll").filter { $0.phase == "Running" }
        #expect(running.count == 3)
        try await c.kubectlOK(["delete", "deployment", "roll", "--wait=false"])
    }

    /// One pod per node; `compose up --scale node=3` on the running project starts node-3, and
    /// the DaemonSet follows it there.
    func daemonSet(_ c: ComposeCluster) async throws {
        try await c.apply("""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: every}
            spec:
              selector: {matchLabels: {app: every}}
              template:
                metadata: {labels: {app: every}}
                spec:
                  containers:
                  - {name: main, image: busybox, command: [sleep, "3602"]}
            """)
        try await c.poll(.seconds(90), "daemon pods Running on node-1 and node-2") {
            let pods = try await c.pods("app=every").filter { $0.phase == "Running" }
            return pods.map(\.node).sorted() == ["node-1", "node-2"]
        }
        let storeBefore = try await c.service("store")
        let kubeletBefore = try await c.service("node-1.kubelet")
        let scaled = try await c.compose(["up", "-d", "--wait", "--scale", "node=3"], timeout: .seconds(180))
        #expect(scaled.status == 0, "scale: \(scaled.stderr)")
        let after = try await c.service("node-3.kubelet")
        #expect(after.health == "healthy")
        // The services that were running kept their processes.
        #expect(try await c.service("store").pid == storeBefore.pid)
        #expect(try await c.service("node-1.kubelet").pid == kubeletBefore.pid)
        try await c.poll(.seconds(90), "node-3 Ready") {
            try await c.kubectlOK(["get", "node", "node-3", "-o", #"jsonpath={.status.conditions[?(@.type=="Ready")].status}"#]) == "True"
        }
        try await c.poll(.seconds(90), "a daemon pod Running on node-3") {
            let pods = try await c.pods("app=every").filter { $0.phase == "Running" }
            return pods.map(\.node).sorted() == ["node-1", "node-2", "node-3"]
        }
        let ds = try await c.kubectlOK(["get", "daemonset", "every", "-o",
                                        "jsonpath={.status.desiredNumberScheduled} {.status.currentNumberScheduled} {.status.numberReady}"])
        #expect(ds == "3 3 3")
        // The new node got a pod CIDR of its own.
        let cidrs = try await c.kubectlOK(["get", "nodes", "-o", #"jsonpath={range .items[*]}{.spec.podCIDR}{"\n"}{end}"#])
            .split(separator: "\n").map(String.init)
        #expect(cidrs.count == 3 && Set(cidrs).count == 3 && cidrs.allSatisfy { $0.hasPrefix("10.244.") }, "\(cidrs)")
        try await c.kubectlOK(["delete", "daemonset", "every", "--wait=false"])
    }

    /// completions 4, parallelism 2, restartPolicy Never: the first pod to run fails (the marker
    /// directory does not exist yet; it makes it), a new pod replaces it, and the Job completes
    /// with 4 succeeded and 1 failed.
    func job(_ c: ComposeCluster) async throws {
        let marker = c.home + "/job-marker"
        try await c.apply("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: flaky}
            spec:
              completions: 4
              parallelism: 2
              backoffLimit: 3
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: main
                    image: busybox
                    command: [sh, -c, "if mkdir \(marker) 2>/dev/null; then exit 1; fi; sleep 1"]
            """)
        try await c.poll(.seconds(150), "the Job Complete") {
            try await c.kubectlOK(["get", "job", "flaky", "-o", #"jsonpath={.status.conditions[?(@.type=="Complete")].status}"#]) == "True"
        }
        let counts = try await c.kubectlOK(["get", "job", "flaky", "-o", "jsonpath={.status.succeeded} {.status.failed}"])
        #expect(counts == "4 1")
        let pods = try await c.pods("job-name=flaky")
        #expect(pods.filter { $0.phase == "Succeeded" }.count == 4)
        #expect(pods.filter { $0.phase == "Failed" }.count == 1)
        #expect(FileManager.default.fileExists(atPath: marker))
        try await c.kubectlOK(["delete", "job", "flaky", "--wait=false"])
    }

    /// web-0, web-1, web-2 each created once the one before is Ready, each with its own claim;
    /// a deleted web-1 comes back under the same name with the same claim.
    func statefulSet(_ c: ComposeCluster) async throws {
        try await c.apply("""
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              clusterIP: None
              selector: {app: web}
              ports: [{port: 80}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: web}
            spec:
              serviceName: web
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - {name: main, image: busybox, command: [sleep, "3603"]}
              volumeClaimTemplates:
              - metadata: {name: www}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Mi}}}
            """)
        try await c.poll(.seconds(150), "web-0, web-1, web-2 Ready") {
            try await c.kubectlOK(["get", "statefulset", "web", "-o", "jsonpath={.status.readyReplicas}"]) == "3"
        }
        let pods = try await c.pods("app=web").sorted { $0.name < $1.name }
        #expect(pods.map(\.name) == ["web-0", "web-1", "web-2"])
        // OrderedReady: each pod was created no earlier than the one before became Ready.
        for (previous, next) in zip(pods, pods.dropFirst()) {
            #expect(!previous.readySince.isEmpty && previous.readySince <= next.created,
                    "\(next.name) created at \(next.created), \(previous.name) Ready at \(previous.readySince)")
        }
        let creations = try await c.kubectlOK(["get", "events", "--field-selector", "involvedObject.name=web,reason=SuccessfulCreate",
                                               "-o", #"jsonpath={range .items[*]}{.message}{"\n"}{end}"#])
        for name in ["web-0", "web-1", "web-2"] { #expect(creations.contains("Pod \(name)"), "\(creations)") }
        let claims = try await c.kubectlOK(["get", "pvc", "-o", #"jsonpath={range .items[*]}{.metadata.name} {.status.phase}{"\n"}{end}"#])
        for name in ["www-web-0", "www-web-1", "www-web-2"] { #expect(claims.contains("\(name) Bound"), "\(claims)") }
        let claimUID = try await c.kubectlOK(["get", "pvc", "www-web-1", "-o", "jsonpath={.metadata.uid}"])
        let oldUID = pods[1].uid

        try await c.kubectlOK(["delete", "pod", "web-1"])
        try await c.poll(.seconds(120), "web-1 back and Running") {
            let again = try await c.pods("app=web").first { $0.name == "web-1" }
            return again != nil && again!.uid != oldUID && again!.phase == "Running"
        }
        #expect(try await c.kubectlOK(["get", "pod", "web-1", "-o", "jsonpath={.spec.volumes[?(@.name==\"www\")].persistentVolumeClaim.claimName}"])
                == "www-web-1")
        #expect(try await c.kubectlOK(["get", "pvc", "www-web-1", "-o", "jsonpath={.metadata.uid}"]) == claimUID)
        #expect(try await c.kubectlOK(["get", "pod", "web-1", "-o", "jsonpath={.spec.hostname}.{.spec.subdomain}"]) == "web-1.web")
        try await c.kubectlOK(["delete", "statefulset", "web", "--wait=false"])
    }

    /// Three Deployments of two pods, deleted with each propagation policy.
    func cascade(_ c: ComposeCluster) async throws {
        for name in ["cas-bg", "cas-fg", "cas-or"] {
            try await c.apply(deployment(name, replicas: 2, image: "busybox", command: #"[sleep, "3604"]"#))
        }
        for name in ["cas-bg", "cas-fg", "cas-or"] {
            try await c.poll(.seconds(120), "\(name)'s pods Running") {
                try await c.pods("app=\(name)").filter { $0.phase == "Running" }.count == 2
            }
        }
        func replicaSets(_ app: String) async throws -> [String] {
            try await c.kubectlOK(["get", "rs", "-l", "app=\(app)", "-o", #"jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}"#])
                .split(separator: "\n").map(String.init)
        }

        // Background: the Deployment goes at once; the garbage collector removes the rest.
        try await c.kubectlOK(["delete", "deployment", "cas-bg", "--cascade=background"])
        try await c.poll(.seconds(90), "cas-bg's ReplicaSet and pods gone") {
            let sets = try await replicaSets("cas-bg"), pods = try await c.pods("app=cas-bg")
            return sets.isEmpty && pods.isEmpty
        }

        // Foreground: kubectl waits for the Deployment, which goes only after its dependents.
        let fg = try await c.kubectl(["delete", "deployment", "cas-fg", "--cascade=foreground", "--timeout=120s"])
        #expect(fg.status == 0, "\(fg.stderr)")
        #expect(try await replicaSets("cas-fg").isEmpty)
        #expect(try await c.pods("app=cas-fg").allSatisfy { $0.terminating }, "cas-fg pods left after the Deployment went")
        try await c.poll(.seconds(90), "cas-fg's pods gone") { try await c.pods("app=cas-fg").isEmpty }

        // Orphan: the ReplicaSet and its pods stay, without an owner.
        let rs = try await replicaSets("cas-or")
        #expect(rs.count == 1)
        try await c.kubectlOK(["delete", "deployment", "cas-or", "--cascade=orphan"])
        try await c.poll(.seconds(90), "cas-or's ReplicaSet orphaned") {
            try await c.kubectlOK(["get", "rs", rs.first ?? "", "-o", "jsonpath={.metadata.ownerReferences}"]).isEmpty
        }
        #expect(try await c.kubectl(["get", "deployment", "cas-or"]).status != 0)
        let kept = try await c.pods("app=cas-or")
        #expect(kept.count == 2 && kept.allSatisfy { $0.phase == "Running" && !$0.terminating })
        try await c.kubectlOK(["delete", "rs", rs.first ?? "", "--wait=false"])
    }

    /// `* * * * *`, Forbid, each Job's pod running for minutes: made at the start.
    func createCronJob(_ c: ComposeCluster) async throws -> String {
        try await c.apply("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: tick}
            spec:
              schedule: "* * * * *"
              concurrencyPolicy: Forbid
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: main, image: busybox, command: [sleep, "600"]}
            """)
        return try await c.kubectlOK(["get", "cronjob", "tick", "-o", "jsonpath={.metadata.creationTimestamp}"])
    }

    /// The first Job is for the first minute after the CronJob was made; once the next minute has
    /// passed while it runs, Forbid has skipped it (JobAlreadyActive) and there is still one Job.
    func cronJobForbids(_ c: ComposeCluster, _ created: String) async throws {
        guard let made = Self.date(created) else { throw StepFailure(description: "creationTimestamp \(created)") }
        let firstMinute = (Int(made.timeIntervalSince1970) / 60 + 1) * 60
        try await c.poll(.seconds(120), "the first Job") { try await !jobNames(c).isEmpty }
        #expect(try await jobNames(c) == ["tick-\(firstMinute / 60)"])
        #expect(try await c.kubectlOK(["get", "cronjob", "tick", "-o", "jsonpath={.status.lastScheduleTime}"])
                == Self.stamp(firstMinute))
        // The next schedule time passes while the first Job still runs.
        try await c.poll(.seconds(150), "the JobAlreadyActive event") {
            let reasons = try await c.kubectlOK(["get", "events", "--field-selector", "involvedObject.name=tick",
                                                 "-o", #"jsonpath={range .items[*]}{.reason}{"\n"}{end}"#])
            return reasons.contains("JobAlreadyActive")
        }
        #expect(try await jobNames(c) == ["tick-\(firstMinute / 60)"])
        let active = try await c.kubectlOK(["get", "cronjob", "tick", "-o", #"jsonpath={range .status.active[*]}{.name}{"\n"}{end}"#])
        #expect(active.split(separator: "\n") == ["tick-\(firstMinute / 60)"])
        try await c.kubectlOK(["delete", "cronjob", "tick", "--wait=false"])
    }

    func jobNames(_ c: ComposeCluster) async throws -> [String] {
        try await c.kubectlOK(["get", "jobs", "-o", #"jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}"#])
            .split(separator: "\n").map(String.init).filter { $0.hasPrefix("tick-") }
    }

    /// SIGKILL one node's kubelet and keep it down (`compose kill`): after the grace period the
    /// node is Unknown and tainted, after the eviction time its pods are deleted and the
    /// Deployment's replacements run on the other nodes. The kubelet comes back at the end.
    func lostNode(_ c: ComposeCluster) async throws {
        try await c.apply(deployment("survivor", replicas: 3, image: "busybox", command: #"[sleep, "3605"]"#))
        try await c.poll(.seconds(120), "survivor's pods Running") {
            try await c.pods("app=survivor").filter { $0.phase == "Running" }.count == 3
        }
        let victim = try await c.pods("app=survivor")[0].node
        let onVictim = try await c.pods("app=survivor").filter { $0.node == victim }.map(\.name)
        let kubelet = try await c.service("\(victim).kubelet")
        let killed = try await c.compose(["kill", "-s", "KILL", "\(victim).kubelet"])
        #expect(killed.status == 0, "\(killed.stderr)")
        #expect(kill(kubelet.pid, 0) != 0, "the kubelet still runs")

        try await c.poll(.seconds(120), "\(victim) Unknown and tainted unreachable") {
            let node = try await c.kubectlOK(["get", "node", victim, "-o",
                                              #"jsonpath={.status.conditions[?(@.type=="Ready")].status} {.spec.taints[*].key}"#])
            return node.hasPrefix("Unknown ") && node.contains("node.kubernetes.io/unreachable")
        }
        try await c.poll(.seconds(120), "three survivor pods Running elsewhere") {
            let live = try await c.pods("app=survivor").filter { !$0.terminating }
            return live.count == 3 && live.allSatisfy { $0.node != victim && $0.phase == "Running" }
        }
        for name in onVictim {
            let reasons = try await c.kubectlOK(["get", "events", "--field-selector", "involvedObject.name=\(name)",
                                                 "-o", #"jsonpath={range .items[*]}{.reason}{"\n"}{end}"#])
            #expect(reasons.contains("TaintManagerEviction"), "\(name): \(reasons)")
        }
        // The kubelet comes back: the node is Ready and untainted again.
        let restarted = try await c.compose(["restart", "\(victim).kubelet"])
        #expect(restarted.status == 0, "\(restarted.stderr)")
        try await c.poll(.seconds(120), "\(victim) Ready again") {
            let node = try await c.kubectlOK(["get", "node", victim, "-o",
                                              #"jsonpath={.status.conditions[?(@.type=="Ready")].status} {.spec.taints[*].key}"#])
            return node.trimmingCharacters(in: .whitespaces) == "True"
        }
        try await c.kubectlOK(["delete", "deployment", "survivor", "--wait=false"])
    }

    // MARK: - Manifests and helpers

    func deployment(_ name: String, replicas: Int, image: String, command: String, strategy: String = "{type: RollingUpdate}") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name)}
        spec:
          replicas: \(replicas)
          strategy: \(strategy)
          selector: {matchLabels: {app: \(name)}}
          template:
            metadata: {labels: {app: \(name)}}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - {name: main, image: "\(image)", command: \(command)}
        """
    }

    static func date(_ stamp: String) -> Date? {
        let f = ISO8601DateFormatter()
        return f.date(from: stamp)
    }

    static func stamp(_ seconds: Int) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

/// A pod as the checks see it (from `kubectl get pods -o json`).
struct PodFacts {
    var name: String
    var uid: String
    var node: String
    var phase: String
    var image: String
    var terminating: Bool
    var created: String
    /// The Ready condition's lastTransitionTime when Ready is True, else "".
    var readySince: String
}

extension ComposeCluster {
    func apply(_ manifest: String) async throws {
        let path = home + "/manifest-\(UInt32.random(in: 0...UInt32.max)).yaml"
        try manifest.write(toFile: path, atomically: true, encoding: .utf8)
        try await kubectlOK(["apply", "-f", path])
    }

    /// The pods matching a label selector.
    func pods(_ selector: String) async throws -> [PodFacts] {
        let text = try await kubectlOK(["get", "pods", "-l", selector, "-o", "json"])
        let list = (try JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        return (list["items"] as? [[String: Any]] ?? []).map { pod in
            let metadata = pod["metadata"] as? [String: Any] ?? [:]
            let spec = pod["spec"] as? [String: Any] ?? [:]
            let status = pod["status"] as? [String: Any] ?? [:]
            let containers = spec["containers"] as? [[String: Any]] ?? []
            let ready = (status["conditions"] as? [[String: Any]] ?? []).first { $0["type"] as? String == "Ready" }
            return PodFacts(name: metadata["name"] as? String ?? "", uid: metadata["uid"] as? String ?? "",
                            node: spec["nodeName"] as? String ?? "", phase: status["phase"] as? String ?? "",
                            image: containers.first?["image"] as? String ?? "",
                            terminating: metadata["deletionTimestamp"] != nil,
                            created: metadata["creationTimestamp"] as? String ?? "",
                            readySince: ready?["status"] as? String == "True" ? ready?["lastTransitionTime"] as? String ?? "" : "")
        }
    }

    /// The images of the pods that are not being deleted, sorted.
    func images(_ selector: String) async throws -> [String] {
        try await pods(selector).filter { !$0.terminating }.map(\.image).sorted()
    }

    /// Runs one check that gives a value; its failure is recorded (nil) and the next check still runs.
    func checked<T>(_ name: String, _ body: (ComposeCluster) async throws -> T) async throws -> T? {
        do {
            return try await body(self)
        } catch {
            Issue.record("\(name): \(error)")
            return nil
        }
    }
}
