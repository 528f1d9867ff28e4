import Testing
@testable import Resources

/// Defaults `text` as the API server does, then validates it; the errors as kubectl prints them.
func validationErrors(_ kind: String, _ text: String, old: String? = nil) throws -> [String] {
    let type = Manifests.type(kind)
    var object = try parse(text)
    Defaulting.apply(to: &object, type: type)
    var oldObject: JSON? = nil
    if let old {
        oldObject = try parse(old)
        Defaulting.apply(to: &oldObject!, type: type)
    }
    return Validation.validate(object, type: type, old: oldObject).map(\.description)
}

/// A minimal valid object of `kind` with `patch` merged in (JSON merge patch).
func object(_ kind: String, _ patch: String) throws -> String {
    let base = try parse(Manifests.all.first { $0.0 == kind }!.1)
    return try MergePatch.apply(parse(patch), to: base).serialized()
}

@Suite struct ValidationTests {
    @Test(arguments: Manifests.all.map(\.0))
    func realManifestsValidateClean(kind: String) throws {
        let text = Manifests.all.first { $0.0 == kind }!.1
        #expect(try validationErrors(kind, text) == [])
        // An update that changes nothing is valid too.
        #expect(try validationErrors(kind, text, old: text) == [])
    }

    @Test func objectMetaNames() throws {
        #expect(try validationErrors("ConfigMap", #"{"metadata":{"namespace":"default"}}"#)
            == ["metadata.name: Required value: name or generateName is required"])
        #expect(try validationErrors("ConfigMap", #"{"metadata":{"generateName":"web-","namespace":"default"}}"#) == [])
        #expect(try validationErrors("ConfigMap", #"{"metadata":{"name":"Web","namespace":"default"}}"#) == [
            #"metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#,
        ])
        #expect(try validationErrors("Namespace", #"{"metadata":{"name":"a.b"}}"#) == [
            #"metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#,
        ])
        #expect(try validationErrors("Service", object("Service", #"{"metadata":{"name":"1web"}}"#)) == [
            #"metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"#,
        ])
        #expect(try validationErrors("ConfigMap", #"{"metadata":{"name":"a"}}"#) == ["metadata.namespace: Required value"])
        #expect(try validationErrors("Node", object("Node", #"{"metadata":{"namespace":"x"}}"#))
            == ["metadata.namespace: Forbidden: not allowed on this type"])
    }

    @Test func labelsAndAnnotations() throws {
        let errors = try validationErrors("ConfigMap", object("ConfigMap", #"{"metadata":{"labels":{"bad key":"ok","app":"-x"}}}"#))
        #expect(errors == [
            #"metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#,
            #"metadata.labels: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#,
        ])
        let big = String(repeating: "x", count: 256 * 1024)
        #expect(try validationErrors("ConfigMap", object("ConfigMap", #"{"metadata":{"annotations":{"a":"\#(big)"}}}"#))
            == ["metadata.annotations: Too long: may not be more than 262144 bytes"])
        #expect(try validationErrors("ConfigMap", object("ConfigMap", #"{"metadata":{"annotations":{"a/b/c":"x"}}}"#)).count == 1)
    }

    @Test func podContainers() throws {
        #expect(try validationErrors("Pod", #"{"metadata":{"name":"p","namespace":"d"},"spec":{"containers":[]}}"#)
            == ["spec.containers: Required value"])
        let errors = try validationErrors("Pod", #"""
        {"metadata":{"name":"p","namespace":"d"},"spec":{"restartPolicy":"Sometimes","containers":[
          {"name":"web","image":"a"},{"name":"web","image":""},{"image":"b","imagePullPolicy":"Sometimes"}]}}
        """#)
        #expect(errors == [
            #"spec.containers[1].name: Duplicate value: "web""#,
            "spec.containers[1].image: Required value",
            "spec.containers[2].name: Required value",
            #"spec.containers[2].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never""#,
            #"spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never""#,
        ])
        #expect(try validationErrors("Pod", object("Pod", #"{"spec":{"dnsPolicy":"Google"}}"#))
            == [#"spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None""#])
    }

    @Test func podPortsEnvAndProbes() throws {
        let errors = try validationErrors("Pod", #"""
        {"metadata":{"name":"p","namespace":"d"},"spec":{"containers":[{"name":"a","image":"a",
          "ports":[{"containerPort":0},{"containerPort":80,"protocol":"HTTP","name":"web_port"}],
          "env":[{"name":""},{"name":"A=B"}],
          "livenessProbe":{"successThreshold":2,"httpGet":{"port":70000}},
          "readinessProbe":{"periodSeconds":-1}}]}}
        """#)
        #expect(errors == [
            "spec.containers[0].ports[0].containerPort: Invalid value: 0: must be between 1 and 65535, inclusive",
            #"spec.containers[0].ports[1].name: Invalid value: "web_port": must contain only alphanumeric characters (a-z, 0-9), and hyphens (-)"#,
            #"spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP""#,
            "spec.containers[0].env[0].name: Required value",
            #"spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='"#,
            "spec.containers[0].livenessProbe.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
            "spec.containers[0].readinessProbe: Required value: must specify a handler type",
            "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
        ])
        #expect(try validationErrors("Pod", object("Pod", #"{"spec":{"containers":[{"name":"a","image":"a","startupProbe":{"exec":{"command":["x"]},"tcpSocket":{"port":1}}}]}}"#))
            == ["spec.containers[0].startupProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"])
    }

    @Test func podVolumesAndMounts() throws {
        let errors = try validationErrors("Pod", #"""
        {"metadata":{"name":"p","namespace":"d"},"spec":{
          "volumes":[{"name":"data","emptyDir":{}},{"name":"data","configMap":{}},{"name":"Two","emptyDir":{},"hostPath":{"path":"/x"}}],
          "containers":[{"name":"a","image":"a","volumeMounts":[{"name":"cache","mountPath":"/c"},{"name":"data","mountPath":"/c"}]}]}}
        """#)
        #expect(errors == [
            #"spec.volumes[1].name: Duplicate value: "data""#,
            "spec.volumes[1].configMap.name: Required value",
            #"spec.volumes[2].name: Invalid value: "Two": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#,
            "spec.volumes[2].hostPath: Forbidden: may not specify more than 1 volume type",
            #"spec.containers[0].volumeMounts[0].name: Not found: "cache""#,
            #"spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/c": must be unique"#,
        ])
    }

    @Test func podResources() throws {
        let errors = try validationErrors("Pod", #"""
        {"metadata":{"name":"p","namespace":"d"},"spec":{"containers":[{"name":"a","image":"a","resources":{
          "limits":{"cpu":"1","memory":"-1"},"requests":{"cpu":"2","gpu":"1","example.com/dongle":"1"}}}]}}
        """#)
        #expect(errors == [
            #"spec.containers[0].resources.limits[memory]: Invalid value: "-1": must be greater than or equal to 0"#,
            #"spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1"#,
            #"spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified"#,
            #"spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers"#,
            // defaulted from the limit
            #"spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0"#,
        ])
    }

    @Test func workloadSelectors() throws {
        let noSelector = try validationErrors("Deployment", object("Deployment", #"{"spec":{"selector":null}}"#))
        #expect(noSelector == [
            "spec.selector: Required value",
            #"spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`"#,
        ])
        for kind in ["Deployment", "StatefulSet", "DaemonSet"] {
            let errors = try validationErrors(kind, object(kind, #"{"spec":{"selector":{"matchLabels":{"app":"other"}}}}"#))
            #expect(errors.count == 1, "\(kind)")
            #expect(errors.first?.hasSuffix(": `selector` does not match template `labels`") == true, "\(kind)")
            #expect(errors.first?.hasPrefix("spec.template.metadata.labels: Invalid value: map[string]string{") == true, "\(kind)")
        }
        #expect(try validationErrors("Deployment", object("Deployment", #"{"spec":{"selector":{"matchLabels":null}}}"#)) == [
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
        ])
        #expect(try validationErrors("Deployment", object("Deployment", #"{"spec":{"replicas":-1}}"#))
            == ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"])
    }

    @Test func workloadTemplatesAndStrategies() throws {
        #expect(try validationErrors("Deployment", object("Deployment", #"{"spec":{"template":{"spec":{"restartPolicy":"Never"}}}}"#))
            == [#"spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always""#])
        #expect(try validationErrors("DaemonSet", object("DaemonSet", #"{"spec":{"template":{"spec":{"restartPolicy":"OnFailure"}}}}"#))
            == [#"spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always""#])
        #expect(try validationErrors("Deployment", object("Deployment", #"{"spec":{"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":0}}}}"#))
            == [#"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0"#])
        #expect(try validationErrors("Deployment", object("Deployment", #"{"spec":{"strategy":{"type":"BlueGreen","rollingUpdate":null}}}"#))
            == [#"spec.strategy.type: Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate""#])
        #expect(try validationErrors("StatefulSet", object("StatefulSet", #"{"spec":{"podManagementPolicy":"Random"}}"#))
            == [#"spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel'"#])
    }

    @Test func jobs() throws {
        let always = try validationErrors("Job", #"{"metadata":{"name":"j","namespace":"d"},"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a"}]}}}}"#)
        #expect(always == [#"spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never""#])
        #expect(try validationErrors("Job", object("Job", #"{"spec":{"manualSelector":true}}"#)) == ["spec.selector: Required value"])
        #expect(try validationErrors("Job", object("Job", #"{"spec":{"selector":{"matchLabels":{"a":"b"}}}}"#)) == [
            "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`",
        ])
        #expect(try validationErrors("Job", object("Job", #"{"spec":{"backoffLimit":-1,"completionMode":"Sometimes"}}"#)) == [
            "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0",
            #"spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed""#,
        ])
    }

    @Test func cronJobs() throws {
        #expect(try validationErrors("CronJob", object("CronJob", #"{"spec":{"schedule":null}}"#)) == ["spec.schedule: Required value"])
        #expect(try validationErrors("CronJob", object("CronJob", #"{"spec":{"schedule":"every minute"}}"#))
            == [#"spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]"#])
        #expect(try validationErrors("CronJob", object("CronJob", #"{"spec":{"schedule":"0 25 * * *"}}"#))
            == [#"spec.schedule: Invalid value: "0 25 * * *": end of range (25) above maximum (23): 25"#])
        #expect(try validationErrors("CronJob", object("CronJob", #"{"spec":{"schedule":"TZ=UTC 0 * * * *"}}"#))
            == [#"spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"#])
        #expect(try validationErrors("CronJob", object("CronJob", #"{"spec":{"concurrencyPolicy":"Sometimes"}}"#))
            == [#"spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace""#])
        #expect(try validationErrors("CronJob", object("CronJob", #"{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Always"}}}}}}"#))
            == [#"spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never""#])
        let long = String(repeating: "a", count: 53)
        #expect(try validationErrors("CronJob", object("CronJob", #"{"metadata":{"name":"\#(long)"}}"#))
            == [#"metadata.name: Invalid value: "\#(long)": must be no more than 52 characters"#])
    }

    @Test func services() throws {
        let errors = try validationErrors("Service", #"""
        {"metadata":{"name":"s","namespace":"d"},"spec":{"type":"Special","selector":{"app":"-"},
          "ports":[{"port":0},{"name":"b","port":80,"protocol":"HTTP","targetPort":0},{"name":"b","port":81,"nodePort":30000}]}}
        """#)
        #expect(errors == [
            "spec.ports[0].name: Required value",
            "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
            "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
            #"spec.ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP""#,
            // ports[1].targetPort 0 was defaulted to the port, 80
            #"spec.ports[2].name: Duplicate value: "b""#,
            #"spec.type: Unsupported value: "Special": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort""#,
            #"spec.selector: Invalid value: "-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#,
        ])
        #expect(try validationErrors("Service", object("Service", #"{"spec":{"ports":[{"name":"a","port":80,"nodePort":30080}]}}"#))
            == ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"])
        #expect(try validationErrors("Service", object("Service", #"{"spec":{"ports":null}}"#)) == ["spec.ports: Required value"])
        #expect(try validationErrors("Service", object("Service", #"{"spec":{"type":"ExternalName","ports":null}}"#))
            == ["spec.externalName: Required value"])
    }

    @Test func configMapAndSecretKeys() throws {
        #expect(try validationErrors("ConfigMap", object("ConfigMap", #"{"data":{"bad key":"x"}}"#)) == [
            #"data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"#,
        ])
        #expect(try validationErrors("ConfigMap", object("ConfigMap", #"{"data":{"..x":"y"}}"#))
            == [#"data[..x]: Invalid value: "..x": must not start with '..'"#])
        #expect(try validationErrors("ConfigMap", object("ConfigMap", #"{"data":{"logo.png":"x"}}"#))
            == [#"data[logo.png]: Invalid value: "logo.png": duplicate of key present in binaryData"#])
        #expect(try validationErrors("Secret", object("Secret", #"{"type":"kubernetes.io/tls","data":{"tls.crt":"eA=="}}"#))
            == ["data[tls.key]: Required value"])
    }

    @Test func otherKinds() throws {
        #expect(try validationErrors("Lease", object("Lease", #"{"spec":{"leaseDurationSeconds":0,"leaseTransitions":-1}}"#)) == [
            "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
            "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0",
        ])
        #expect(try validationErrors("EndpointSlice", object("EndpointSlice", #"{"addressType":null}"#)) == ["addressType: Required value"])
        #expect(try validationErrors("EndpointSlice", object("EndpointSlice", #"{"addressType":"IPv5"}"#))
            == [#"addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6""#])
        #expect(try validationErrors("Event", object("Event", #"{"involvedObject":{"namespace":"other"}}"#))
            == [#"involvedObject.namespace: Invalid value: "other": does not match event.namespace"#])
        #expect(try validationErrors("Event", object("Event", #"{"eventTime":"2024-05-01T10:00:00.000000Z","reportingComponent":null}"#))
            == ["reportingController: Required value", "action: Required value"])
        #expect(try validationErrors("Node", object("Node", #"{"spec":{"taints":[{"key":"a","effect":"Sometimes"}]}}"#))
            == [#"spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute""#])
        #expect(try validationErrors("PersistentVolumeClaim", #"{"metadata":{"name":"c","namespace":"d"},"spec":{}}"#)
            == ["spec.accessModes: Required value: at least 1 access mode is required", "spec.resources[storage]: Required value"])
        #expect(try validationErrors("PersistentVolume", #"{"metadata":{"name":"v"},"spec":{"accessModes":["ReadWriteSometimes"],"capacity":{"storage":"1Gi"}}}"#) == [
            #"spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod""#,
            "spec: Required value: must specify a volume type",
        ])
    }

    @Test func immutableFieldsOnUpdate() throws {
        let old = Manifests.deployment
        let changed = try object("Deployment", #"{"spec":{"selector":{"matchLabels":{"app":"web2"}},"template":{"metadata":{"labels":{"app":"web2"}}}}}"#)
        #expect(try validationErrors("Deployment", changed, old: old) == [
            #"spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"#,
        ])
        let scaled = try object("Deployment", #"{"spec":{"replicas":5}}"#)
        #expect(try validationErrors("Deployment", scaled, old: old) == [])
        let renamed = try object("Deployment", #"{"metadata":{"name":"web2"}}"#)
        #expect(try validationErrors("Deployment", renamed, old: old) == [#"metadata.name: Invalid value: "web2": field is immutable"#])
    }

    @Test func podUpdatesMayOnlyChangeImages() throws {
        let old = Manifests.pod
        let newImage = try parse(object("Pod", #"{"spec":{"activeDeadlineSeconds":60}}"#))
            .setting(["spec", "containers", 0, "image"], "app:v2").serialized()
        #expect(try validationErrors("Pod", newImage, old: old) == [])
        let newPolicy = try object("Pod", #"{"spec":{"restartPolicy":"Never"}}"#)
        #expect(try validationErrors("Pod", newPolicy, old: old) == [
            "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
        ])
    }

    @Test func otherUpdateRules() throws {
        #expect(try validationErrors("Job", object("Job", #"{"spec":{"template":{"spec":{"restartPolicy":"OnFailure"}}}}"#), old: Manifests.job)
            == ["spec.template: Invalid value: core.PodTemplateSpec{…}: field is immutable"])
        #expect(try validationErrors("StatefulSet", object("StatefulSet", #"{"spec":{"serviceName":"db2"}}"#), old: Manifests.statefulSet) == [
            "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ])
        let frozen = try object("ConfigMap", #"{"immutable":true}"#)
        #expect(try validationErrors("ConfigMap", object("ConfigMap", #"{"immutable":true,"data":{"LOG_LEVEL":"info"}}"#), old: frozen)
            == ["data: Forbidden: field is immutable when `immutable` is set"])
        #expect(try validationErrors("ConfigMap", object("ConfigMap", #"{"immutable":false}"#), old: frozen)
            == ["immutable: Forbidden: field is immutable when `immutable` is set"])
        #expect(try validationErrors("Secret", object("Secret", #"{"type":"kubernetes.io/basic-auth","data":{"username":"eA=="}}"#), old: Manifests.secret)
            == [#"type: Invalid value: "kubernetes.io/basic-auth": field is immutable"#])
    }

    @Test func invalidErrorsBecomeAStatus() throws {
        let errors = Validation.validate(try parse(#"{"metadata":{"name":"x","namespace":"d"},"spec":{"replicas":-1}}"#),
                                         type: Manifests.type("Deployment"), old: nil)
        let status = StatusError.invalid(Manifests.type("Deployment"), name: "x", errors)
        #expect(status.code == 422)
        #expect(status.message.hasPrefix(#"Deployment.apps "x" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.selector: Required value"#))
    }
}
