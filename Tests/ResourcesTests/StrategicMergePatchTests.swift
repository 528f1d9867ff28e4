import Testing
@testable import Resources

@Suite struct StrategicMergePatchTests {
    static let deployment = #"""
    {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"},"finalizers":["a"]},
     "spec":{"replicas":2,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},
      "template":{"spec":{"containers":[
        {"name":"nginx","image":"nginx:1.26","args":["-a","-b"],"ports":[{"containerPort":80,"name":"http"}],
         "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"volumeMounts":[{"mountPath":"/d","name":"data"}]},
        {"name":"sidecar","image":"busybox"}],
       "tolerations":[{"key":"k","operator":"Exists"}]}}}}
    """#

    func apply(_ patch: String, to original: String = deployment) throws -> JSON {
        try StrategicMergePatch.apply(parse(patch), to: parse(original))
    }

    func containers(_ v: JSON) -> [JSON] { v["spec"]["template"]["spec"]["containers"]?.array ?? [] }

    @Test func kubectlApplyUpdate() throws {
        // What kubectl 1.32 sent for an image and replica change (kubectl.md §2).
        let out = try apply(#"""
        {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}\n"}},
         "spec":{"replicas":4,"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],
         "containers":[{"image":"nginx:1.27","name":"nginx"}]}}}}
        """#)
        #expect(out["spec"]["replicas"] == 4)
        #expect(containers(out).count == 2)
        #expect(containers(out)[0]["image"] == "nginx:1.27")
        #expect(containers(out)[0]["ports"] == [["containerPort": 80, "name": "http"]])
        #expect(containers(out)[1]["image"] == "busybox")
        #expect(out["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] == "{}\n")
        #expect(out["metadata"]["labels"]["app"] == "web")
        #expect(!out.serialized().contains("$setElementOrder"))
    }

    @Test func nullDeletesFields() throws {
        let out = try apply(#"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","ports":null,"env":null}]}}}}"#)
        #expect(containers(out)[0]["ports"] == nil)
        #expect(containers(out)[0]["env"] == nil)
        #expect(containers(out)[0]["image"] == "nginx:1.26")
    }

    @Test func deleteListElementByKey() throws {
        let out = try apply(#"{"spec":{"template":{"spec":{"containers":[{"$patch":"delete","name":"sidecar"}]}}}}"#)
        #expect(containers(out).map { $0["name"] } == ["nginx"])
    }

    @Test func mergeByKeyAppendsAndMerges() throws {
        let out = try apply(#"""
        {"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"B","value":"two"},{"name":"C","value":"3"}],
          "ports":[{"containerPort":443}],"volumeMounts":[{"mountPath":"/d","readOnly":true}]},{"name":"third","image":"x"}]}}}}
        """#)
        let c = containers(out)
        #expect(c.map { $0["name"] } == ["nginx", "third", "sidecar"])  // apimachinery's interleaving
        #expect(c[0]["env"] == [["name": "A", "value": "1"], ["name": "B", "value": "two"], ["name": "C", "value": "3"]])
        #expect(c[0]["ports"] == [["containerPort": 443], ["containerPort": 80, "name": "http"]])
        #expect(c[0]["volumeMounts"] == [["mountPath": "/d", "name": "data", "readOnly": true]])
    }

    @Test func unkeyedListsAreReplaced() throws {
        let out = try apply(#"{"spec":{"template":{"spec":{"tolerations":[{"key":"z"}],"containers":[{"name":"nginx","args":["-c"]}]}}}}"#)
        #expect(out["spec"]["template"]["spec"]["tolerations"] == [["key": "z"]])
        #expect(containers(out)[0]["args"] == ["-c"])
    }

    @Test func setElementOrderReorders() throws {
        let out = try apply(#"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"nginx"}]}}}}"#)
        #expect(containers(out).map { $0["name"] } == ["sidecar", "nginx"])
        let inserted = try apply(#"""
        {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"first"},{"name":"nginx"},{"name":"sidecar"}],
          "containers":[{"name":"first","image":"f"}]}}}}
        """#)
        #expect(containers(inserted).map { $0["name"] } == ["first", "nginx", "sidecar"])
        let primitive = try apply(#"{"metadata":{"$setElementOrder/finalizers":["b","a"],"finalizers":["b"]}}"#)
        #expect(primitive["metadata"]["finalizers"] == ["b", "a"])
    }

    @Test func serverOnlyElementsStayNearTheirNeighbour() {
        let list: [JSON] = [["name": "a"], ["name": "s"], ["name": "b"]]
        let order: [JSON] = [["name": "b"], ["name": "a"]]
        let out = Merger_reorder(list, order)
        #expect(out.map { $0["name"] } == ["s", "b", "a"])  // s preceded b on the server
    }

    @Test func patchListOrderWinsOverLiveOrder() throws {
        let out = try apply(#"{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"b2"},{"name":"new","image":"n"},{"name":"nginx","image":"x"}]}}}}"#)
        #expect(containers(out).map { $0["name"] } == ["sidecar", "new", "nginx"])
        let partial = try apply(#"{"spec":{"template":{"spec":{"containers":[{"name":"new","image":"n"}]}}}}"#)
        // apimachinery puts patch elements the server lacks before the server-only ones.
        #expect(containers(partial).map { $0["name"] } == ["new", "nginx", "sidecar"])
    }

    @Test func patchReplaceAndDeleteOnMaps() throws {
        let replaced = try apply(#"{"spec":{"strategy":{"$patch":"replace","type":"Recreate"}}}"#)
        #expect(replaced["spec"]["strategy"] == ["type": "Recreate"])
        let deleted = try apply(#"{"spec":{"strategy":{"$patch":"delete"}}}"#)
        #expect(deleted["spec"]["strategy"] == [:])
        let listReplaced = try apply(#"{"spec":{"template":{"spec":{"containers":[{"name":"only"},{"$patch":"replace"}]}}}}"#)
        #expect(containers(listReplaced) == [["name": "only"]])
    }

    @Test func retainKeys() throws {
        let out = try apply(#"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#)
        #expect(out["spec"]["strategy"] == ["type": "Recreate"])
    }

    @Test func primitiveListsWithMergeStrategy() throws {
        let union = try apply(#"{"metadata":{"finalizers":["b","a"]}}"#)
        #expect(union["metadata"]["finalizers"] == ["b", "a"])  // the patch's order wins
        let removed = try apply(#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}"#)
        #expect(removed["metadata"]["finalizers"] == [])
    }

    @Test func servicePortsMergeOnPort() throws {
        let svc = #"{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443}]}}"#
        let out = try apply(#"{"spec":{"ports":[{"port":80,"targetPort":9090},{"$patch":"delete","port":443}]}}"#, to: svc)
        #expect(out["spec"]["ports"] == [["port": 80, "targetPort": 9090]])
    }

    @Test func conditionsAndOwnerReferences() throws {
        let pod = #"{"metadata":{"ownerReferences":[{"uid":"1","name":"rs"}]},"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"Scheduled","status":"True"}]}}"#
        let out = try apply(#"{"metadata":{"ownerReferences":[{"uid":"2","name":"other"}]},"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#, to: pod)
        #expect(out["status"]["conditions"] == [["type": "Ready", "status": "True"], ["type": "Scheduled", "status": "True"]])
        #expect(out["metadata"]["ownerReferences"]?.array?.count == 2)
    }

    @Test func newFieldsHaveDirectivesResolved() throws {
        let out = try apply(#"{"spec":{"template":{"spec":{"initContainers":[{"name":"i","env":[{"name":"X","value":null}]},{"name":"gone","$patch":"delete"}]}}}}"#)
        #expect(out["spec"]["template"]["spec"]["initContainers"] == [["name": "i", "env": [["name": "X"]]]])
    }

    @Test(arguments: [
        #"{"spec":{"$patch":"frobnicate"}}"#,
        #"{"spec":{"template":{"spec":{"containers":[{"image":"nokey"}]}}}}"#,
        #"{"spec":{"template":{"spec":{"containers":["scalar"]}}}}"#,
        #"{"spec":{"$retainKeys":"type"}}"#,
        #"{"spec":{"$unknownDirective":1}}"#,
        #"[1]"#,
    ])
    func rejectsMalformedPatches(patch: String) throws {
        #expect(throws: PatchError.self) { try apply(patch) }
    }

    @Test func withoutDirectivesActsLikeMergePatchOnUnkeyedData() {
        // With an empty schema and no directives or `$` keys, strategic merge = RFC 7386 on objects.
        var g = SeededGenerator(seed: 21)
        let empty = StrategicMergeSchema(rules: [])
        for _ in 0..<2000 {
            let a = Gen.object(&g), p = Gen.object(&g)
            let smp = try? StrategicMergePatch.apply(p, to: a, schema: empty)
            #expect(smp == MergePatch.apply(p, to: a), "a=\(a) p=\(p)")
        }
    }

    @Test func serverSideApplyCreatesOrMerges() throws {
        let config = try parse(#"{"metadata":{"name":"web"},"spec":{"replicas":3}}"#)
        #expect(try ServerSideApply.apply(config, to: nil) == config)
        let merged = try ServerSideApply.apply(config, to: parse(#"{"metadata":{"name":"web","uid":"u"},"spec":{"replicas":1}}"#))
        #expect(try merged == parse(#"{"metadata":{"name":"web","uid":"u"},"spec":{"replicas":3}}"#))
    }
}

private func Merger_reorder(_ list: [JSON], _ order: [JSON]) -> [JSON] {
    let patch: JSON = ["$setElementOrder/containers": .array(order)]
    let original: JSON = ["containers": .array(list)]
    return (try? StrategicMergePatch.apply(patch, to: original))?["containers"]?.array ?? []
}
