import Foundation
import SkiffTestSupport
import Testing

/// Services end to end (issue 7): the default compose cluster as root — pods in their own network
/// namespaces, `skiff proxy` on each node, `skiff dns` behind the kube-dns ClusterIP — driven by
/// the real kubectl, `curl` and `dig`.
///
/// The web pods are `python3 -m http.server` serving their own hostname (the pod's name), so
/// every answer says which pod gave it. Their readiness probe GETs `/ready`, a link to a file the
/// pod makes in a hostPath directory named after itself; removing that file on the host is how
/// the test makes one pod fail readiness.
@Suite(.serialized) struct ServicesComposeTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestCluster.kubectlPath) && getuid() == 0,
                   "needs kubectl, and root for pod networks and ClusterIPs"),
          .timeLimit(.minutes(20)))
    func servicesOnAComposeCluster() async throws {
        let base = Int.random(in: 20_000..<44_000)
        try await ComposeCluster.session(base: base) { cluster in
            let s = Services(cluster: cluster, dnsPort: base + 4)
            try await s.deployWeb()
            try await cluster.check("the ClusterIP and the node port reach all three pods") { _ in try await s.spreadAcrossPods() }
            try await cluster.check("dig: ClusterIP, headless A records, SRV, NXDOMAIN") { _ in try await s.names() }
            try await cluster.check("dig: a StatefulSet pod's own name") { _ in try await s.statefulSetPodName() }
            try await cluster.check("a Job's pod resolves and fetches the service by name") { _ in try await s.jobFetchesByName() }
            try await cluster.check("a pod failing readiness leaves the endpoints, the answers and the traffic") { _ in
                try await s.readinessDropOut()
            }
            try await cluster.check("malformed DNS packets: FORMERR or nothing, and the server goes on") { _ in
                try await s.malformedPackets()
            }
        }
    }
}

/// The checks, over one cluster.
private struct Services {
    let cluster: ComposeCluster
    let dnsPort: Int
    var flags: String { cluster.home + "/flags" }

    /// The Deployment `web` (3 pods), the NodePort Service `web` (port 80 → the pods' `http`
    /// port 8080) and the headless Service `web-headless`; returns once all three are Ready.
    func deployWeb() async throws {
        try FileManager.default.createDirectory(atPath: flags, withIntermediateDirectories: true)
        try await cluster.create("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: http
                image: python:3
                command: [sh, -c, 'hostname > /www/index.html && touch /flags/$(hostname) && ln -s /flags/$(hostname) /www/ready && cd /www && exec python3 -m http.server 8080']
                ports: [{name: http, containerPort: 8080}]
                readinessProbe:
                  httpGet: {path: /ready, port: http}
                  periodSeconds: 1
                  failureThreshold: 1
                volumeMounts:
                - {name: www, mountPath: /www}
                - {name: flags, mountPath: /flags}
              volumes:
              - {name: www, emptyDir: {}}
              - {name: flags, hostPath: {path: "\(flags)", type: Directory}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: NodePort
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: http}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-headless}
        spec:
          clusterIP: None
          selector: {app: web}
          ports: [{name: http, port: 8080, targetPort: http}]
        """)
        try await cluster.poll(.seconds(180), "three ready web pods") {
            try await readyEndpoints("web").count == 3
        }
        // Nothing is sent to the ClusterIP before the proxy holds it as a local address (until
        // then the proxy's unreachable route for the service range refuses it — checked too).
        let clusterIP = try await field("web", ".spec.clusterIP")
        let nodePort = try await field("web", ".spec.ports[0].nodePort")
        try await cluster.waitForServiceAddress(clusterIP)
        let fence = try await run("/usr/sbin/ip", ["route", "show", "exact", "10.96.0.0/12"]).stdout
        #expect(fence.hasPrefix("unreachable 10.96.0.0/12"), "the service range is fenced: \(fence)")
        try await cluster.poll(.seconds(90), "the first answers through the ClusterIP and the node port") {
            let viaClusterIP = try await answers("http://\(clusterIP):80/", count: 1).failures
            let viaNodePort = try await answers("http://127.0.0.1:\(nodePort)/", count: 1).failures
            return viaClusterIP == 0 && viaNodePort == 0
        }
    }

    /// Pod name → pod IP of the web pods.
    func webPods() async throws -> [String: String] {
        let out = try await cluster.kubectlOK(["get", "pods", "-l", "app=web", "-o",
                                               #"jsonpath={range .items[*]}{.metadata.name} {.status.podIP}{"\n"}{end}"#])
        var pods: [String: String] = [:]
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            if parts.count == 2 { pods[parts[0]] = parts[1] }
        }
        return pods
    }

    /// The ready addresses of a Service's Endpoints.
    func readyEndpoints(_ service: String) async throws -> [String] {
        let out = try await cluster.kubectlOK(["get", "endpoints", service, "-o", "jsonpath={.subsets[*].addresses[*].ip}"])
        return out.split(separator: " ").map(String.init).sorted()
    }

    func field(_ service: String, _ path: String) async throws -> String {
        try await cluster.kubectlOK(["get", "service", service, "-o", "jsonpath={\(path)}"])
    }

    /// The bodies of `count` GETs of `url` (each a fresh connection); failures are counted, not thrown.
    func answers(_ url: String, count: Int) async throws -> (bodies: [String], failures: Int) {
        var bodies: [String] = []
        var failures = 0
        for _ in 0..<count {
            let r = try await run("/usr/bin/curl", ["-sS", "--max-time", "5", url])
            if r.status == 0 {
                bodies.append(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            } else {
                failures += 1
            }
        }
        return (bodies, failures)
    }

    func dig(_ arguments: [String]) async throws -> String {
        let r = try await run("/usr/bin/dig", ["@127.0.0.1", "-p", "\(dnsPort)", "+time=5", "+tries=2"] + arguments)
        guard r.status == 0 else { throw StepFailure(description: "dig \(arguments) failed (\(r.status)): \(r.stderr)\(r.stdout)") }
        return r.stdout
    }

    func digShort(_ name: String, _ type: String = "A") async throws -> [String] {
        try await dig(["+short", name, type]).split(separator: "\n").map(String.init).sorted()
    }

    func spreadAcrossPods() async throws {
        let pods = try await webPods()
        #expect(pods.count == 3 && Set(pods.values).count == 3, "three pods with their own addresses: \(pods)")
        // Pod addresses come from the nodes' pod ranges, not the node's own address.
        #expect(pods.values.allSatisfy { $0.hasPrefix("10.244.") }, "\(pods)")
        let clusterIP = try await field("web", ".spec.clusterIP")
        let nodePort = try await field("web", ".spec.ports[0].nodePort")
        #expect(clusterIP.hasPrefix("10.") && Int(nodePort).map { (30000...32767).contains($0) } == true, "\(clusterIP) \(nodePort)")

        let viaClusterIP = try await answers("http://\(clusterIP):80/", count: 30)
        #expect(viaClusterIP.failures == 0, "\(viaClusterIP.failures) of 30 requests to the ClusterIP failed")
        #expect(Set(viaClusterIP.bodies) == Set(pods.keys), "ClusterIP answers came from \(Set(viaClusterIP.bodies)), pods are \(pods.keys.sorted())")

        let viaNodePort = try await answers("http://127.0.0.1:\(nodePort)/", count: 30)
        #expect(viaNodePort.failures == 0, "\(viaNodePort.failures) of 30 requests to the node port failed")
        #expect(Set(viaNodePort.bodies) == Set(pods.keys), "node port answers came from \(Set(viaNodePort.bodies))")

        // Straight to a pod's own address, on the port all three listen on.
        for (name, ip) in pods {
            let direct = try await answers("http://\(ip):8080/", count: 1)
            #expect(direct.bodies == [name], "\(ip):8080 answered \(direct)")
        }
    }

    func names() async throws {
        let clusterIP = try await field("web", ".spec.clusterIP")
        #expect(try await digShort("web.default.svc.cluster.local") == [clusterIP])
        let pods = try await webPods()
        #expect(try await digShort("web-headless.default.svc.cluster.local") == pods.values.sorted())

        let srv = try await digShort("_http._tcp.web.default.svc.cluster.local", "SRV")
        #expect(srv.count == 1 && srv.first?.contains(" 80 web.default.svc.cluster.local.") == true, "SRV: \(srv)")
        let headlessSRV = try await digShort("_http._tcp.web-headless.default.svc.cluster.local", "SRV")
        #expect(headlessSRV.count == 3 && headlessSRV.allSatisfy { $0.contains(" 8080 ") }, "headless SRV: \(headlessSRV)")

        let missing = try await dig(["nope.default.svc.cluster.local", "A"])
        #expect(missing.contains("status: NXDOMAIN"), "\(missing)")
    }

    func statefulSetPodName() async throws {
        try await cluster.create("""
        apiVersion: v1
        kind: Service
        metadata: {name: db}
        spec:
          clusterIP: None
          selector: {app: db}
          ports: [{name: tcp, port: 5432}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          replicas: 1
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers:
              - {name: main, image: busybox, command: [sleep, "3600"]}
        """)
        try await cluster.waitForStatus("db-0", "Running", .seconds(180))
        var ip = ""
        try await cluster.poll(.seconds(90), "db-0 has an address") {
            ip = try await cluster.jsonpath("db-0", "{.status.podIP}")
            return !ip.isEmpty
        }
        try await cluster.poll(.seconds(90), "db-0.db.default.svc.cluster.local → \(ip)") {
            try await digShort("db-0.db.default.svc.cluster.local") == [ip]
        }
    }

    func jobFetchesByName() async throws {
        let script = """
        import socket, urllib.request
        print("resolved", socket.gethostbyname("web.default.svc.cluster.local"))
        print("short", urllib.request.urlopen("http://web/", timeout=10).read().decode().strip())
        print("full", urllib.request.urlopen("http://web.default.svc.cluster.local/", timeout=10).read().decode().strip())
        print(open("/etc/resolv.conf").read())
        """
        try await cluster.create("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: fetch}
        spec:
          backoffLimit: 2
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: fetch
                image: python:3
                command: [python3, -c, \(jsonString(script))]
        """)
        try await cluster.poll(.seconds(180), "the Job completes") {
            try await cluster.kubectlOK(["get", "job", "fetch", "-o", #"jsonpath={.status.conditions[?(@.type=="Complete")].status}"#]) == "True"
        }
        let logs = try await cluster.kubectlOK(["logs", "job/fetch"])
        let clusterIP = try await field("web", ".spec.clusterIP")
        let pods = try await webPods()
        let lines = logs.split(separator: "\n").map(String.init)
        #expect(lines.contains("resolved \(clusterIP)"), "\(logs)")
        #expect(lines.contains { $0.hasPrefix("short ") && pods[String($0.dropFirst(6))] != nil }, "\(logs)")
        #expect(lines.contains { $0.hasPrefix("full ") && pods[String($0.dropFirst(5))] != nil }, "\(logs)")
        #expect(lines.contains("nameserver 10.96.0.10"), "\(logs)")
        #expect(lines.contains("search default.svc.cluster.local svc.cluster.local cluster.local"), "\(logs)")
    }

    func readinessDropOut() async throws {
        let pods = try await webPods()
        guard let (victim, victimIP) = pods.min(by: { $0.key < $1.key }) else {
            throw StepFailure(description: "no web pods")
        }
        try FileManager.default.removeItem(atPath: flags + "/" + victim)
        try await cluster.poll(.seconds(90), "\(victim) to leave the endpoints") {
            try await readyEndpoints("web") == pods.values.filter { $0 != victimIP }.sorted()
        }
        try await cluster.poll(.seconds(90), "\(victim) to leave the headless answers") {
            try await digShort("web-headless.default.svc.cluster.local") == pods.values.filter { $0 != victimIP }.sorted()
        }
        let row = try await cluster.row(victim)
        #expect(row.status == "Running" && row.line.contains("0/1"), "\(row.line)")
        let clusterIP = try await field("web", ".spec.clusterIP")
        let after = try await answers("http://\(clusterIP):80/", count: 20)
        #expect(after.failures == 0 && after.bodies.count == 20)
        #expect(!after.bodies.contains(victim), "\(victim) still got traffic: \(after.bodies)")
        #expect(Set(after.bodies) == Set(pods.keys.filter { $0 != victim }))
    }

    func malformedPackets() async throws {
        // Garbage over UDP and TCP from a second process; it reports what came back.
        let script = """
        import socket, struct, sys
        port = int(sys.argv[1])
        results = []
        cases = [b"", b"\\x00", b"\\x12\\x34\\x01\\x00\\x00\\x01", bytes(range(256)) * 3,
                 b"\\xab\\xcd\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x3fabc"]
        for payload in cases:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(2)
            s.sendto(payload, ("127.0.0.1", port))
            try:
                reply = s.recv(4096)
                rcode = reply[3] & 0x0F if len(reply) >= 4 else -1
                results.append("udp %d rcode=%d" % (len(payload), rcode))
            except socket.timeout:
                results.append("udp %d dropped" % len(payload))
            s.close()
        t = socket.create_connection(("127.0.0.1", port), timeout=5)
        t.sendall(struct.pack(">H", 40) + b"\\xff" * 40)
        try:
            data = t.recv(4096)
            results.append("tcp reply=%d" % len(data))
        except socket.timeout:
            results.append("tcp dropped")
        t.close()
        print("\\n".join(results))
        """
        let r = try await run("/usr/bin/python3", ["-c", script, "\(dnsPort)"], timeout: .seconds(60))
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(r.stdout)")
        for line in lines where line.hasPrefix("udp") {
            // FORMERR is rcode 1; anything else answered is a defect.
            #expect(line.hasSuffix("dropped") || line.hasSuffix("rcode=1"), "\(line)")
        }
        // And it still answers.
        let clusterIP = try await field("web", ".spec.clusterIP")
        #expect(try await digShort("web.default.svc.cluster.local") == [clusterIP])
        #expect(try await dig(["+tcp", "web.default.svc.cluster.local", "A"]).contains(clusterIP))
    }
}

/// A Swift string as a double-quoted YAML/JSON scalar.
private func jsonString(_ s: String) -> String {
    let data = try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
    let text = data.map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
    return String(text.dropFirst().dropLast())
}
