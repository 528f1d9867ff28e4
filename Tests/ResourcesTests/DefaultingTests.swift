import Testing
@testable import Resources

@Suite struct DefaultingTests {
    func defaulted(_ text: String, _ kind: String) throws -> JSON {
        var object = try parse(text)
        Defaulting.apply(to: &object, type: Manifests.type(kind))
        return object
    }

    @Test func podGetsKubernetesDefaults() throws {
        let pod = try defaulted(#"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"nginx", "ports":[{"containerPort":80}],"livenessProbe":{"httpGet":{"port":80}}, "resources":{"limits":{"cpu":"1"}}}]}}"#, "Pod")
        let spec = try #require(pod["spec"])
        #expect(spec["restartPolicy"] == "Always")
        #expect(spec["dnsPolicy"] == "ClusterFirst")
        #expect(spec["schedulerName"] == "default-scheduler")
        #expect(spec["terminationGracePeriodSeconds"] == 30)
        #expect(spec["securityContext"] == .emptyObject)
        #expect(spec["enableServiceLinks"] == true)
        #expect(spec["priority"] == 0)
        #expect(spec["preemptionPolicy"] == "PreemptLowerPriority")
        let c = try #require(spec["containers"][0])
        #expect(c["imagePullPolicy"] == "Always")
        #expect(c["terminationMessagePath"] == "/dev/termination-log")
        #expect(c["terminationMessagePolicy"] == "File")
        #expect(c["ports"][0]?["protocol"] == "TCP")
        #expect(c["livenessProbe"] == ["httpGet": ["port": 80, "path": "/", "scheme": "HTTP"],
                                       "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3])
        #expect(c["resources"]["requests"] == ["cpu": "1"])
    }

    @Test(arguments: [
        ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.27", "IfNotPresent"),
        ("localhost:5000/app", "Always"), ("localhost:5000/app:v1", "IfNotPresent"),
        ("app@sha256:abcd", "IfNotPresent"), ("app:latest@sha256:abcd", "Always"),
    ])
    func imagePullPolicyFollowsTheTag(image: String, policy: String) throws {
        let pod = try defaulted(#"{"spec":{"containers":[{"name":"a","image":"\#(image)"}]}}"#, "Pod")
        #expect(pod["spec"]["containers"][0]?["imagePullPolicy"]?.string == policy)
    }

    @Test func userValuesWinAndDefaultingIsIdempotent() throws {
        var pod = try defaulted(#"{"spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"x","imagePullPolicy":"Never"}]}}"#, "Pod")
        #expect(pod["spec"]["restartPolicy"] == "Never")
        #expect(pod["spec"]["containers"][0]?["imagePullPolicy"] == "Never")
        let once = pod
        Defaulting.apply(to: &pod, type: Manifests.type("Pod"))
        #expect(pod == once)
    }

    @Test func podVolumesGetModesAndSources() throws {
        let pod = try defaulted(Manifests.pod, "Pod")
        let volumes = try #require(pod["spec"]["volumes"]?.array)
        #expect(volumes[0]["configMap"]["defaultMode"] == 420)
        #expect(volumes[1]["secret"]["defaultMode"] == 256)
        #expect(volumes[4]["projected"]["sources"][0]?["serviceAccountToken"]?["expirationSeconds"] == 3600)
        #expect(volumes[4]["projected"]["sources"][2]?["downwardAPI"]?["items"]?[0]?["fieldRef"]?["apiVersion"] == "v1")
        #expect(volumes[6] == ["name": "scratch", "emptyDir": .emptyObject])
        // requests default from limits only for pods
        #expect(pod["spec"]["containers"][0]?["resources"]?["requests"] == ["cpu": "500m", "memory": "256Mi"])
        #expect(pod["spec"]["containers"][0]?["readinessProbe"]?["grpc"]?["service"] == "")
    }

    @Test func deploymentDefaults() throws {
        let d = try defaulted(#"{"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}}, "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"a","image":"nginx:1"}]}}}}"#, "Deployment")
        let spec = try #require(d["spec"])
        #expect(spec["replicas"] == 1)
        #expect(spec["strategy"] == ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]])
        #expect(spec["revisionHistoryLimit"] == 10)
        #expect(spec["progressDeadlineSeconds"] == 600)
        #expect(spec["template"]["spec"]["restartPolicy"] == "Always")
        #expect(spec["template"]["spec"]["containers"][0]?["imagePullPolicy"] == "IfNotPresent")
        // Pod-only defaults stay out of templates.
        #expect(spec["template"]["spec"]["enableServiceLinks"] == nil)
        #expect(spec["template"]["spec"]["priority"] == nil)
    }

    @Test func recreateDeploymentGetsNoRollingUpdate() throws {
        let d = try defaulted(#"{"spec":{"strategy":{"type":"Recreate"}}}"#, "Deployment")
        #expect(d["spec"]["strategy"] == ["type": "Recreate"])
    }

    @Test func statefulSetDefaults() throws {
        let sts = try defaulted(#"{"spec":{"template":{}}}"#, "StatefulSet")
        let spec = try #require(sts["spec"])
        #expect(spec["replicas"] == 1)
        #expect(spec["podManagementPolicy"] == "OrderedReady")
        #expect(spec["updateStrategy"] == ["type": "RollingUpdate", "rollingUpdate": ["partition": 0]])
        #expect(spec["revisionHistoryLimit"] == 10)
        #expect(spec["persistentVolumeClaimRetentionPolicy"] == ["whenDeleted": "Retain", "whenScaled": "Retain"])
        let full = try defaulted(Manifests.statefulSet, "StatefulSet")
        #expect(full["spec"]["volumeClaimTemplates"][0]?["spec"]?["volumeMode"] == "Filesystem")
        #expect(full["spec"]["podManagementPolicy"] == "Parallel")
    }

    @Test func daemonSetDefaults() throws {
        let ds = try defaulted(Manifests.daemonSet, "DaemonSet")
        #expect(ds["spec"]["updateStrategy"] == ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": 0]])
        #expect(ds["spec"]["revisionHistoryLimit"] == 10)
    }

    @Test func replicaSetAndReplicationControllerDefaults() throws {
        let rs = try defaulted(#"{"spec":{}}"#, "ReplicaSet")
        #expect(rs["spec"]["replicas"] == 1)
        let rc = try defaulted(#"{"metadata":{"name":"rc"},"spec":{"template":{"metadata":{"labels":{"app":"x"}},"spec":{}}}}"#,
                               "ReplicationController")
        #expect(rc["spec"]["selector"] == ["app": "x"])
        #expect(rc["metadata"]["labels"] == ["app": "x"])
        #expect(rc["spec"]["replicas"] == 1)
    }

    @Test func jobDefaults() throws {
        let job = try defaulted(Manifests.job, "Job")
        let spec = try #require(job["spec"])
        #expect(spec["completions"] == 1)
        #expect(spec["parallelism"] == 1)
        #expect(spec["backoffLimit"] == 4)
        #expect(spec["completionMode"] == "NonIndexed")
        #expect(spec["suspend"] == false)
        #expect(spec["podReplacementPolicy"] == "TerminatingOrFailed")
        #expect(spec["manualSelector"] == nil)
        #expect(spec["template"]["spec"]["restartPolicy"] == "Never")
        let parallel = try defaulted(#"{"spec":{"parallelism":3}}"#, "Job")
        #expect(parallel["spec"]["completions"] == nil)
        #expect(parallel["spec"]["backoffLimit"] == 6)
        // An unset restart policy becomes Always, which validation then rejects.
        let bare = try defaulted(#"{"spec":{"template":{"spec":{}}}}"#, "Job")
        #expect(bare["spec"]["template"]["spec"]["restartPolicy"] == "Always")
    }

    @Test func cronJobDefaults() throws {
        let cj = try defaulted(Manifests.cronJob, "CronJob")
        let spec = try #require(cj["spec"])
        #expect(spec["concurrencyPolicy"] == "Allow")
        #expect(spec["suspend"] == false)
        #expect(spec["successfulJobsHistoryLimit"] == 3)
        #expect(spec["failedJobsHistoryLimit"] == 1)
        #expect(spec["jobTemplate"]["spec"]["template"]["spec"]["dnsPolicy"] == "ClusterFirst")
        #expect(spec["jobTemplate"]["spec"]["backoffLimit"] == nil)
    }

    @Test func serviceDefaults() throws {
        let svc = try defaulted(Manifests.service, "Service")
        let spec = try #require(svc["spec"])
        #expect(spec["type"] == "ClusterIP")
        #expect(spec["sessionAffinity"] == "None")
        #expect(spec["internalTrafficPolicy"] == "Cluster")
        #expect(spec["ipFamilyPolicy"] == "SingleStack")
        #expect(spec["ipFamilies"] == ["IPv4"])
        #expect(spec["externalTrafficPolicy"] == nil)
        #expect(spec["clusterIP"] == nil)
        #expect(spec["ports"][0] == ["name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"])
        let plain = try defaulted(#"{"spec":{"type":"NodePort","ports":[{"port":8080}],"sessionAffinity":"ClientIP"}}"#, "Service")
        #expect(plain["spec"]["ports"][0]?["targetPort"] == 8080)
        #expect(plain["spec"]["externalTrafficPolicy"] == "Cluster")
        #expect(plain["spec"]["sessionAffinityConfig"] == ["clientIP": ["timeoutSeconds": 10800]])
        let external = try defaulted(#"{"spec":{"type":"ExternalName","externalName":"example.com"}}"#, "Service")
        #expect(external["spec"]["ipFamilies"] == nil)
        #expect(external["spec"]["internalTrafficPolicy"] == nil)
    }

    @Test func coreKindDefaults() throws {
        let ns = try defaulted(#"{"metadata":{"name":"team"}}"#, "Namespace")
        #expect(ns["spec"]["finalizers"] == ["kubernetes"])
        #expect(ns["status"]["phase"] == "Active")
        #expect(ns["metadata"]["labels"] == ["kubernetes.io/metadata.name": "team"])
        #expect(try defaulted(#"{"data":{}}"#, "Secret")["type"] == "Opaque")
        #expect(try defaulted(#"{"type":"kubernetes.io/tls"}"#, "Secret")["type"] == "kubernetes.io/tls")
        let pvc = try defaulted(#"{"spec":{}}"#, "PersistentVolumeClaim")
        #expect(pvc["spec"]["volumeMode"] == "Filesystem")
        #expect(pvc["status"]["phase"] == "Pending")
        let pv = try defaulted(#"{"spec":{"hostPath":{"path":"/x"}}}"#, "PersistentVolume")
        #expect(pv["spec"]["persistentVolumeReclaimPolicy"] == "Retain")
        #expect(pv["spec"]["volumeMode"] == "Filesystem")
        let node = try defaulted(#"{"status":{"capacity":{"cpu":"2"}}}"#, "Node")
        #expect(node["status"]["allocatable"] == ["cpu": "2"])
        let slice = try defaulted(#"{"addressType":"IPv4","ports":[{"port":80}]}"#, "EndpointSlice")
        #expect(slice["ports"][0] == ["port": 80, "protocol": "TCP", "name": ""])
        let lease = try parse(Manifests.lease)
        #expect(try defaulted(Manifests.lease, "Lease") == lease)
    }
}
