import Testing
@testable import Resources

/// Bodies in which kubectl re-encoded objects the capture server handed it: `create job --from`
/// copies a CronJob's job template, `debug --copy-to` copies a Pod. Both were served with a pod
/// spec that uses nearly every PodSpec and Container field (volumes of ten sources, probes of
/// four kinds, env from every source, security contexts, affinity, tolerations, …), so these
/// bodies exercise the field tables with what kubectl itself wrote.
@Suite struct KubernetesProtobufRichTests {
    let job: JSON
    let copy: JSON

    init() throws {
        job = try KubernetesProtobuf.decode(KubectlCaptures.jobFromRichCronjob.body)
        copy = try KubernetesProtobuf.decode(KubectlCaptures.debugCopy.body)
    }

    var pod: JSON? { job["spec"]["template"]["spec"] }
    var app: JSON? { pod["containers"][0] }

    /// Go pointers set to zero or false are written by kubectl and must survive: they mean
    /// something different from "unset" (run as root, no grace period, delete at once).
    @Test func zeroPointersAreKept() {
        #expect(app["securityContext"]["runAsUser"] == 0)
        #expect(app["securityContext"]["runAsNonRoot"] == false)
        #expect(app["securityContext"]["privileged"] == false)
        #expect(app["startupProbe"]["terminationGracePeriodSeconds"] == 0)
        #expect(pod["terminationGracePeriodSeconds"] == 0)
        #expect(pod["automountServiceAccountToken"] == false)
        #expect(pod["enableServiceLinks"] == false)
        #expect(pod["tolerations"][1] == ["operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 0])
        #expect(job["spec"]["ttlSecondsAfterFinished"] == 0)
        #expect(job["spec"]["backoffLimit"] == 0)
        #expect(job["spec"]["suspend"] == false)
        #expect(pod["volumes"][0]["configMap"]["optional"] == false)
    }

    /// Zero values of plain (`omitempty`) fields are left out, as in kubectl's own JSON.
    @Test func zeroPlainFieldsAreLeftOut() {
        #expect(pod["hostNetwork"] == nil)  // sent as false
        #expect(pod["volumes"][8]["nfs"] == ["server": "nfs.example.test", "path": "/exports"])  // readOnly false
        #expect(pod["containers"][0]["env"][1] == ["name": "EMPTY"])  // value ""
        #expect(job["metadata"]["namespace"] == nil)
    }

    @Test func intOrStringQuantitiesAndMaps() {
        #expect(app["livenessProbe"]["httpGet"]["port"] == "http")
        #expect(app["readinessProbe"]["tcpSocket"]["port"] == 8080)
        #expect(app["resources"] == [
            "limits": ["cpu": "2", "memory": "1Gi", "nvidia.com/gpu": "1"],
            "requests": ["cpu": "250m", "memory": "256Mi", "ephemeral-storage": "2Gi"],
        ])
        #expect(pod["overhead"] == ["cpu": "10m"])
        #expect(pod["nodeSelector"] == ["disktype": "ssd"])
        #expect(pod["volumes"][2]["emptyDir"] == ["medium": "Memory", "sizeLimit": "64Mi"])
    }

    @Test func environment() {
        #expect(app["envFrom"] == [
            ["configMapRef": ["name": "app-env"]],
            ["prefix": "S_", "secretRef": ["name": "app-secret-env", "optional": true]],
        ])
        let env = app["env"]
        #expect(env[2] == ["name": "FROM_CM", "valueFrom": ["configMapKeyRef": ["name": "app-config", "key": "mode", "optional": false]]])
        #expect(env[3]["valueFrom"] == ["secretKeyRef": ["name": "creds", "key": "password"]])
        #expect(env[4]["valueFrom"] == ["fieldRef": ["apiVersion": "v1", "fieldPath": "status.podIP"]])
        #expect(env[5]["valueFrom"] == ["resourceFieldRef": ["containerName": "app", "resource": "limits.memory", "divisor": "1Mi"]])
    }

    /// Embedded Go structs (`VolumeSource` in `Volume`, `ProbeHandler` in `Probe`,
    /// `LifecycleHandler`) are inlined into their parent, as in JSON.
    @Test func inlinedStructs() {
        #expect(pod["volumes"][3] == ["name": "host", "hostPath": ["path": "/var/log", "type": "Directory"]])
        #expect(pod["volumes"]?.array?.map { $0.object?.keys ?? [] }.allSatisfy { $0.count == 2 } == true)
        #expect(app["startupProbe"]["exec"] == ["command": ["cat", "/tmp/ready"]])
        #expect(pod["containers"][1]["readinessProbe"] == ["grpc": ["port": 9901, "service": "ready"]])
        #expect(app["lifecycle"] == ["postStart": ["exec": ["command": ["true"]]], "preStop": ["sleep": ["seconds": 5]]])
    }

    @Test func repeatedScalars() {
        #expect(pod["securityContext"]["supplementalGroups"] == [3000, 4000])
        #expect(job["spec"]["podFailurePolicy"]["rules"][0]["onExitCodes"]["values"] == [1, 42])
        #expect(app["args"] == ["--port=8080", "--verbose"])
    }

    /// `kubectl debug rich-pod --copy-to=rich-copy`: the copy keeps the pod's volumes and
    /// containers, adds the debugger, drops labels, node and status.
    @Test func debugCopy() {
        #expect(copy["kind"] == "Pod")
        #expect(copy["metadata"] == ["name": "rich-copy", "namespace": "default", "creationTimestamp": nil, "annotations": ["a": "b"]])
        #expect(copy["spec"]["volumes"] == pod["volumes"])
        #expect(copy["spec"]["containers"]?.array?.map { $0["name"] } == ["app", "sidecar", "debugger"])
        #expect(copy["spec"]["containers"][2] == ["name": "debugger", "image": "busybox:1.36", "resources": [:], "terminationMessagePolicy": "File"])
        #expect(copy["spec"]["containers"][0]["env"] == app["env"])
        #expect(copy["spec"]["affinity"] == pod["affinity"])
        #expect(copy["spec"]["restartPolicy"] == "Always")
        #expect(copy["spec"]["nodeName"] == nil)
        #expect(copy["status"] == [:])
    }

    /// `kubectl debug node/n1`: a host-namespace pod pinned to the node.
    @Test func debugNode() throws {
        let p = try KubernetesProtobuf.decode(KubectlCaptures.debugNode.body)
        #expect(p["metadata"]["name"]?.string?.hasPrefix("node-debugger-n1-") == true)
        #expect(p["spec"] == [
            "volumes": [["name": "host-root", "hostPath": ["path": "/"]]],
            "containers": [["name": "debugger", "image": "busybox:1.36", "resources": [:],
                            "volumeMounts": [["name": "host-root", "mountPath": "/host"]],
                            "terminationMessagePolicy": "File"]],
            "restartPolicy": "Never", "nodeName": "n1",
            "hostNetwork": true, "hostPID": true, "hostIPC": true,
            "tolerations": [["operator": "Exists"]],
        ])
    }
}
