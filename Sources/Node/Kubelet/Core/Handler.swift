import Resources

/// A probe's or hook's action: exec, HTTP GET or TCP connect.
public enum Handler: Sendable, Equatable {
    case exec(command: [String])
    case httpGet(host: String?, port: Int, path: String, scheme: String, headers: [KeyValuePair])
    case tcpSocket(host: String?, port: Int)
    /// A kind Skiff does not run (grpc, sleep) or a port that does not resolve: always fails
    /// with this message.
    case unsupported(String)

    public struct KeyValuePair: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// Reads `exec`, `httpGet`, `tcpSocket` (and `sleep`, which needs no container).
    public init?(_ json: JSON, ports: [String: Int]) {
        func port(_ v: JSON?) -> Int? {
            if let n = v?.int { return Int(n) }
            if let s = v?.string { return Int(s) ?? ports[s] }
            return nil
        }
        if let exec = json["exec"], !exec.isNull {
            self = .exec(command: (exec["command"]?.array ?? []).compactMap(\.string))
        } else if let get = json["httpGet"], !get.isNull {
            guard let p = port(get["port"]) else {
                self = .unsupported("unresolvable port \(get["port"]?.serialized() ?? "null")")
                return
            }
            let headers = (get["httpHeaders"]?.array ?? []).map {
                KeyValuePair(name: $0["name"]?.string ?? "", value: $0["value"]?.string ?? "")
            }
            self = .httpGet(host: get["host"]?.string.flatMap { $0.isEmpty ? nil : $0 }, port: p,
                            path: get["path"]?.string ?? "/", scheme: get["scheme"]?.string ?? "HTTP", headers: headers)
        } else if let tcp = json["tcpSocket"], !tcp.isNull {
            guard let p = port(tcp["port"]) else {
                self = .unsupported("unresolvable port \(tcp["port"]?.serialized() ?? "null")")
                return
            }
            self = .tcpSocket(host: tcp["host"]?.string.flatMap { $0.isEmpty ? nil : $0 }, port: p)
        } else if json["grpc"] != nil {
            self = .unsupported("grpc probes are not supported by skiff")
        } else if json["sleep"] != nil {
            self = .exec(command: ["sleep", String(json["sleep"]?["seconds"]?.int ?? 0)])
        } else {
            return nil
        }
    }
}

/// A probe's spec with Kubernetes' defaults applied.
public struct ProbeSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case liveness = "Liveness", readiness = "Readiness", startup = "Startup"
    }
    public var handler: Handler
    public var initialDelaySeconds: Int64
    public var periodSeconds: Int64
    public var timeoutSeconds: Int64
    public var successThreshold: Int64
    public var failureThreshold: Int64
    /// The probe-level override of the pod's grace period, for kills it causes.
    public var terminationGracePeriodSeconds: Int64?

    public init(handler: Handler, initialDelaySeconds: Int64 = 0, periodSeconds: Int64 = 10, timeoutSeconds: Int64 = 1,
                successThreshold: Int64 = 1, failureThreshold: Int64 = 3, terminationGracePeriodSeconds: Int64? = nil) {
        self.handler = handler
        self.initialDelaySeconds = initialDelaySeconds
        self.periodSeconds = periodSeconds
        self.timeoutSeconds = timeoutSeconds
        self.successThreshold = successThreshold
        self.failureThreshold = failureThreshold
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
    }

    public init?(_ json: JSON, ports: [String: Int]) {
        guard let handler = Handler(json, ports: ports) else { return nil }
        self.init(handler: handler,
                  initialDelaySeconds: max(0, json["initialDelaySeconds"]?.int ?? 0),
                  periodSeconds: max(1, json["periodSeconds"]?.int ?? 10),
                  timeoutSeconds: max(1, json["timeoutSeconds"]?.int ?? 1),
                  successThreshold: max(1, json["successThreshold"]?.int ?? 1),
                  failureThreshold: max(1, json["failureThreshold"]?.int ?? 3),
                  terminationGracePeriodSeconds: json["terminationGracePeriodSeconds"]?.int)
    }
}
