import Testing
@testable import Resources

/// Bodies no well-behaved client sends: each must end in a 400 (or a 415 for what is well-formed
/// but unsupported) with a message that says what is wrong; nothing may trap or hang.
@Suite struct KubernetesProtobufMalformedTests {
    func badRequest(_ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let error = #expect(throws: StatusError.self, sourceLocation: sourceLocation) { try KubernetesProtobuf.decode(body) }
        #expect(error?.code == 400, sourceLocation: sourceLocation)
        #expect(error?.reason == "BadRequest", sourceLocation: sourceLocation)
        return error?.message
    }

    func configMap(_ parts: [UInt8]...) -> [UInt8] {
        PB.body(apiVersion: "v1", kind: "ConfigMap", parts.flatMap { $0 })
    }

    @Test func wrongMagic() {
        #expect(badRequest(Array(#"{"kind":"ConfigMap"}"#.utf8))?.contains("magic") == true)
        #expect(badRequest([])?.contains("magic") == true)
        #expect(badRequest([0x6B, 0x38, 0x73])?.contains("magic") == true)
        var body = KubectlCaptures.configmap.body
        body[3] = 1
        #expect(badRequest(body)?.contains("magic") == true)
    }

    @Test func missingTypeMeta() {
        #expect(badRequest(KubernetesProtobuf.magic)?.contains("apiVersion and kind") == true)
        #expect(badRequest(KubernetesProtobuf.magic + PB.message(1, PB.string(2, "ConfigMap")))?.contains("apiVersion and kind") == true)
    }

    /// Every cut of a real body either fails cleanly or, when it falls between the envelope's
    /// own fields, decodes what is there. A cut inside the object always fails.
    @Test(arguments: [KubectlCaptures.deployment, KubectlCaptures.secretGeneric, KubectlCaptures.jobFromCronjob])
    func everyTruncation(capture: KubectlCapture) throws {
        let body = capture.body
        let raw = try KubernetesProtobuf.Envelope(body, range: 4..<body.count).raw
        for length in 0..<body.count {
            let prefix = Array(body[0..<length])
            if (raw.lowerBound - 1)..<raw.upperBound ~= length {
                #expect(badRequest(prefix) != nil, "cut at \(length)")
            } else {
                do {
                    _ = try KubernetesProtobuf.decode(prefix)
                } catch {
                    #expect(error.code == 400, "cut at \(length): \(error)")
                }
            }
        }
    }

    @Test func lengthPastTheEnd() {
        let body = configMap(PB.tag(1, 2) + PB.varintBytes(500) + [0x0A, 0x01, 0x61])
        #expect(badRequest(body)?.contains("runs past the end") == true)
        // The envelope's own raw field claiming more than there is.
        let envelope = KubernetesProtobuf.magic + PB.message(1, PB.string(1, "v1"), PB.string(2, "ConfigMap"))
            + PB.tag(2, 2) + PB.varintBytes(1 << 40)
        #expect(badRequest(envelope)?.contains("runs past the end") == true)
    }

    @Test func badVarints() {
        #expect(badRequest(configMap(PB.tag(99, 0) + Array(repeating: 0xFF, count: 11)))?.contains("longer than 10 bytes") == true)
        #expect(badRequest(configMap(PB.tag(99, 0) + [0xFF, 0xFF]))?.contains("truncated varint") == true)
        #expect(badRequest(configMap([0x80]))?.contains("truncated varint") == true)
    }

    @Test func badTags() {
        #expect(badRequest(configMap([0x02, 0x00]))?.contains("field number 0") == true)
        #expect(badRequest(configMap(PB.tag(9, 6)))?.contains("wire type 6") == true)
        #expect(badRequest(configMap(PB.tag(9, 7)))?.contains("wire type 7") == true)
        #expect(badRequest(configMap(PB.tag(9, 3), PB.tag(9, 4)))?.contains("group") == true)
        #expect(badRequest(configMap(PB.tag(9, 5) + [1, 2]))?.contains("truncated 32-bit") == true)
        #expect(badRequest(configMap(PB.tag(9, 1) + [1, 2, 3]))?.contains("truncated 64-bit") == true)
    }

    /// A known field with the wrong wire type names the JSON path.
    @Test func wrongWireType() {
        let name = badRequest(configMap(PB.message(1, PB.varint(1, 7))))
        #expect(name == "malformed protobuf body: metadata.name: wrong wire type 0")
        let replicas = badRequest(PB.body(apiVersion: "apps/v1", kind: "Deployment", PB.message(2, PB.string(1, "two"))))
        #expect(replicas == "malformed protobuf body: spec.replicas: wrong wire type 2")
    }

    @Test func invalidQuantity() {
        let limits = PB.entry(1, "cpu", PB.message(2, PB.string(1, "lots")))
        let container = PB.message(2, PB.string(1, "app"), PB.message(8, limits))
        let body = PB.body(apiVersion: "v1", kind: "Pod", PB.message(2, container))
        #expect(badRequest(body) == "malformed protobuf body: spec.containers[0].resources.limits[cpu]: "
            + QuantityError.formatWrong.message)
    }

    @Test func invalidIntOrString() {
        let port = PB.message(4, PB.varint(1, 2), PB.varint(2, 80))
        let body = PB.body(apiVersion: "v1", kind: "Service", PB.message(2, PB.message(1, port)))
        #expect(badRequest(body)?.contains("spec.ports[0].targetPort: IntOrString type 2") == true)
    }

    @Test func timeOutOfRange() {
        let meta = PB.message(1, PB.string(1, "x"), PB.message(8, PB.varint(1, 300_000_000_000)))
        #expect(badRequest(configMap(meta))?.contains("metadata.creationTimestamp: time") == true)
    }

    /// Well-formed but not something Skiff reads: 415, with the kind named.
    @Test func unsupported() {
        for (apiVersion, kind) in [("v1", "ServiceAccount"), ("apps/v2", "Deployment"), ("v1", "Deployment"), ("autoscaling/v2", "HorizontalPodAutoscaler")] {
            let error = #expect(throws: StatusError.self) { try KubernetesProtobuf.decode(PB.body(apiVersion: apiVersion, kind: kind)) }
            #expect(error?.code == 415)
            #expect(error?.message.contains("\"\(kind)\"") == true)
        }
        let typeMeta = PB.message(1, PB.string(1, "v1"), PB.string(2, "ConfigMap"))
        let gzip = KubernetesProtobuf.magic + typeMeta + PB.bytes(2, []) + PB.string(3, "gzip")
        #expect(throws: StatusError.unsupportedMediaType("protobuf bodies with content encoding \"gzip\" are not supported")) {
            try KubernetesProtobuf.decode(gzip)
        }
        let json = KubernetesProtobuf.magic + typeMeta + PB.bytes(2, Array("{}".utf8)) + PB.string(4, "application/json")
        #expect((#expect(throws: StatusError.self) { try KubernetesProtobuf.decode(json) })?.code == 415)
    }

    /// Nesting is bounded: a self-referencing message nested past the limit fails; unknown
    /// fields are skipped without descending, however deep they nest.
    @Test func depthLimit() throws {
        let schema: [String: ProtobufMessage] = ["Node": [1: .one("child", .message("Node")), 2: .one("name", .string)]]
        func nested(_ levels: Int, field: Int = 1) -> [UInt8] {
            var bytes = PB.string(2, "leaf")
            for _ in 0..<levels { bytes = PB.bytes(field, bytes) }
            return bytes
        }
        let ok = nested(31)
        var value = JSON.object(try ProtobufDecoder(ok, schema: schema).object("Node", in: 0..<ok.count, path: ""))
        for _ in 0..<31 { value = value["child"] ?? .null }
        #expect(value == ["name": "leaf"])

        let deep = nested(40)
        let error = #expect(throws: StatusError.self) {
            try ProtobufDecoder(deep, schema: schema).object("Node", in: 0..<deep.count, path: "")
        }
        #expect(error?.code == 400)
        #expect(error?.message.contains("nested more than 32 messages deep") == true)

        let unknown = nested(5_000, field: 9)
        #expect(try ProtobufDecoder(unknown, schema: schema).object("Node", in: 0..<unknown.count, path: "").isEmpty)
    }

    /// Random damage to real bodies: every outcome is a decoded object, a 400 or a 415, never a
    /// trap and never a 500 (which would mean the tables or the decoder are inconsistent).
    @Test func randomDamage() {
        var g = SeededGenerator(seed: 0x6B38_7300)
        let captures = [KubectlCaptures.deployment, KubectlCaptures.jobFromRichCronjob, KubectlCaptures.debugCopy,
                        KubectlCaptures.serviceNodeport, KubectlCaptures.secretTls]
        for _ in 0..<3_000 {
            var body = captures.randomElement(using: &g)!.body
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                let i = Int.random(in: 4..<body.count, using: &g)
                switch Int.random(in: 0..<3, using: &g) {
                case 0: body[i] = UInt8.random(in: 0...255, using: &g)
                case 1: body.remove(at: i)
                default: body.insert(UInt8.random(in: 0...255, using: &g), at: i)
                }
            }
            do {
                let object = try KubernetesProtobuf.decode(body)
                #expect(object["kind"] != nil)
            } catch {
                #expect(error.code == 400 || error.code == 415, "\(error)")
            }
        }
    }
}
