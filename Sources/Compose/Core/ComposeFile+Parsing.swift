import Resources
import YAML

extension ComposeFile {
    /// Reads a compose file (YAML). Unknown keys are errors, except `x-…` extensions and `version`.
    public static func parse(_ bytes: [UInt8]) throws(ComposeError) -> ComposeFile {
        let document: JSON
        do { document = try YAMLToJSON.convert(bytes) } catch { throw ComposeError(error.message) }
        return try parse(document)
    }

    /// Reads a compose file already turned into JSON.
    public static func parse(_ document: JSON) throws(ComposeError) -> ComposeFile {
        guard let root = document.object else { throw ComposeError("the compose file must be a mapping with a services: key") }
        var file = ComposeFile(services: [])
        for (key, value) in root {
            switch key {
            case "name":
                guard let name = value.string, !name.isEmpty else { throw ComposeError("name: must be a string") }
                file.name = name
            case "version":
                continue
            case "services":
                file.services = try parseServices(value, path: "services")
            case "x-node":
                file.node = try parseNodeTemplate(value)
            default:
                if key.hasPrefix("x-") { continue }
                throw ComposeError("unknown top-level key \"\(key)\" (expected name, services, x-node or x-…)")
            }
        }
        guard root.contains("services") else { throw ComposeError("the compose file has no services: key") }
        return file
    }

    static func parseServices(_ value: JSON, path: String) throws(ComposeError) -> [ServiceDefinition] {
        guard let services = value.object else { throw ComposeError("\(path): must be a mapping of service names to services") }
        var result: [ServiceDefinition] = []
        for (name, body) in services {
            guard isValidName(name) else {
                throw ComposeError("\(path): \"\(name)\" is not a valid service name (letters, digits, '-', '_'; starting with a letter or digit)")
            }
            result.append(try parseService(name: name, body, path: "\(path).\(name)"))
        }
        return result
    }

    static func isValidName(_ name: String) -> Bool {
        func alphanumeric(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) || (0x41...0x5a).contains(c) || (0x61...0x7a).contains(c) }
        guard let first = name.utf8.first, alphanumeric(first) else { return false }
        return name.utf8.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    static func parseService(name: String, _ value: JSON, path: String) throws(ComposeError) -> ServiceDefinition {
        guard let body = value.object else { throw ComposeError("\(path): must be a mapping") }
        var service = ServiceDefinition(name: name, command: [])
        for (key, value) in body {
            switch key {
            case "command": service.command = try parseCommand(value, path: "\(path).command")
            case "depends_on": service.dependsOn = try parseDependsOn(value, path: "\(path).depends_on")
            case "healthcheck": service.healthcheck = try parseHealthCheck(value, path: "\(path).healthcheck")
            case "restart":
                guard let text = value.string ?? (value.bool == false ? "no" : nil), let policy = RestartPolicy(rawValue: text) else {
                    throw ComposeError("\(path).restart: expected no, on-failure or always")
                }
                service.restart = policy
            case "environment": service.environment = try parseEnvironment(value, path: "\(path).environment")
            default:
                if key.hasPrefix("x-") { continue }
                throw ComposeError("\(path): unknown key \"\(key)\" (expected command, depends_on, healthcheck, restart, environment)")
            }
        }
        guard !service.command.isEmpty else { throw ComposeError("\(path): no command") }
        return service
    }

    static func scalarString(_ value: JSON) -> String? {
        if let s = value.string { return s }
        if let i = value.int { return String(i) }
        if let d = value.double { return String(d) }
        if let b = value.bool { return String(b) }
        return nil
    }

    static func parseCommand(_ value: JSON, path: String) throws(ComposeError) -> [String] {
        if let text = value.string { return try CommandLineSplitter.split(text, path: path) }
        guard let items = value.array else { throw ComposeError("\(path): must be a string or a list of strings") }
        var words: [String] = []
        for item in items {
            guard let word = scalarString(item) else { throw ComposeError("\(path): must be a string or a list of strings") }
            words.append(word)
        }
        return words
    }

    static func parseDependsOn(_ value: JSON, path: String) throws(ComposeError) -> [Dependency] {
        if let names = value.array {
            var result: [Dependency] = []
            for name in names {
                guard let name = name.string else { throw ComposeError("\(path): must list service names") }
                result.append(Dependency(name))
            }
            return result
        }
        guard let entries = value.object else { throw ComposeError("\(path): must be a list of services or a mapping of services to conditions") }
        var result: [Dependency] = []
        for (name, body) in entries {
            var condition = Dependency.Condition.started
            if let body = body.object {
                for (key, value) in body {
                    switch key {
                    case "condition":
                        guard let text = value.string, let c = Dependency.Condition(rawValue: text) else {
                            throw ComposeError("\(path).\(name).condition: expected service_started, service_healthy or service_completed_successfully")
                        }
                        condition = c
                    case "restart", "required": continue
                    default: throw ComposeError("\(path).\(name): unknown key \"\(key)\"")
                    }
                }
            } else if !body.isNull {
                throw ComposeError("\(path).\(name): must be a mapping with condition:")
            }
            result.append(Dependency(name, condition))
        }
        return result
    }

    static func parseHealthCheck(_ value: JSON, path: String) throws(ComposeError) -> HealthCheck {
        guard let body = value.object else { throw ComposeError("\(path): must be a mapping") }
        var tests: [HealthCheck.Test] = []
        var check = HealthCheck(.readyLine(""))
        for (key, value) in body {
            switch key {
            case "ready", "rpc", "http":
                guard let text = value.string, !text.isEmpty else { throw ComposeError("\(path).\(key): must be a non-empty string") }
                tests.append(key == "ready" ? .readyLine(text) : key == "rpc" ? .rpcPing(text) : .httpGet(text))
            case "interval": check.interval = try parseDuration(value, path: "\(path).interval")
            case "timeout": check.timeout = try parseDuration(value, path: "\(path).timeout")
            case "start_period": check.startPeriod = try parseDuration(value, path: "\(path).start_period")
            case "retries":
                guard let n = value.int, n >= 1 else { throw ComposeError("\(path).retries: must be a whole number ≥ 1") }
                check.retries = Int(n)
            default: throw ComposeError("\(path): unknown key \"\(key)\" (expected ready, rpc or http, and interval, timeout, retries, start_period)")
            }
        }
        guard tests.count == 1 else { throw ComposeError("\(path): needs exactly one of ready: (a stdout line), rpc: (an endpoint to _ping) or http: (a URL to GET)") }
        check.test = tests[0]
        if case .httpGet(let url) = check.test, HTTPURL(url) == nil {
            throw ComposeError("\(path).http: \"\(url)\" is not an http://host:port/path URL")
        }
        return check
    }

    static func parseDuration(_ value: JSON, path: String) throws(ComposeError) -> Duration {
        if let seconds = value.double, seconds >= 0 { return .milliseconds(Int64((seconds * 1000).rounded())) }
        guard let text = value.string, let duration = GoDuration.parse(text) else {
            throw ComposeError("\(path): expected a duration such as 500ms, 2s or 1m30s")
        }
        return duration
    }

    static func parseEnvironment(_ value: JSON, path: String) throws(ComposeError) -> [String: String] {
        var result: [String: String] = [:]
        if let entries = value.object {
            for (key, value) in entries {
                guard let text = value.isNull ? "" : scalarString(value) else { throw ComposeError("\(path).\(key): must be a string") }
                result[key] = text
            }
            return result
        }
        guard let items = value.array else { throw ComposeError("\(path): must be a mapping or a list of NAME=value") }
        for item in items {
            guard let text = item.string, let eq = text.firstIndex(of: "="), eq != text.startIndex else {
                throw ComposeError("\(path): must be a mapping or a list of NAME=value")
            }
            result[String(text[..<eq])] = String(text[text.index(after: eq)...])
        }
        return result
    }

    static func parseNodeTemplate(_ value: JSON) throws(ComposeError) -> NodeTemplate {
        guard let body = value.object else { throw ComposeError("x-node: must be a mapping") }
        var template = NodeTemplate(services: [])
        for (key, value) in body {
            switch key {
            case "name":
                guard let name = value.string, isValidName(name) else { throw ComposeError("x-node.name: must be a valid name") }
                template.name = name
            case "scale":
                guard let n = value.int, n >= 0 else { throw ComposeError("x-node.scale: must be a whole number ≥ 0") }
                template.scale = Int(n)
            case "port_step":
                guard let n = value.int, n >= 0 else { throw ComposeError("x-node.port_step: must be a whole number ≥ 0") }
                template.portStep = Int(n)
            case "services":
                template.services = try parseServices(value, path: "x-node.services")
            default:
                throw ComposeError("x-node: unknown key \"\(key)\" (expected name, scale, port_step, services)")
            }
        }
        return template
    }
}
