/// One realistic manifest per built-in kind, with what kubectl 1.32 prints for it against
/// Kubernetes 1.32.
///
/// Where the expected strings come from:
/// - `printedName`: kubectl's `-o name` and apply/create/delete lines print
///   `<resource singular>[.<group>]/<name>` (`printers.NamePrinter`, `ResourcePrinter`
///   with `WithKind`); the core group has no suffix.
/// - `columns` / `wideColumns`: the `TableColumnDefinition`s of kubernetes
///   `pkg/printers/internalversion/printers.go` (release-1.32) for the kind, upper-cased by
///   kubectl's table printer; priority-1 columns appear only with `-o wide`.
/// - `cells`: the cells `printers.go` computes from the fields sent here. Only cells that do not
///   depend on controllers are listed (Skiff has none yet, and against Kubernetes they would
///   fill in status), nor Age, nor the Service's allocated ClusterIP.
struct KindFixture: Sendable, CustomStringConvertible {
    let kind: String
    /// The `kubectl get` argument.
    let resource: String
    let name: String
    let printedName: String
    let namespaced: Bool
    let columns: [String]
    let wideColumns: [String]
    /// Column header to the cell kubectl prints in this object's row (wide columns included).
    let cells: [String: String]
    /// In the `all` category (`kubectl get all`), as Kubernetes' discovery declares it.
    let inAll: Bool
    let yaml: String

    var description: String { kind }

    /// The header of `get -o wide`: the priority-1 columns after the others, except for Event,
    /// whose column definitions interleave them (Subobject and Source before Message).
    var wideHeader: [String] {
        kind == "Event" ? ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]
                        : columns + wideColumns
    }

    /// The file name used for this fixture in a manifest directory (kubectl walks it in
    /// lexical order, so the index keeps the table order).
    func fileName(_ index: Int) -> String { String(format: "%02d-%@.yaml", index, kind.lowercased()) }

    static let all: [KindFixture] = [
        KindFixture(
            kind: "Pod", resource: "pods", name: "web-0", printedName: "pod/web-0", namespaced: true,
            columns: ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            wideColumns: ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
            // printPod: ready/total containers, phase, restarts; `<none>` for an unset IP, node,
            // nominated node and for no readiness gates.
            cells: ["READY": "0/1", "STATUS": "Pending", "RESTARTS": "0", "IP": "<none>", "NODE": "<none>",
                    "NOMINATED NODE": "<none>", "READINESS GATES": "<none>"],
            inAll: true, yaml: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web-0
                  labels: {app: web, tier: front}
                  annotations: {team: platform}
                spec:
                  nodeSelector: {disktype: ssd}
                  containers:
                  - name: nginx
                    image: nginx:1.27
                    ports:
                    - {name: http, containerPort: 80}
                    env:
                    - {name: MODE, value: prod}
                    resources:
                      requests: {cpu: 100m, memory: 64Mi}
                      limits: {memory: 128Mi}

                """),
        KindFixture(
            kind: "Node", resource: "nodes", name: "node-1", printedName: "node/node-1", namespaced: false,
            columns: ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            wideColumns: ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
            // printNode: no Ready condition is "Unknown"; roles from node-role.kubernetes.io/<role>
            // labels; an empty kubeletVersion prints empty; `<none>` addresses, `<unknown>` node info.
            cells: ["STATUS": "Unknown", "ROLES": "worker", "VERSION": "", "INTERNAL-IP": "<none>",
                    "EXTERNAL-IP": "<none>", "OS-IMAGE": "<unknown>", "KERNEL-VERSION": "<unknown>",
                    "CONTAINER-RUNTIME": "<unknown>"],
            inAll: false, yaml: """
                apiVersion: v1
                kind: Node
                metadata:
                  name: node-1
                  labels: {kubernetes.io/hostname: node-1, node-role.kubernetes.io/worker: ""}
                spec:
                  podCIDR: 10.244.1.0/24
                  taints:
                  - {key: dedicated, value: gpu, effect: NoSchedule}

                """),
        KindFixture(
            kind: "Namespace", resource: "namespaces", name: "team-a", printedName: "namespace/team-a", namespaced: false,
            columns: ["NAME", "STATUS", "AGE"], wideColumns: [],
            cells: ["STATUS": "Active"],
            inAll: false, yaml: """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: team-a
                  labels: {owner: team-a}

                """),
        KindFixture(
            kind: "Service", resource: "services", name: "web", printedName: "service/web", namespaced: true,
            columns: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], wideColumns: ["SELECTOR"],
            // printService: type defaults to ClusterIP; no external IPs is `<none>`; ports as port/protocol.
            cells: ["TYPE": "ClusterIP", "EXTERNAL-IP": "<none>", "PORT(S)": "80/TCP", "SELECTOR": "app=web"],
            inAll: true, yaml: """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  labels: {app: web}
                spec:
                  selector: {app: web}
                  ports:
                  - {name: http, port: 80, targetPort: 8080, protocol: TCP}

                """),
        KindFixture(
            kind: "Endpoints", resource: "endpoints", name: "external-db", printedName: "endpoints/external-db", namespaced: true,
            columns: ["NAME", "ENDPOINTS", "AGE"], wideColumns: [],
            cells: ["ENDPOINTS": "10.0.0.5:5432"],
            inAll: false, yaml: """
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: external-db
                  labels: {app: db}
                subsets:
                - addresses:
                  - {ip: 10.0.0.5}
                  ports:
                  - {name: pg, port: 5432, protocol: TCP}

                """),
        KindFixture(
            kind: "Event", resource: "events", name: "web-0.17f0a1b2c3d4e5f6", printedName: "event/web-0.17f0a1b2c3d4e5f6",
            namespaced: true,
            // Events have no NAME column first: Last Seen, Type, Reason, Object, Message; wide adds
            // Subobject, Source (between Object and Message), First Seen, Count, Name.
            columns: ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
            wideColumns: ["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"],
            cells: ["TYPE": "Normal", "REASON": "Scheduled", "OBJECT": "pod/web-0",
                    "MESSAGE": "Successfully assigned default/web-0 to node-1", "SUBOBJECT": "",
                    "SOURCE": "default-scheduler", "COUNT": "1", "NAME": "web-0.17f0a1b2c3d4e5f6"],
            inAll: false, yaml: """
                apiVersion: v1
                kind: Event
                metadata:
                  name: web-0.17f0a1b2c3d4e5f6
                  labels: {app: web}
                involvedObject: {apiVersion: v1, kind: Pod, name: web-0, namespace: default}
                reason: Scheduled
                message: Successfully assigned default/web-0 to node-1
                type: Normal
                count: 1
                firstTimestamp: "2025-01-01T00:00:00Z"
                lastTimestamp: "2025-01-01T00:00:00Z"
                source: {component: default-scheduler}

                """),
        KindFixture(
            kind: "ConfigMap", resource: "configmaps", name: "settings", printedName: "configmap/settings", namespaced: true,
            columns: ["NAME", "DATA", "AGE"], wideColumns: [],
            cells: ["DATA": "2"],
            inAll: false, yaml: """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  labels: {app: web}
                data:
                  mode: prod
                  app.properties: |
                    greeting=hello
                    color=blue

                """),
        KindFixture(
            kind: "Secret", resource: "secrets", name: "creds", printedName: "secret/creds", namespaced: true,
            columns: ["NAME", "TYPE", "DATA", "AGE"], wideColumns: [],
            cells: ["TYPE": "Opaque", "DATA": "2"],
            inAll: false, yaml: """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: creds
                  labels: {app: web}
                type: Opaque
                data:
                  username: YWRtaW4=
                  password: czNjcjN0

                """),
        KindFixture(
            kind: "PersistentVolume", resource: "persistentvolumes", name: "pv-data", printedName: "persistentvolume/pv-data",
            namespaced: false,
            columns: ["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS",
                      "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"],
            wideColumns: ["VOLUMEMODE"],
            // Status is left out: Kubernetes' PV controller turns Pending into Available.
            cells: ["CAPACITY": "10Gi", "ACCESS MODES": "RWO", "RECLAIM POLICY": "Retain", "CLAIM": "",
                    "STORAGECLASS": "manual", "VOLUMEATTRIBUTESCLASS": "<unset>", "REASON": "", "VOLUMEMODE": "Filesystem"],
            inAll: false, yaml: """
                apiVersion: v1
                kind: PersistentVolume
                metadata:
                  name: pv-data
                  labels: {type: local}
                spec:
                  capacity: {storage: 10Gi}
                  accessModes: [ReadWriteOnce]
                  persistentVolumeReclaimPolicy: Retain
                  storageClassName: manual
                  hostPath: {path: /mnt/data}

                """),
        KindFixture(
            kind: "PersistentVolumeClaim", resource: "persistentvolumeclaims", name: "data",
            printedName: "persistentvolumeclaim/data", namespaced: true,
            columns: ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"],
            wideColumns: ["VOLUMEMODE"],
            // A class no PV has: it stays Pending and unbound against Kubernetes too.
            cells: ["STATUS": "Pending", "VOLUME": "", "CAPACITY": "", "ACCESS MODES": "", "STORAGECLASS": "fast-ssd",
                    "VOLUMEATTRIBUTESCLASS": "<unset>", "VOLUMEMODE": "Filesystem"],
            inAll: false, yaml: """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: data
                  labels: {app: db}
                spec:
                  accessModes: [ReadWriteOnce]
                  storageClassName: fast-ssd
                  resources:
                    requests: {storage: 1Gi}

                """),
        KindFixture(
            kind: "ReplicationController", resource: "replicationcontrollers", name: "legacy",
            printedName: "replicationcontroller/legacy", namespaced: true,
            columns: ["NAME", "DESIRED", "CURRENT", "READY", "AGE"], wideColumns: ["CONTAINERS", "IMAGES", "SELECTOR"],
            cells: ["DESIRED": "2", "CONTAINERS": "app", "IMAGES": "busybox:1.36", "SELECTOR": "app=legacy"],
            inAll: true, yaml: """
                apiVersion: v1
                kind: ReplicationController
                metadata:
                  name: legacy
                  labels: {app: legacy}
                spec:
                  replicas: 2
                  selector: {app: legacy}
                  template:
                    metadata:
                      labels: {app: legacy}
                    spec:
                      containers:
                      - {name: app, image: "busybox:1.36", command: [sleep, "3600"]}

                """),
        KindFixture(
            kind: "Deployment", resource: "deployments", name: "web", printedName: "deployment.apps/web", namespaced: true,
            columns: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], wideColumns: ["CONTAINERS", "IMAGES", "SELECTOR"],
            cells: ["CONTAINERS": "nginx", "IMAGES": "nginx:1.27", "SELECTOR": "app=web"],
            inAll: true, yaml: """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {app: web}
                spec:
                  replicas: 3
                  revisionHistoryLimit: 5
                  selector:
                    matchLabels: {app: web}
                  strategy:
                    type: RollingUpdate
                    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx:1.27
                        ports: [{containerPort: 80}]
                        readinessProbe:
                          httpGet: {path: /healthz, port: 80}
                          periodSeconds: 5

                """),
        KindFixture(
            kind: "ReplicaSet", resource: "replicasets", name: "frontend", printedName: "replicaset.apps/frontend", namespaced: true,
            columns: ["NAME", "DESIRED", "CURRENT", "READY", "AGE"], wideColumns: ["CONTAINERS", "IMAGES", "SELECTOR"],
            // A set-based selector prints as labels.Selector.String(): `tier in (frontend)`.
            cells: ["DESIRED": "2", "CONTAINERS": "php-redis", "IMAGES": "gcr.io/google_samples/gb-frontend:v3",
                    "SELECTOR": "tier in (frontend)"],
            inAll: true, yaml: """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: frontend
                  labels: {app: guestbook, tier: frontend}
                spec:
                  replicas: 2
                  selector:
                    matchExpressions:
                    - {key: tier, operator: In, values: [frontend]}
                  template:
                    metadata:
                      labels: {tier: frontend}
                    spec:
                      containers:
                      - {name: php-redis, image: "gcr.io/google_samples/gb-frontend:v3"}

                """),
        KindFixture(
            kind: "DaemonSet", resource: "daemonsets", name: "log-agent", printedName: "daemonset.apps/log-agent", namespaced: true,
            columns: ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
            wideColumns: ["CONTAINERS", "IMAGES", "SELECTOR"],
            cells: ["NODE SELECTOR": "kubernetes.io/os=linux", "CONTAINERS": "fluentd", "IMAGES": "fluentd:v1.16",
                    "SELECTOR": "app=log-agent"],
            inAll: true, yaml: """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: log-agent
                  labels: {app: log-agent}
                spec:
                  selector:
                    matchLabels: {app: log-agent}
                  template:
                    metadata:
                      labels: {app: log-agent}
                    spec:
                      nodeSelector: {kubernetes.io/os: linux}
                      tolerations:
                      - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}
                      containers:
                      - name: fluentd
                        image: fluentd:v1.16
                        volumeMounts: [{name: varlog, mountPath: /var/log}]
                      volumes:
                      - {name: varlog, hostPath: {path: /var/log}}

                """),
        KindFixture(
            kind: "StatefulSet", resource: "statefulsets", name: "db", printedName: "statefulset.apps/db", namespaced: true,
            columns: ["NAME", "READY", "AGE"], wideColumns: ["CONTAINERS", "IMAGES"],
            cells: ["CONTAINERS": "postgres", "IMAGES": "postgres:16"],
            inAll: true, yaml: """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: db
                  labels: {app: db}
                spec:
                  serviceName: db
                  replicas: 3
                  selector:
                    matchLabels: {app: db}
                  template:
                    metadata:
                      labels: {app: db}
                    spec:
                      containers:
                      - name: postgres
                        image: postgres:16
                        ports: [{containerPort: 5432, name: pg}]
                        volumeMounts: [{name: pgdata, mountPath: /var/lib/postgresql/data}]
                  volumeClaimTemplates:
                  - metadata: {name: pgdata}
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources:
                        requests: {storage: 1Gi}

                """),
        KindFixture(
            kind: "ControllerRevision", resource: "controllerrevisions", name: "db-7d9f8c6b5",
            printedName: "controllerrevision.apps/db-7d9f8c6b5", namespaced: true,
            columns: ["NAME", "CONTROLLER", "REVISION", "AGE"], wideColumns: [],
            // printControllerRevision: no controller ownerReference is `<none>`.
            cells: ["CONTROLLER": "<none>", "REVISION": "1"],
            inAll: false, yaml: """
                apiVersion: apps/v1
                kind: ControllerRevision
                metadata:
                  name: db-7d9f8c6b5
                  labels: {app: db}
                revision: 1
                data:
                  spec:
                    template:
                      metadata:
                        labels: {app: db}

                """),
        KindFixture(
            kind: "Job", resource: "jobs", name: "pi", printedName: "job.batch/pi", namespaced: true,
            columns: ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], wideColumns: ["CONTAINERS", "IMAGES", "SELECTOR"],
            cells: ["CONTAINERS": "pi", "IMAGES": "perl:5.34"],
            inAll: true, yaml: """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: pi
                  labels: {app: pi}
                spec:
                  completions: 1
                  backoffLimit: 4
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: pi, image: "perl:5.34", command: [perl, "-Mbignum=bpi", "-wle", "print bpi(200)"]}

                """),
        KindFixture(
            kind: "CronJob", resource: "cronjobs", name: "nightly", printedName: "cronjob.batch/nightly", namespaced: true,
            columns: ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
            wideColumns: ["CONTAINERS", "IMAGES", "SELECTOR"],
            // printCronJob: suspend defaults to false (printed False), no last schedule is `<none>`,
            // nor a selector on the job template.
            cells: ["SCHEDULE": "0 3 * * *", "TIMEZONE": "Etc/UTC", "SUSPEND": "False", "ACTIVE": "0",
                    "LAST SCHEDULE": "<none>", "CONTAINERS": "backup", "IMAGES": "busybox:1.36", "SELECTOR": "<none>"],
            inAll: true, yaml: """
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: nightly
                  labels: {app: backup}
                spec:
                  schedule: "0 3 * * *"
                  timeZone: Etc/UTC
                  concurrencyPolicy: Forbid
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers:
                          - {name: backup, image: "busybox:1.36", command: [sh, -c, date]}

                """),
        KindFixture(
            kind: "Lease", resource: "leases", name: "scheduler-lock", printedName: "lease.coordination.k8s.io/scheduler-lock",
            namespaced: true,
            columns: ["NAME", "HOLDER", "AGE"], wideColumns: [],
            cells: ["HOLDER": "node-1_abc123"],
            inAll: false, yaml: """
                apiVersion: coordination.k8s.io/v1
                kind: Lease
                metadata:
                  name: scheduler-lock
                  labels: {app: scheduler}
                spec:
                  holderIdentity: node-1_abc123
                  leaseDurationSeconds: 15
                  leaseTransitions: 2

                """),
        KindFixture(
            kind: "EndpointSlice", resource: "endpointslices", name: "web-abc12",
            printedName: "endpointslice.discovery.k8s.io/web-abc12", namespaced: true,
            columns: ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], wideColumns: [],
            cells: ["ADDRESSTYPE": "IPv4", "PORTS": "8080", "ENDPOINTS": "10.244.1.5"],
            inAll: false, yaml: """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: web-abc12
                  labels: {kubernetes.io/service-name: web}
                addressType: IPv4
                ports:
                - {name: http, protocol: TCP, port: 8080}
                endpoints:
                - addresses: [10.244.1.5]
                  conditions: {ready: true}
                  nodeName: node-1

                """),
    ]
}
