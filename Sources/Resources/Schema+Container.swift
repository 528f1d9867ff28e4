/// `Container` and everything inside it: ports, env, probes, lifecycle hooks, resources,
/// security context (core/v1, k8s.io/api v1.32).
extension Schema {
    /// The fields `Container` and `EphemeralContainer` share (Go repeats them in both).
    private static let containerFields: [String: Schema] = [
        "name": .string,
        "image": .string,
        "command": .array(.string),
        "args": .array(.string),
        "workingDir": .string,
        "ports": .array(.containerPort),
        "envFrom": .array(.envFromSource),
        "env": .array(.envVar),
        "resources": .resourceRequirements,
        "resizePolicy": .array(.containerResizePolicy),
        "restartPolicy": .string("ContainerRestartPolicy"),
        "volumeMounts": .array(.volumeMount),
        "volumeDevices": .array(.volumeDevice),
        "livenessProbe": .probe,
        "readinessProbe": .probe,
        "startupProbe": .probe,
        "lifecycle": .lifecycle,
        "terminationMessagePath": .string,
        "terminationMessagePolicy": .string("TerminationMessagePolicy"),
        "imagePullPolicy": .string("PullPolicy"),
        "securityContext": .securityContext,
        "stdin": .bool,
        "stdinOnce": .bool,
        "tty": .bool,
    ]

    static let container = Schema.object("Container", containerFields)

    static let ephemeralContainer = Schema.object("EphemeralContainer",
                                                  containerFields.merging(["targetContainerName": .string]) { $1 })

    static let resourceRequirements = Schema.object("ResourceRequirements", [
        "limits": .map(.quantity),
        "requests": .map(.quantity),
        "claims": .array(.resourceClaim),
    ])

    static let containerPort = Schema.object("ContainerPort", [
        "name": .string,
        "hostPort": .int32,
        "containerPort": .int32,
        "protocol": .string("Protocol"),
        "hostIP": .string,
    ])

    static let envFromSource = Schema.object("EnvFromSource", [
        "prefix": .string,
        "configMapRef": .configMapEnvSource,
        "secretRef": .secretEnvSource,
    ])

    static let envVar = Schema.object("EnvVar", [
        "name": .string,
        "value": .string,
        "valueFrom": .envVarSource,
    ])

    static let containerResizePolicy = Schema.object("ContainerResizePolicy", [
        "resourceName": .string("ResourceName"),
        "restartPolicy": .string("ResourceResizeRestartPolicy"),
    ])

    static let volumeMount = Schema.object("VolumeMount", [
        "name": .string,
        "readOnly": .bool,
        "recursiveReadOnly": .string("RecursiveReadOnlyMode"),
        "mountPath": .string,
        "subPath": .string,
        "mountPropagation": .string("MountPropagationMode"),
        "subPathExpr": .string,
    ])

    static let volumeDevice = Schema.object("VolumeDevice", [
        "name": .string,
        "devicePath": .string,
    ])

    static let probe = Schema.object("Probe", [
        "exec": .execAction,
        "httpGet": .httpGetAction,
        "tcpSocket": .tcpSocketAction,
        "grpc": .grpcAction,
        "initialDelaySeconds": .int32,
        "timeoutSeconds": .int32,
        "periodSeconds": .int32,
        "successThreshold": .int32,
        "failureThreshold": .int32,
        "terminationGracePeriodSeconds": .int64,
    ])

    static let lifecycle = Schema.object("Lifecycle", [
        "postStart": .lifecycleHandler,
        "preStop": .lifecycleHandler,
    ])

    static let securityContext = Schema.object("SecurityContext", [
        "capabilities": .capabilities,
        "privileged": .bool,
        "seLinuxOptions": .seLinuxOptions,
        "windowsOptions": .windowsSecurityContextOptions,
        "runAsUser": .int64,
        "runAsGroup": .int64,
        "runAsNonRoot": .bool,
        "readOnlyRootFilesystem": .bool,
        "allowPrivilegeEscalation": .bool,
        "procMount": .string("ProcMountType"),
        "seccompProfile": .seccompProfile,
        "appArmorProfile": .appArmorProfile,
    ])

    static let seLinuxOptions = Schema.object("SELinuxOptions", [
        "user": .string,
        "role": .string,
        "type": .string,
        "level": .string,
    ])

    static let windowsSecurityContextOptions = Schema.object("WindowsSecurityContextOptions", [
        "gmsaCredentialSpecName": .string,
        "gmsaCredentialSpec": .string,
        "runAsUserName": .string,
        "hostProcess": .bool,
    ])

    static let seccompProfile = Schema.object("SeccompProfile", [
        "type": .string("SeccompProfileType"),
        "localhostProfile": .string,
    ])

    static let appArmorProfile = Schema.object("AppArmorProfile", [
        "type": .string("AppArmorProfileType"),
        "localhostProfile": .string,
    ])

    static let resourceClaim = Schema.object("ResourceClaim", [
        "name": .string,
        "request": .string,
    ])

    static let configMapEnvSource = Schema.object("ConfigMapEnvSource", [
        "name": .string,
        "optional": .bool,
    ])

    static let secretEnvSource = Schema.object("SecretEnvSource", [
        "name": .string,
        "optional": .bool,
    ])

    static let envVarSource = Schema.object("EnvVarSource", [
        "fieldRef": .objectFieldSelector,
        "resourceFieldRef": .resourceFieldSelector,
        "configMapKeyRef": .configMapKeySelector,
        "secretKeyRef": .secretKeySelector,
    ])

    static let execAction = Schema.object("ExecAction", [
        "command": .array(.string),
    ])

    static let httpGetAction = Schema.object("HTTPGetAction", [
        "path": .string,
        "port": .intOrString,
        "host": .string,
        "scheme": .string("URIScheme"),
        "httpHeaders": .array(.httpHeader),
    ])

    static let tcpSocketAction = Schema.object("TCPSocketAction", [
        "port": .intOrString,
        "host": .string,
    ])

    static let grpcAction = Schema.object("GRPCAction", [
        "port": .int32,
        "service": .string,
    ])

    static let lifecycleHandler = Schema.object("LifecycleHandler", [
        "exec": .execAction,
        "httpGet": .httpGetAction,
        "tcpSocket": .tcpSocketAction,
        "sleep": .sleepAction,
    ])

    static let capabilities = Schema.object("Capabilities", [
        "add": .array(.string("Capability")),
        "drop": .array(.string("Capability")),
    ])

    static let objectFieldSelector = Schema.object("ObjectFieldSelector", [
        "apiVersion": .string,
        "fieldPath": .string,
    ])

    static let resourceFieldSelector = Schema.object("ResourceFieldSelector", [
        "containerName": .string,
        "resource": .string,
        "divisor": .quantity,
    ])

    static let configMapKeySelector = Schema.object("ConfigMapKeySelector", [
        "name": .string,
        "key": .string,
        "optional": .bool,
    ])

    static let secretKeySelector = Schema.object("SecretKeySelector", [
        "name": .string,
        "key": .string,
        "optional": .bool,
    ])

    static let httpHeader = Schema.object("HTTPHeader", [
        "name": .string,
        "value": .string,
    ])

    static let sleepAction = Schema.object("SleepAction", [
        "seconds": .int64,
    ])
}
