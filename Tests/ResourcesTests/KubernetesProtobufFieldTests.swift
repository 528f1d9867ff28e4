import Testing
@testable import Resources

/// Hand-built bodies for the wire-format rules the real captures do not reach.
@Suite struct KubernetesProtobufFieldTests {
    func decode(_ apiVersion: String, _ kind: String, _ parts: [UInt8]...) throws -> JSON {
        try KubernetesProtobuf.decode(PB.body(apiVersion: apiVersion, kind: kind, parts.flatMap { $0 }))
    }

    /// Unknown field numbers of every wire type, at every level (envelope, object, metadata, map
    /// entry), are skipped: the result is as if they were not there.
    @Test func unknownFieldsAreSkipped() throws {
        let unknowns = PB.varint(90, 1) + PB.fixed32(91) + PB.fixed64(92) + PB.string(93, "future") + PB.message(94, PB.varint(1, 5))
        let plain = try decode("v1", "ConfigMap", PB.message(1, PB.string(1, "cfg")), PB.entry(2, "a", PB.string(2, "b")))
        let noisy = try KubernetesProtobuf.decode(
            KubernetesProtobuf.magic + unknowns
                + PB.message(1, PB.string(1, "v1"), unknowns, PB.string(2, "ConfigMap"))
                + PB.bytes(2, PB.message(1, PB.string(1, "cfg"), unknowns) + unknowns
                    + PB.message(2, PB.string(1, "a"), unknowns, PB.string(2, "b")))
                + unknowns)
        #expect(noisy == plain)
        #expect(plain == ["kind": "ConfigMap", "apiVersion": "v1", "metadata": ["name": "cfg"], "data": ["a": "b"]])
    }

    /// The core of kubectl's envelope: `kind` and `apiVersion` come first.
    @Test func envelopeMembersComeFirst() throws {
        let c = try decode("v1", "Namespace", PB.message(1, PB.string(1, "team")))
        #expect(c.object?.keys == ["kind", "apiVersion", "metadata"])
    }

    @Test func scalars() throws {
        let spec = PB.varint(1, -1)  // replicas: a negative int32 is a ten-byte varint
            + PB.varint(5, 30)  // minReadySeconds
            + PB.varint(7, 0)  // paused false: omitempty
            + PB.varint(6, 10)  // revisionHistoryLimit
            + PB.varint(9, 0)  // progressDeadlineSeconds 0: a pointer, kept
        let d = try decode("apps/v1", "Deployment", PB.message(2, spec))
        #expect(d["spec"] == ["replicas": -1, "minReadySeconds": 30, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 0])
    }

    /// Repeated varints arrive unpacked from Go (proto2), but packed runs are read too, and mix.
    @Test func packedAndUnpackedRepeatedScalars() throws {
        func groups(_ bytes: [UInt8]) throws -> JSON? {
            try decode("v1", "Pod", PB.message(2, PB.message(14, bytes)))["spec"]["securityContext"]["supplementalGroups"]
        }
        #expect(try groups(PB.varint(4, 1) + PB.varint(4, 2)) == [1, 2])
        #expect(try groups(PB.bytes(4, PB.varintBytes(1) + PB.varintBytes(300))) == [1, 300])
        #expect(try groups(PB.varint(4, 7) + PB.bytes(4, PB.varintBytes(8) + PB.varintBytes(9))) == [7, 8, 9])
    }

    /// A repeated field keeps the place of its first element even when other fields come between.
    @Test func interleavedRepeatedFields() throws {
        let c = try decode("v1", "Pod", PB.message(2,
            PB.message(2, PB.string(1, "a")), PB.string(3, "Always"), PB.message(2, PB.string(1, "b"))))
        #expect(c["spec"]?.object?.keys == ["containers", "restartPolicy"])
        #expect(c["spec"]["containers"] == [["name": "a"], ["name": "b"]])
    }

    /// A scalar sent twice keeps the last value, as protobuf says.
    @Test func lastScalarWins() throws {
        let c = try decode("v1", "ConfigMap", PB.message(1, PB.string(1, "first"), PB.string(1, "second")))
        #expect(c["metadata"]["name"] == "second")
    }

    @Test func times() throws {
        func created(_ time: [UInt8]) throws -> JSON? {
            try decode("v1", "Namespace", PB.message(1, PB.bytes(8, time)))["metadata"]["creationTimestamp"]
        }
        #expect(try created([]) == .null)
        #expect(try created(PB.varint(1, 1_735_787_045) + PB.varint(2, 999_999_999)) == "2025-01-02T03:04:05Z")
        #expect(try created(PB.varint(1, 0)) == "1970-01-01T00:00:00Z")
        #expect(try created(PB.varint(1, -62_135_596_800)) == .null)  // Go's zero time
        // Pointer times are written only when set.
        let deleted = try decode("v1", "Namespace", PB.message(1, PB.message(9, PB.varint(1, 1_735_787_045))))
        #expect(deleted["metadata"] == ["deletionTimestamp": "2025-01-02T03:04:05Z"])
    }

    @Test func intOrString() throws {
        func target(_ value: [UInt8]) throws -> JSON? {
            try decode("v1", "Service", PB.message(2, PB.message(1, PB.varint(3, 80), PB.bytes(4, value))))["spec"]["ports"][0]["targetPort"]
        }
        #expect(try target(PB.varint(1, 0) + PB.varint(2, 8080) + PB.string(3, "")) == 8080)
        #expect(try target(PB.varint(1, 1) + PB.varint(2, 0) + PB.string(3, "http")) == "http")
        #expect(try target([]) == 0)  // a non-pointer struct: Go writes its zero value
    }

    @Test func mapEntries() throws {
        let c = try decode("v1", "Secret",
            PB.entry(2, "b", PB.bytes(2, [0xFF, 0x00])),
            PB.entry(2, "empty", []),  // value missing: the zero value
            PB.entry(2, "b", PB.bytes(2, [1])),  // a repeated key: the last value, the first place
            PB.message(2, PB.bytes(2, [2])))  // key missing: ""
        #expect(c["data"] == ["b": "AQ==", "empty": "", "": "Ag=="])
        #expect(c["data"]?.object?.keys == ["b", "empty", ""])
    }

    /// Bytes that are not UTF-8 in a string field become U+FFFD, as Go's JSON encoder writes them.
    @Test func invalidUTF8() throws {
        let c = try decode("v1", "ConfigMap", PB.message(1, PB.bytes(1, [0x61, 0xFF, 0x62])))
        #expect(c["metadata"]["name"] == "a\u{FFFD}b")
    }

    @Test func supportedKinds() {
        #expect(KubernetesProtobuf.supportedKinds.map(\.description) == [
            "apps/v1, Kind=Deployment", "batch/v1, Kind=CronJob", "batch/v1, Kind=Job", "v1, Kind=ConfigMap",
            "v1, Kind=Namespace", "v1, Kind=Pod", "v1, Kind=Secret", "v1, Kind=Service",
        ])
    }
}

/// The tables themselves: every reference resolves, so no body can reach a missing message.
@Suite struct ProtobufSchemaTests {
    @Test func everyReferenceResolves() {
        let messages = ProtobufSchema.messages
        for name in KubernetesProtobuf.rootMessages.values {
            #expect(messages[name] != nil, "\(name)")
        }
        func referenced(_ type: ProtobufValueType) -> String? {
            switch type {
            case .message(let name): name
            case .map(let value): referenced(value)
            default: nil
            }
        }
        for (name, message) in messages {
            for (number, field) in message.fields {
                #expect((1...0x1FFF_FFFF).contains(number))
                if let target = referenced(field.type) {
                    #expect(messages[target] != nil, "\(name).\(field.name) → \(target)")
                }
                switch field.shape {
                case .inline:
                    #expect(field.name.isEmpty && referenced(field.type) != nil, "\(name) field \(number)")
                case .repeated:
                    if case .map = field.type { Issue.record("\(name).\(field.name): a repeated map") }
                case .single(let keepsZero):
                    #expect(!keepsZero || field.type.isScalar, "\(name).\(field.name): keepsZero on a message")
                }
            }
        }
    }

    /// Every message is reachable from a root kind (no dead tables).
    @Test func everyMessageIsReachable() {
        var seen = Set<String>()
        var queue = Array(KubernetesProtobuf.rootMessages.values)
        while let name = queue.popLast() {
            guard seen.insert(name).inserted, let message = ProtobufSchema.messages[name] else { continue }
            for field in message.fields.values {
                switch field.type {
                case .message(let target), .map(.message(let target)): queue.append(target)
                default: break
                }
            }
        }
        #expect(Set(ProtobufSchema.messages.keys).subtracting(seen).isEmpty)
    }
}

@Suite struct Base64Tests {
    /// RFC 4648 §10.
    @Test func testVectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
        }
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
    }

    @Test func roundTrip() {
        var g = SeededGenerator(seed: 64)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &g) }
            let text = Base64.encode(bytes)
            #expect(TestBase64.decode(text) == bytes)
            #expect(Base64.firstCorruptOffset(text) == nil)
        }
    }
}
