@testable import Resources

/// Real manifests, as kubectl sends them (YAML already turned into JSON), for the schema,
/// defaulting and validation tests.
enum Manifests {
    static func type(_ kind: String) -> ResourceType {
        ResourceType.builtIn.first { $0.kind == kind }!
    }

    static let deployment = #"""
    {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"web"},
     "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
     "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
      "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"}},
      "template":{"metadata":{"labels":{"app":"web"}},
       "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80,"name":"http"}],
        "env":[{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},{"name":"MODE","value":"prod"}],
        "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":1,"memory":"128Mi"}},
        "readinessProbe":{"httpGet":{"path":"/healthz","port":"http"},"initialDelaySeconds":2},
        "volumeMounts":[{"name":"cache","mountPath":"/cache"}]}],
        "volumes":[{"name":"cache","emptyDir":{"sizeLimit":"1Gi"}}],
        "affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,
         "podAffinityTerm":{"labelSelector":{"matchExpressions":[{"key":"app","operator":"In","values":["web"]}]},
         "topologyKey":"kubernetes.io/hostname"}}]}},
        "tolerations":[{"key":"node-role.kubernetes.io/control-plane","operator":"Exists","effect":"NoSchedule"}],
        "topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"ScheduleAnyway",
         "labelSelector":{"matchLabels":{"app":"web"}}}]}}}}
    """#

    static let pod = #"""
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"app","namespace":"default"},
     "spec":{"initContainers":[{"name":"init","image":"busybox","command":["sh","-c","echo hi"]}],
      "containers":[{"name":"app","image":"registry.example.com/team/app@sha256:abc","args":["--port=8080"],
       "ports":[{"containerPort":8080,"protocol":"TCP"}],
       "livenessProbe":{"tcpSocket":{"port":8080},"periodSeconds":5},
       "startupProbe":{"exec":{"command":["cat","/tmp/ready"]},"failureThreshold":30},
       "readinessProbe":{"grpc":{"port":9090}},
       "lifecycle":{"preStop":{"exec":{"command":["sleep","5"]}}},
       "resources":{"limits":{"cpu":"500m","memory":"256Mi"}},
       "securityContext":{"runAsNonRoot":true,"runAsUser":1000,"allowPrivilegeEscalation":false,
        "capabilities":{"drop":["ALL"]},"readOnlyRootFilesystem":true,"seccompProfile":{"type":"RuntimeDefault"}},
       "envFrom":[{"configMapRef":{"name":"app-config"}},{"secretRef":{"name":"app-secret","optional":true}}],
       "volumeMounts":[{"name":"config","mountPath":"/etc/app","readOnly":true},{"name":"secret","mountPath":"/etc/secret"},
        {"name":"host","mountPath":"/host"},{"name":"data","mountPath":"/data","subPath":"app"},
        {"name":"all","mountPath":"/all"},{"name":"info","mountPath":"/info"},{"name":"scratch","mountPath":"/scratch"}]}],
      "volumes":[{"name":"config","configMap":{"name":"app-config","items":[{"key":"app.yaml","path":"app.yaml"}]}},
       {"name":"secret","secret":{"secretName":"app-secret","defaultMode":256}},
       {"name":"host","hostPath":{"path":"/var/log","type":"Directory"}},
       {"name":"data","persistentVolumeClaim":{"claimName":"data"}},
       {"name":"all","projected":{"sources":[{"serviceAccountToken":{"path":"token","audience":"api"}},
        {"configMap":{"name":"app-config"}},{"downwardAPI":{"items":[{"path":"labels","fieldRef":{"fieldPath":"metadata.labels"}}]}}]}},
       {"name":"info","downwardAPI":{"items":[{"path":"cpu","resourceFieldRef":{"containerName":"app","resource":"limits.cpu"}}]}},
       {"name":"scratch"}],
      "securityContext":{"fsGroup":2000,"sysctls":[{"name":"net.ipv4.ip_local_port_range","value":"1024 65535"}]},
      "nodeSelector":{"kubernetes.io/os":"linux"},"serviceAccountName":"app","imagePullSecrets":[{"name":"regcred"}],
      "hostAliases":[{"ip":"10.0.0.1","hostnames":["db.local"]}],"dnsConfig":{"options":[{"name":"ndots","value":"2"}]},
      "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
       {"matchExpressions":[{"key":"disktype","operator":"In","values":["ssd"]}]}]}}}}}
    """#

    static let statefulSet = #"""
    {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"default"},
     "spec":{"serviceName":"db","replicas":3,"selector":{"matchLabels":{"app":"db"}},"podManagementPolicy":"Parallel",
      "template":{"metadata":{"labels":{"app":"db"}},"spec":{"terminationGracePeriodSeconds":10,
       "containers":[{"name":"postgres","image":"postgres:16","ports":[{"containerPort":5432,"name":"pg"}],
        "env":[{"name":"PGPASSWORD","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}}],
        "volumeMounts":[{"name":"data","mountPath":"/var/lib/postgresql/data"}]}]}},
      "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
       "storageClassName":"standard","resources":{"requests":{"storage":"1Gi"}}}}]}}
    """#

    static let daemonSet = #"""
    {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"kube-system"},
     "spec":{"selector":{"matchLabels":{"name":"agent"}},"template":{"metadata":{"labels":{"name":"agent"}},
      "spec":{"hostNetwork":true,"priorityClassName":"system-node-critical",
       "tolerations":[{"operator":"Exists"}],
       "containers":[{"name":"agent","image":"agent:v2","securityContext":{"privileged":true},
        "volumeMounts":[{"name":"varlog","mountPath":"/var/log"}]}],
       "volumes":[{"name":"varlog","hostPath":{"path":"/var/log"}}]}}}}
    """#

    static let job = #"""
    {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"default"},
     "spec":{"backoffLimit":4,"ttlSecondsAfterFinished":100,"template":{"spec":{"restartPolicy":"Never",
      "containers":[{"name":"pi","image":"perl:5.34.0","command":["perl","-Mbignum=bpi","-wle","print bpi(2000)"]}]}}}}
    """#

    static let cronJob = #"""
    {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"hello","namespace":"default"},
     "spec":{"schedule":"*/5 * * * *","timeZone":"Etc/UTC","jobTemplate":{"spec":{"template":{"spec":{
      "restartPolicy":"OnFailure","containers":[{"name":"hello","image":"busybox:1.28",
      "command":["/bin/sh","-c","date; echo Hello"]}]}}}}}}
    """#

    static let service = #"""
    {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
     "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http"},
      {"name":"https","port":443,"targetPort":8443,"protocol":"TCP"}]}}
    """#

    static let configMap = #"""
    {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app-config","namespace":"default"},
     "data":{"app.yaml":"level: info\n","LOG_LEVEL":"debug"},"binaryData":{"logo.png":"iVBORw0KGgo="}}
    """#

    static let secret = #"""
    {"apiVersion":"v1","kind":"Secret","metadata":{"name":"app-secret","namespace":"default"},
     "data":{"password":"czNjcjN0"},"stringData":{"user":"admin"}}
    """#

    /// A Node as the kubelet registers it and then reports its status.
    static let node = #"""
    {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1","labels":{"kubernetes.io/hostname":"node-1",
      "kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","beta.kubernetes.io/os":"linux"},
      "annotations":{"node.alpha.kubernetes.io/ttl":"0","volumes.kubernetes.io/controller-managed-attach-detach":"true"}},
     "spec":{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"],
      "taints":[{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}]},
     "status":{"capacity":{"cpu":"2","memory":"4025288Ki","pods":"110","ephemeral-storage":"61202244Ki"},
      "allocatable":{"cpu":"2","memory":"3922888Ki","pods":"110"},
      "conditions":[{"type":"Ready","status":"True","lastHeartbeatTime":"2024-05-01T10:00:00Z",
       "lastTransitionTime":"2024-05-01T09:00:00Z","reason":"KubeletReady","message":"kubelet is posting ready status"}],
      "addresses":[{"type":"InternalIP","address":"172.18.0.2"},{"type":"Hostname","address":"node-1"}],
      "daemonEndpoints":{"kubeletEndpoint":{"Port":10250}},
      "nodeInfo":{"machineID":"m","systemUUID":"u","bootID":"b","kernelVersion":"6.1.0","osImage":"Debian",
       "containerRuntimeVersion":"skiff://0.1","kubeletVersion":"v1.32.0","kubeProxyVersion":"v1.32.0",
       "operatingSystem":"linux","architecture":"amd64"},
      "images":[{"names":["nginx:1.27"],"sizeBytes":72000000}],"runtimeHandlers":[{"name":"","features":{"recursiveReadOnlyMounts":false}}]}}
    """#

    static let lease = #"""
    {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"node-1","namespace":"kube-node-lease",
      "ownerReferences":[{"apiVersion":"v1","kind":"Node","name":"node-1","uid":"4f1c"}]},
     "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,"renewTime":"2024-05-01T10:00:00.000000Z"}}
    """#

    static let endpointSlice = #"""
    {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-abc12","namespace":"default",
      "labels":{"kubernetes.io/service-name":"web","endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io"}},
     "addressType":"IPv4","ports":[{"name":"http","port":80,"protocol":"TCP"}],
     "endpoints":[{"addresses":["10.244.1.5"],"conditions":{"ready":true,"serving":true,"terminating":false},
      "nodeName":"node-1","zone":"a","targetRef":{"kind":"Pod","namespace":"default","name":"web-1","uid":"x"}}]}
    """#

    static let event = #"""
    {"apiVersion":"v1","kind":"Event","metadata":{"name":"web-1.17c2","namespace":"default"},
     "involvedObject":{"kind":"Pod","namespace":"default","name":"web-1","uid":"x","apiVersion":"v1","fieldPath":"spec.containers{nginx}"},
     "reason":"Pulled","message":"Container image already present","source":{"component":"kubelet","host":"node-1"},
     "firstTimestamp":"2024-05-01T10:00:00Z","lastTimestamp":"2024-05-01T10:00:00Z","count":1,"type":"Normal",
     "reportingComponent":"kubelet","reportingInstance":"node-1"}
    """#

    /// Every manifest with its kind.
    static let all: [(String, String)] = [
        ("Deployment", deployment), ("Pod", pod), ("StatefulSet", statefulSet), ("DaemonSet", daemonSet),
        ("Job", job), ("CronJob", cronJob), ("Service", service), ("ConfigMap", configMap), ("Secret", secret),
        ("Node", node), ("Lease", lease), ("EndpointSlice", endpointSlice), ("Event", event),
    ]
}

extension JSON {
    /// A copy with the value at `path` replaced (test helper; creates missing object levels).
    func setting(_ path: [JSONPathComponent], _ value: JSON?) -> JSON {
        guard let first = path.first else { return value ?? .null }
        let rest = Array(path.dropFirst())
        var copy = self
        switch first {
        case .key(let k): copy[k] = (self[k] ?? .emptyObject).setting(rest, value)
        case .index(let i): copy[i] = (self[i] ?? .emptyObject).setting(rest, value)
        }
        return copy
    }
}
