import Testing
@testable import Resources

/// Real bodies from kubectl 1.32.5 (see ``KubectlCaptures``), decoded and checked against what each
/// command means and against kubectl's own JSON for the same object.
@Suite struct KubernetesProtobufCaptureTests {
    static let withDryRun: [(String, KubectlCapture)] = [
        ("create deployment", KubectlCaptures.deployment),
        ("create deployment, two images", KubectlCaptures.deploymentMulti),
        ("create configmap", KubectlCaptures.configmap),
        ("create configmap --from-file", KubectlCaptures.configmapFiles),
        ("create configmap -n team", KubectlCaptures.configmapNamespaced),
        ("create secret generic", KubectlCaptures.secretGeneric),
        ("create secret generic --from-file", KubectlCaptures.secretFiles),
        ("create secret tls", KubectlCaptures.secretTls),
        ("create secret docker-registry", KubectlCaptures.secretDockerRegistry),
        ("create namespace", KubectlCaptures.namespace),
        ("create service clusterip", KubectlCaptures.serviceClusterip),
        ("create service nodeport", KubectlCaptures.serviceNodeport),
        ("create service loadbalancer", KubectlCaptures.serviceLoadbalancer),
        ("create service externalname", KubectlCaptures.serviceExternalname),
        ("create job", KubectlCaptures.job),
        ("create cronjob", KubectlCaptures.cronjob),
        ("create job --from=cronjob", KubectlCaptures.jobFromCronjob),
        ("create job --from=cronjob, full pod template", KubectlCaptures.jobFromRichCronjob),
    ]

    /// The strongest check: the decoded body is the very object kubectl prints with
    /// `--dry-run=client -o json` (JSON equality: member order aside, every member and value).
    @Test(arguments: withDryRun)
    func equalsKubectlDryRun(command: String, capture: KubectlCapture) throws {
        let decoded = try KubernetesProtobuf.decode(capture.body)
        let expected = try capture.expected()
        #expect(decoded == expected, "\(command)")
        // Survives serialization, as the gateway will send it on.
        #expect(try JSON.parse(decoded.serialized()) == expected)
    }

    static let allDecodable: [KubectlCapture] = withDryRun.map(\.1) + [KubectlCaptures.debugCopy, KubectlCaptures.debugNode]

    /// A second, independent check of the field tables: what they produce passes the API
    /// server's strict field checking (``FieldValidation``, written from the Go structs), as
    /// kubectl's `fieldValidation=Strict` asks — no unknown field, no mistyped value.
    @Test(arguments: allDecodable)
    func passesStrictFieldValidation(capture: KubectlCapture) throws {
        let object = try KubernetesProtobuf.decode(capture.body)
        let registry = ResourceRegistry.builtIn(includingMetrics: false)
        let type = try #require(registry.resource(apiVersion: object["apiVersion"]?.string ?? "", kind: object["kind"]?.string ?? ""))
        #expect(Schema.kind(type) != nil)
        let result = FieldValidation.check(object, type: type)
        #expect(result.isClean, "\(result)")
    }

    @Test func createDeployment() throws {
        let d = try KubernetesProtobuf.decode(KubectlCaptures.deployment.body)
        #expect(d["kind"] == "Deployment")
        #expect(d["apiVersion"] == "apps/v1")
        #expect(d["metadata"] == ["name": "web", "creationTimestamp": nil, "labels": ["app": "web"]])
        #expect(d["spec"]["replicas"] == 2)
        #expect(d["spec"]["selector"] == ["matchLabels": ["app": "web"]])
        #expect(d["spec"]["template"]["metadata"]["labels"] == ["app": "web"])
        let containers = try #require(d["spec"]["template"]["spec"]["containers"]?.array)
        #expect(containers.count == 1)
        #expect(containers[0]["name"] == "nginx")
        #expect(containers[0]["image"] == "nginx:1.27")
        #expect(containers[0]["ports"] == [["containerPort": 80]])
        #expect(containers[0]["resources"] == [:])
        #expect(d["spec"]["strategy"] == [:])
        #expect(d["status"] == [:])
    }

    @Test func createDeploymentWithTwoImages() throws {
        let d = try KubernetesProtobuf.decode(KubectlCaptures.deploymentMulti.body)
        #expect(d["spec"]["replicas"] == 1)
        let containers = try #require(d["spec"]["template"]["spec"]["containers"]?.array)
        #expect(containers.map { $0["name"] } == ["nginx", "redis"])
        #expect(containers.map { $0["image"] } == ["nginx:1.27", "redis:7"])
    }

    @Test func createConfigMap() throws {
        let c = try KubernetesProtobuf.decode(KubectlCaptures.configmap.body)
        #expect(c["kind"] == "ConfigMap")
        #expect(c["apiVersion"] == "v1")
        #expect(c["metadata"]["name"] == "cfg")
        #expect(c["metadata"]["namespace"] == nil)
        #expect(c["data"] == ["a": "b"])
        #expect(c["binaryData"] == nil)

        let scoped = try KubernetesProtobuf.decode(KubectlCaptures.configmapNamespaced.body)
        #expect(scoped["metadata"]["namespace"] == "team")
        #expect(scoped["metadata"]["name"] == "scoped")
    }

    @Test func createConfigMapFromFiles() throws {
        let c = try KubernetesProtobuf.decode(KubectlCaptures.configmapFiles.body)
        #expect(c["data"] == ["app.conf": "x=1\n", "mode": "fast"])
        // Not UTF-8, so kubectl puts it in binaryData, which JSON carries as base64.
        let bin = try #require(c["binaryData"]["bin.dat"]?.string)
        #expect(TestBase64.decode(bin).count == 300)
    }

    @Test func createSecretGeneric() throws {
        let s = try KubernetesProtobuf.decode(KubectlCaptures.secretGeneric.body)
        #expect(s["kind"] == "Secret")
        #expect(s["metadata"]["name"] == "s")
        #expect(s["data"] == ["k": "dg=="])  // base64("v")
        #expect(s["type"] == nil)  // kubectl leaves it empty; the server defaults it to Opaque

        let files = try KubernetesProtobuf.decode(KubectlCaptures.secretFiles.body)
        #expect(files["type"] == "Opaque")
        #expect(files["data"]["user"] == "YWRtaW4=")
        #expect(TestBase64.decode(try #require(files["data"]["bin.dat"]?.string)).count == 300)
    }

    @Test func createSecretTLSAndDockerRegistry() throws {
        let tls = try KubernetesProtobuf.decode(KubectlCaptures.secretTls.body)
        #expect(tls["type"] == "kubernetes.io/tls")
        let cert = String(decoding: TestBase64.decode(try #require(tls["data"]["tls.crt"]?.string)), as: UTF8.self)
        let key = String(decoding: TestBase64.decode(try #require(tls["data"]["tls.key"]?.string)), as: UTF8.self)
        #expect(cert.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----"))

        let reg = try KubernetesProtobuf.decode(KubectlCaptures.secretDockerRegistry.body)
        #expect(reg["type"] == "kubernetes.io/dockerconfigjson")
        let config = String(decoding: TestBase64.decode(try #require(reg["data"][".dockerconfigjson"]?.string)), as: UTF8.self)
        let auths = try JSON.parse(config)["auths"]["registry.example.test"]
        #expect(auths["username"] == "u")
        #expect(auths["password"] == "p")
        #expect(auths["email"] == "u@example.test")
    }

    @Test func createNamespace() throws {
        let n = try KubernetesProtobuf.decode(KubectlCaptures.namespace.body)
        #expect(n == ["kind": "Namespace", "apiVersion": "v1", "metadata": ["name": "team", "creationTimestamp": nil],
                      "spec": [:], "status": [:]])
    }

    @Test func createServices() throws {
        let c = try KubernetesProtobuf.decode(KubectlCaptures.serviceClusterip.body)
        #expect(c["metadata"]["labels"] == ["app": "svc"])
        #expect(c["spec"]["type"] == "ClusterIP")
        #expect(c["spec"]["selector"] == ["app": "svc"])
        #expect(c["spec"]["ports"] == [["name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080]])
        #expect(c["status"] == ["loadBalancer": [:]])

        let np = try KubernetesProtobuf.decode(KubectlCaptures.serviceNodeport.body)
        #expect(np["spec"]["type"] == "NodePort")
        #expect(np["spec"]["ports"][0]["nodePort"] == 30080)

        let lb = try KubernetesProtobuf.decode(KubectlCaptures.serviceLoadbalancer.body)
        #expect(lb["spec"]["type"] == "LoadBalancer")
        #expect(lb["spec"]["ports"][0]["port"] == 443)
        #expect(lb["spec"]["ports"][0]["targetPort"] == 8443)

        let ext = try KubernetesProtobuf.decode(KubectlCaptures.serviceExternalname.body)
        #expect(ext["spec"]["type"] == "ExternalName")
        #expect(ext["spec"]["externalName"] == "example.test")
        #expect(ext["spec"]["ports"] == nil)
    }

    @Test func createJob() throws {
        let j = try KubernetesProtobuf.decode(KubectlCaptures.job.body)
        #expect(j["kind"] == "Job")
        #expect(j["apiVersion"] == "batch/v1")
        #expect(j["metadata"]["name"] == "once")
        let pod = try #require(j["spec"]["template"]["spec"])
        #expect(pod["restartPolicy"] == "Never")
        #expect(pod["containers"] == [["name": "once", "image": "busybox", "command": ["echo", "hi"], "resources": [:]]])
    }

    @Test func createCronJob() throws {
        let c = try KubernetesProtobuf.decode(KubectlCaptures.cronjob.body)
        #expect(c["kind"] == "CronJob")
        #expect(c["spec"]["schedule"] == "0 2 * * *")
        #expect(c["spec"]["jobTemplate"]["metadata"]["name"] == "nightly")
        let pod = try #require(c["spec"]["jobTemplate"]["spec"]["template"]["spec"])
        #expect(pod["restartPolicy"] == "OnFailure")
        #expect(pod["containers"][0]["command"] == ["echo", "hi"])
        #expect(c["spec"]["suspend"] == nil)
    }

    /// `create job --from=cronjob/nightly` copies the CronJob's template (served as JSON by the
    /// capture server) and adds the owner reference and the `instantiate` annotation.
    @Test func createJobFromCronJob() throws {
        let j = try KubernetesProtobuf.decode(KubectlCaptures.jobFromCronjob.body)
        #expect(j["metadata"]["name"] == "manual-1")
        #expect(j["metadata"]["annotations"] == ["cronjob.kubernetes.io/instantiate": "manual"])
        #expect(j["metadata"]["labels"] == ["team": "data"])
        #expect(j["metadata"]["ownerReferences"] == [[
            "apiVersion": "batch/v1", "kind": "CronJob", "name": "nightly",
            "uid": "6f1c2d3e-0000-4000-8000-000000000001", "controller": true,
        ]])
        #expect(j["spec"]["backoffLimit"] == 2)
        let container = try #require(j["spec"]["template"]["spec"]["containers"][0])
        #expect(container["env"] == [["name": "MODE", "value": "full"]])
        #expect(container["resources"] == ["limits": ["cpu": "500m", "memory": "64Mi"]])
        #expect(container["imagePullPolicy"] == "Always")
        #expect(j["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] == 30)
    }

    /// ServiceAccount is not a Skiff kind: refused with a clear 415, not misread.
    @Test func createServiceAccountIsRefused() throws {
        let error = #expect(throws: StatusError.self) { try KubernetesProtobuf.decode(KubectlCaptures.serviceaccount.body) }
        #expect(error?.code == 415)
        #expect(error?.message.contains("ServiceAccount") == true)
    }
}
