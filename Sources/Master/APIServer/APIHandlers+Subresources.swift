import Client
import Resources
import RuntimeAPI

extension APIHandlers {
    func handleSubresource(_ sub: String, _ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        switch (sub, request.verb) {
        case ("status", .get): return try await get(request, type)
        case ("status", .update): return try await update(request, type)
        case ("status", .patch): return try await patch(request, type)
        case ("scale", .get):
            let entry = try await current(type, namespace: request.namespace, name: request.name!)
            return APIReply(object: Self.scale(of: entry.object, type))
        case ("scale", .update), ("scale", .patch): return try await writeScale(request, type)
        case ("binding", .create): return try await bind(request, type)
        case ("log", .get): return try await log(request, type)
        default: throw StatusError.methodNotSupported(type, verb: request.verb.rawValue)
        }
    }

    /// The `autoscaling/v1` Scale view of a workload.
    static func scale(of object: JSON, _ type: ResourceType) -> JSON {
        var metadata = JSONObject()
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let v = object["metadata"]?[field] { metadata[field] = v }
        }
        let selector: String
        if let s = object["spec"]?["selector"] {
            if type.plural == "replicationcontrollers", let map = s.object {
                selector = zip(map.keys, map.values).map { "\($0)=\($1.string ?? "")" }.sorted().joined(separator: ",")
            } else {
                selector = (try? LabelSelector(structured: s).description) ?? ""
            }
        } else {
            selector = ""
        }
        return ["kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": .object(metadata),
                "spec": ["replicas": .int(object["spec"]?["replicas"]?.int ?? 1)],
                "status": ["replicas": .int(object["status"]?["replicas"]?.int ?? 0), "selector": .string(selector)]]
    }

    func writeScale(_ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        guard let body = request.body else { throw StatusError.badRequest("the request has no body; a Scale was expected") }
        let dryRun = try Self.isDryRun(request.query)
        for _ in 0..<8 {
            let old = try await current(type, namespace: request.namespace, name: request.name!)
            let scale: JSON
            if request.verb == .patch {
                scale = try Self.applyPatch(body, type: request.patchType ?? "application/merge-patch+json", to: Self.scale(of: old.object, type))
            } else {
                scale = body
            }
            if let rv = scale.resourceVersion, !rv.isEmpty, rv != old.object.resourceVersion {
                throw StatusError.conflict(type, name: old.key.name)
            }
            let replicasValue = scale["spec"]?["replicas"] ?? .int(0)
            guard let replicas = replicasValue.int else {
                throw StatusError.badRequest("Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal \(Admission.jsonType(replicasValue)) into Go struct field ScaleSpec.spec.replicas of type int32")
            }
            if replicas < 0 {
                throw StatusError(code: 422, reason: "Invalid",
                                  message: "Scale.autoscaling \"\(old.key.name)\" is invalid: spec.replicas: Invalid value: \(replicas): must be greater than or equal to 0",
                                  details: .init(name: old.key.name, group: "autoscaling", kind: "Scale",
                                                 causes: [.init(reason: "FieldValueInvalid", message: "Invalid value: \(replicas): must be greater than or equal to 0", field: "spec.replicas")]))
            }
            var new = old.object
            new["spec"]["replicas"] = .int(replicas)
            if let reply = try await replace(old, with: new, type, subresource: nil, dryRun: dryRun, warnings: []) {
                return APIReply(object: Self.scale(of: try reply.object(), type))
            }
        }
        throw StatusError.conflict(type, name: request.name!, "too many concurrent writers; try again")
    }

    /// `pods/<name>/binding`: assigns an unscheduled pod to a node (the scheduler's write).
    func bind(_ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        guard let body = request.body, let node = body["target"]?["name"]?.string, !node.isEmpty else {
            throw StatusError(code: 422, reason: "Invalid", message: "Binding \"\(request.name!)\" is invalid: target.name: Required value",
                              details: .init(name: request.name, group: "", kind: "Binding",
                                             causes: [.init(reason: "FieldValueRequired", message: "Required value", field: "target.name")]))
        }
        let dryRun = try Self.isDryRun(request.query)
        for _ in 0..<8 {
            let old = try await current(type, namespace: request.namespace, name: request.name!)
            if let uid = body["metadata"]?["uid"]?.string, !uid.isEmpty, uid != old.object.uid {
                throw StatusError.conflict(type, name: old.key.name, "Precondition failed: UID in precondition: \(uid), UID in object meta: \(old.object.uid ?? "")")
            }
            if let assigned = old.object["spec"]?["nodeName"]?.string, !assigned.isEmpty {
                throw StatusError(code: 409, reason: "Conflict",
                                  message: "Operation cannot be fulfilled on pods/binding \"\(old.key.name)\": pod \(old.key.name) is already assigned to node \"\(assigned)\"",
                                  details: .init(name: old.key.name, group: "", kind: "pods/binding"))
            }
            if old.object.deletionTimestamp != nil {
                throw StatusError(code: 409, reason: "Conflict",
                                  message: "Operation cannot be fulfilled on pods/binding \"\(old.key.name)\": pod \(old.key.name) is being deleted, cannot be assigned to a host",
                                  details: .init(name: old.key.name, group: "", kind: "pods/binding"))
            }
            var new = old.object
            new["spec"]["nodeName"] = .string(node)
            var conditions = (new["status"]?["conditions"]?.array ?? []).filter { $0["type"]?.string != "PodScheduled" }
            conditions.append(["type": "PodScheduled", "status": "True", "lastProbeTime": nil,
                               "lastTransitionTime": .string(Self.now())])
            new["status"]["conditions"] = .array(conditions)
            let success: JSON = ["kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Success", "code": 201]
            if dryRun { return APIReply(code: 201, object: success) }
            if try await put(new, at: old.key, expected: old.modRevision) != nil {
                return APIReply(code: 201, object: success)
            }
        }
        throw StatusError.conflict(type, name: request.name!, "too many concurrent writers; try again")
    }

    /// `pods/<name>/log`: proxied to the kubelet of the pod's node (SKIFF-KUBELET/1
    /// `kubelet.logs`, at the endpoint its Node's `skiff.io/kubelet-rpc` annotation names).
    /// The reply is the text; with `follow=true` it is `{"text","cursor","ended"}` instead, and
    /// the caller (the gateway) calls again with `cursor` for what came since.
    func log(_ request: APIRequest, _ type: ResourceType) async throws -> APIReply {
        let entry = try await current(type, namespace: request.namespace, name: request.name!)
        let containerName = request.query["container"] ?? entry.object["spec"]?["containers"]?[0]?["name"]?.string ?? ""
        guard let node = entry.object["spec"]?["nodeName"]?.string, !node.isEmpty else {
            throw StatusError.badRequest("container \"\(containerName)\" in pod \"\(entry.key.name)\" is waiting to start: ContainerCreating")
        }
        guard let nodeObject = cache.read({ $0.get(RegistryKey(resource: "nodes", namespace: nil, name: node)) })?.object,
              let endpoint = nodeObject["metadata"]?["annotations"]?[KubeletMessages.rpcAnnotation]?.string, !endpoint.isEmpty else {
            throw StatusError.serviceUnavailable("no kubelet serves the logs of node \"\(node)\"")
        }
        let query = try Self.logsRequest(request.query, namespace: entry.key.namespace ?? "default", pod: entry.key.name)
        let reply = try await kubelets.logs(endpoint, query, node: node)
        if query.follow == true {
            return APIReply(object: ["text": .string(reply.text), "cursor": .string(reply.cursor), "ended": .bool(reply.ended)])
        }
        return APIReply(body: Array(reply.text.utf8))
    }

    /// The `kubelet.logs` request for a `pods/log` query (`container`, `tailLines`,
    /// `sinceSeconds`, `sinceTime`, `timestamps`, `previous`, `limitBytes`, `follow`, `cursor`).
    static func logsRequest(_ q: [String: String], namespace: String, pod: String) throws(StatusError) -> KubeletMessages.LogsRequest {
        func int(_ key: String) throws(StatusError) -> Int? {
            guard let v = q[key] else { return nil }
            guard let n = Int(v), n >= 0 else { throw .badRequest("\(key): Invalid value: \"\(v)\": must be a non-negative integer") }
            return n
        }
        func bool(_ key: String) throws(StatusError) -> Bool? {
            guard let v = q[key] else { return nil }
            guard let b = Bool(v.lowercased()) ?? (v == "1" ? true : v == "0" ? false : nil) else {
                throw .badRequest("\(key): Invalid value: \"\(v)\": must be true or false")
            }
            return b
        }
        if q["sinceSeconds"] != nil, q["sinceTime"] != nil {
            throw .badRequest("at most one of `sinceTime` or `sinceSeconds` may be specified")
        }
        if let s = q["sinceTime"], MetaTime(rfc3339: s) == nil {
            throw .badRequest("sinceTime: Invalid value: \"\(s)\": must be an RFC 3339 time")
        }
        return KubeletMessages.LogsRequest(
            namespace: namespace, pod: pod, container: q["container"].flatMap { $0.isEmpty ? nil : $0 },
            tailLines: try int("tailLines"), sinceSeconds: try int("sinceSeconds"), sinceTime: q["sinceTime"],
            timestamps: try bool("timestamps"), previous: try bool("previous"), limitBytes: try int("limitBytes"),
            follow: try bool("follow"), cursor: q["cursor"])
    }
}
