/// The services to run, resolved from a ``ComposeFile``: node template instantiated,
/// `${…}` expanded, dependencies checked and ordered, services this `skiff` cannot run dropped.
public struct ComposePlan: Sendable, Equatable {
    /// In start order: each after everything it depends on.
    public var services: [PlannedService]
    /// One line per `skiff` subcommand missing from this build, naming the services skipped for it.
    public var notices: [String]
    /// Names of the services skipped.
    public var skipped: [String]

    public func service(_ name: String) -> PlannedService? { services.first { $0.name == name } }
}

/// A service ready to be started.
public struct PlannedService: Sendable, Equatable {
    public enum Program: Sendable, Equatable {
        /// This `skiff` binary with these arguments (the first is the subcommand).
        case skiff([String])
        /// An executable (a path) and its arguments.
        case executable(String, [String])
    }
    public var name: String
    public var program: Program
    /// Only dependencies on services that run (those on skipped services are dropped).
    public var dependsOn: [Dependency]
    public var healthcheck: HealthCheck?
    public var restart: RestartPolicy
    public var environment: [String: String]
    /// The node this service belongs to (`node-2`), for node template instances.
    public var node: String?

    /// The command line as shown by `ps`.
    public var commandLine: String {
        switch program {
        case .skiff(let arguments): (["skiff"] + arguments).joined(separator: " ")
        case .executable(let path, let arguments): ([path] + arguments).joined(separator: " ")
        }
    }
}

extension ComposeFile {
    /// Resolves the file into the services to run.
    ///
    /// - Parameters:
    ///   - nodes: how many nodes of the template (`--scale node=N`); nil: the file's `scale`.
    ///   - environment: what `${NAME}` expands to.
    ///   - available: the subcommands of this `skiff`; services running another are skipped.
    ///     nil: skip nothing.
    public func resolve(nodes: Int? = nil, environment: [String: String] = [:],
                        available: Set<String>? = nil) throws(ComposeError) -> ComposePlan {
        var definitions: [(ServiceDefinition, node: String?, variables: [String: String])] = services.map { ($0, nil, [:]) }
        if let template = node {
            let count = nodes ?? template.scale
            guard count >= 0 else { throw ComposeError("the node count must be ≥ 0") }
            let local = Set(template.services.map(\.name))
            for index in stride(from: 1, through: count, by: 1) {
                let nodeName = "\(template.name)-\(index)"
                let variables = ["node": nodeName, "index": String(index)]
                for service in template.services {
                    var instance = service
                    instance.name = "\(nodeName).\(service.name)"
                    instance.dependsOn = service.dependsOn.map {
                        Dependency(local.contains($0.service) ? "\(nodeName).\($0.service)" : $0.service, $0.condition)
                    }
                    definitions.append((instance, nodeName, variables.merging(["portOffset": String(template.portStep * (index - 1))]) { $1 }))
                }
            }
        } else if let nodes, nodes != 0 {
            throw ComposeError("--scale \(nodes): this compose file has no x-node template")
        }

        var seen: Set<String> = []
        for (definition, _, _) in definitions {
            guard seen.insert(definition.name).inserted else { throw ComposeError("service \"\(definition.name)\" is defined twice") }
        }
        let byName = Dictionary(definitions.map { ($0.0.name, $0.0) }, uniquingKeysWith: { a, _ in a })
        for (definition, _, _) in definitions {
            for dependency in definition.dependsOn {
                guard let target = byName[dependency.service] else {
                    throw ComposeError("services.\(definition.name).depends_on: undefined service \"\(dependency.service)\"")
                }
                if dependency.service == definition.name {
                    throw ComposeError("services.\(definition.name).depends_on: a service cannot depend on itself")
                }
                if dependency.condition == .healthy, target.healthcheck == nil {
                    throw ComposeError("services.\(definition.name).depends_on: \"\(dependency.service)\" must be healthy, but it has no healthcheck")
                }
            }
        }
        let order = try DependencyOrder.sort(definitions.map { ($0.0.name, $0.0.dependsOn.map(\.service)) })

        var planned: [String: PlannedService] = [:]
        var missing: [(subcommand: String, services: [String])] = []
        for (definition, nodeName, variables) in definitions {
            let path = "services.\(definition.name)"
            let lookup: (String) -> String? = { name in
                if let value = variables[name] { return value }
                if name.hasPrefix("port:"), let offset = variables["portOffset"].flatMap({ Int($0) }) {
                    return Int(name.dropFirst(5)).map { String($0 + offset) }
                }
                return environment[name]
            }
            var command: [String] = []
            for word in definition.command { command.append(try Interpolation.expand(word, path: "\(path).command", lookup: lookup)) }
            var env: [String: String] = [:]
            for (key, value) in definition.environment { env[key] = try Interpolation.expand(value, path: "\(path).environment", lookup: lookup) }
            var check = definition.healthcheck
            switch check?.test {
            case .rpcPing(let endpoint)?: check?.test = .rpcPing(try Interpolation.expand(endpoint, path: "\(path).healthcheck", lookup: lookup))
            case .httpGet(let url)?: check?.test = .httpGet(try Interpolation.expand(url, path: "\(path).healthcheck", lookup: lookup))
            case .readyLine(let text)?: check?.test = .readyLine(try Interpolation.expand(text, path: "\(path).healthcheck", lookup: lookup))
            case nil: break
            }
            guard let first = command.first, !first.isEmpty else { throw ComposeError("\(path).command: empty") }
            let program: PlannedService.Program
            if first.contains("/") {
                program = .executable(first, Array(command.dropFirst()))
            } else {
                if let available, !available.contains(first) {
                    if let i = missing.firstIndex(where: { $0.subcommand == first }) { missing[i].services.append(definition.name) }
                    else { missing.append((first, [definition.name])) }
                    continue
                }
                program = .skiff(command)
            }
            planned[definition.name] = PlannedService(name: definition.name, program: program, dependsOn: definition.dependsOn,
                                                      healthcheck: check, restart: definition.restart, environment: env, node: nodeName)
        }
        let skipped = missing.flatMap(\.services)
        let services = order.compactMap { name -> PlannedService? in
            guard var service = planned[name] else { return nil }
            service.dependsOn.removeAll { planned[$0.service] == nil }
            return service
        }
        let notices = missing.map { "skipping \($0.services.joined(separator: ", ")): this skiff has no \"\($0.subcommand)\" subcommand" }
        return ComposePlan(services: services, notices: notices, skipped: skipped)
    }
}
