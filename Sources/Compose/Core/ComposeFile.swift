/// A compose file as written: top-level services and, optionally, a node template
/// instantiated once per node (`x-node`). Pure data; ``ComposeFile/parse(_:)`` reads it and
/// ``ComposeFile/resolve(nodes:environment:available:)`` turns it into the services to run.
public struct ComposeFile: Sendable, Equatable {
    /// The project's name (`name:`), if the file gives one.
    public var name: String?
    /// The top-level services, in file order.
    public var services: [ServiceDefinition]
    /// The node template, if any.
    public var node: NodeTemplate?

    public init(name: String? = nil, services: [ServiceDefinition], node: NodeTemplate? = nil) {
        self.name = name
        self.services = services
        self.node = node
    }
}

/// One service as written in the file (before interpolation and templating).
public struct ServiceDefinition: Sendable, Equatable {
    public var name: String
    /// A `skiff` subcommand and its arguments, or an executable path (containing `/`) and its arguments.
    public var command: [String]
    public var dependsOn: [Dependency]
    public var healthcheck: HealthCheck?
    public var restart: RestartPolicy
    public var environment: [String: String]

    public init(name: String, command: [String], dependsOn: [Dependency] = [], healthcheck: HealthCheck? = nil,
                restart: RestartPolicy = .no, environment: [String: String] = [:]) {
        self.name = name
        self.command = command
        self.dependsOn = dependsOn
        self.healthcheck = healthcheck
        self.restart = restart
        self.environment = environment
    }
}

/// `depends_on:` — start this service only once `service` meets `condition`.
public struct Dependency: Sendable, Equatable, Hashable {
    public enum Condition: String, Sendable, Equatable, Hashable {
        case started = "service_started"
        case healthy = "service_healthy"
        case completedSuccessfully = "service_completed_successfully"
    }
    public var service: String
    public var condition: Condition

    public init(_ service: String, _ condition: Condition = .started) {
        self.service = service
        self.condition = condition
    }
}

/// `restart:` — what to do when the service's process ends (not when compose stops it).
public enum RestartPolicy: String, Sendable, Equatable {
    case no
    case onFailure = "on-failure"
    case always

    /// Whether a process that ended with `exit` is started again.
    public func restarts(after exit: ExitStatus) -> Bool {
        switch self {
        case .no: false
        case .always: true
        case .onFailure: !exit.isSuccess
        }
    }
}

/// How a process ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)
    /// It could not be started at all (exec failed).
    case failedToStart(String)

    public var isSuccess: Bool { self == .exited(0) }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signalled(let signal): "signal \(signal)"
        case .failedToStart(let why): "could not start: \(why)"
        }
    }
}

/// `healthcheck:` — when the service counts as healthy.
public struct HealthCheck: Sendable, Equatable {
    public enum Test: Sendable, Equatable {
        /// A line on the service's stdout containing this text (every skiff service prints
        /// `skiff <service> ready …`). Healthy from that line until the process ends.
        case readyLine(String)
        /// A SKIFF-RPC/1 `_ping` to this endpoint answered.
        case rpcPing(String)
        /// An HTTP GET of this URL answered 2xx or 3xx.
        case httpGet(String)
    }
    public var test: Test
    /// Time between probes (RPC and HTTP checks).
    public var interval: Duration
    /// How long one probe may take.
    public var timeout: Duration
    /// Consecutive failed probes after which the service is unhealthy.
    public var retries: Int
    /// Failures in this time after the start do not count.
    public var startPeriod: Duration

    public init(_ test: Test, interval: Duration = .seconds(1), timeout: Duration = .seconds(2), retries: Int = 3,
                startPeriod: Duration = .zero) {
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.retries = retries
        self.startPeriod = startPeriod
    }
}

/// `x-node:` — services instantiated once per node, `node-1`, `node-2`, …
///
/// In its services, `${node}` is the node's name, `${index}` its number (from 1), and
/// `${port:N}` the port `N + portStep × (index − 1)`; a `depends_on` naming a service of the
/// template means that service of the same node. Instances are named `<node>.<service>`.
public struct NodeTemplate: Sendable, Equatable {
    /// The prefix of node names and what `--scale` names (`node`).
    public var name: String
    /// How many nodes when the command line does not say.
    public var scale: Int
    public var portStep: Int
    public var services: [ServiceDefinition]

    public init(name: String = "node", scale: Int = 1, portStep: Int = 100, services: [ServiceDefinition]) {
        self.name = name
        self.scale = scale
        self.portStep = portStep
        self.services = services
    }
}
