import Testing
@testable import Resources

@Suite struct FieldValidationTests {
    @Test(arguments: Manifests.all.map(\.0))
    func realManifestsHaveNoUnknownOrMistypedFields(kind: String) throws {
        let text = Manifests.all.first { $0.0 == kind }!.1
        let result = FieldValidation.check(try parse(text), type: Manifests.type(kind))
        #expect(result.unknownFields == [])
        #expect(result.typeErrors == [])
        #expect(result.isClean)
    }

    @Test func everyBuiltInKindHasASchemaWithMetadata() {
        for type in ResourceType.builtIn {
            let schema = Schema.kind(type)
            #expect(schema?.structName == type.kind, "\(type.kind)")
            #expect(schema?.field("metadata")?.field("managedFields") != nil, "\(type.kind)")
        }
        #expect(Schema.kind(ResourceType.metrics[0]) == nil)
    }

    @Test func statusIsKnownOnlyWhereTheKindHasOne() throws {
        let withStatus = try parse(#"{"apiVersion":"apps/v1","kind":"Deployment","status":{"replicas":1}}"#)
        #expect(FieldValidation.check(withStatus, type: Manifests.type("Deployment")).isClean)
        let configMap = try parse(#"{"apiVersion":"v1","kind":"ConfigMap","status":{}}"#)
        #expect(FieldValidation.check(configMap, type: Manifests.type("ConfigMap")).unknownFields == ["status"])
    }

    @Test func unknownFieldsArePrintedWithTheirPaths() throws {
        var d = try parse(Manifests.deployment)
        d["spec"]["foo"] = 1
        d = d.setting(["spec", "template", "spec", "containers", 0, "imagePullPolcy"], "Always")
        d["metadata"]["labelz"] = .emptyObject
        d = d.setting(["spec", "template", "spec", "volumes", 0, "emptyDir", "size"], "1Gi")
        let result = FieldValidation.check(d, type: Manifests.type("Deployment"))
        #expect(result.unknownFields == [
            "metadata.labelz",
            "spec.template.spec.containers[0].imagePullPolcy",
            "spec.template.spec.volumes[0].emptyDir.size",
            "spec.foo",  // document order: added last to `spec`
        ])
        #expect(result.typeErrors.isEmpty)
    }

    @Test func strictErrorAndWarningsAreWordedAsKubernetes() throws {
        let d = try parse(#"{"apiVersion":"apps/v1","kind":"Deployment","spec":{"foo":1,"bar":2}}"#)
        let result = FieldValidation.check(d, type: Manifests.type("Deployment"))
        #expect(result.warnings == [#"unknown field "spec.foo""#, #"unknown field "spec.bar""#])
        let error = try #require(result.strictError())
        #expect(error.code == 400)
        #expect(error.reason == "BadRequest")
        #expect(error.message == #"strict decoding error: unknown field "spec.foo", unknown field "spec.bar""#)
        #expect(FieldCheckResult().strictError() == nil)
    }

    @Test func mistypedScalarsGiveGoDecodeErrors() throws {
        let d = try parse(#"{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":"3"}}"#)
        let result = FieldValidation.check(d, type: Manifests.type("Deployment"))
        #expect(result.typeErrors == [
            #"Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"#,
        ])
        let error = try #require(result.decodeError())
        #expect(error.code == 400)
        #expect(error.message == result.typeErrors[0])
    }

    @Test(arguments: [
        (#"{"spec":{"containers":[{"name":"a","image":5}]}}"#,
         "json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string"),
        (#"{"spec":{"containers":"x"}}"#,
         "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container"),
        (#"{"spec":{"containers":["x"]}}"#,
         "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container"),
        (#"{"metadata":{"labels":{"a":1}}}"#,
         "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"),
        (#"{"spec":{"restartPolicy":true}}"#,
         "json: cannot unmarshal bool into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy"),
        (#"{"spec":{"terminationGracePeriodSeconds":1.5}}"#,
         "json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64"),
        (#"{"spec":{"containers":[{"ports":[{"containerPort":70000000000}]}]}}"#,
         "json: cannot unmarshal number 70000000000 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"),
        (#"{"spec":"x"}"#,
         "json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec"),
        (#"{"spec":{"containers":[{"resources":{"limits":{"cpu":"lots"}}}]}}"#,
         "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
        (#"{"spec":{"containers":[{"livenessProbe":{"httpGet":{"port":true}}}]}}"#,
         "json: cannot unmarshal bool into Go value of type int32"),
        (#"{"metadata":{"creationTimestamp":5}}"#,
         "json: cannot unmarshal number into Go value of type string"),
        (#"[]"#, "json: cannot unmarshal array into Go value of type v1.Pod"),
    ])
    func podTypeErrors(body: String, message: String) throws {
        let result = FieldValidation.check(try parse(body), type: Manifests.type("Pod"))
        #expect(result.typeErrors == [#"Pod in version "v1" cannot be handled as a Pod: "# + message])
    }

    @Test func numbersAndStringsAreBothAcceptedWhereKubernetesAcceptsThem() throws {
        let pod = try parse(#"""
        {"spec":{"containers":[{"name":"a","image":"b","resources":{"limits":{"cpu":2,"memory":"1Gi"}},
          "readinessProbe":{"httpGet":{"port":"http"}},"livenessProbe":{"tcpSocket":{"port":80}}}],
         "overhead":{"cpu":0.5},"nodeName":null}}
        """#)
        #expect(FieldValidation.check(pod, type: Manifests.type("Pod")).isClean)
    }

    @Test func freeFormFieldsAreNotChecked() throws {
        let revision = try parse(#"{"apiVersion":"apps/v1","kind":"ControllerRevision","data":{"anything":[1,{"x":true}]},"revision":2}"#)
        #expect(FieldValidation.check(revision, type: Manifests.type("ControllerRevision")).isClean)
        let meta = try parse(#"{"metadata":{"managedFields":[{"manager":"kubectl","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}}]}}"#)
        #expect(FieldValidation.check(meta, type: Manifests.type("Pod")).isClean)
    }

    @Test func secretDataMustBeBase64() throws {
        let bad = try parse(#"{"data":{"a":"czNjcjN0","b":"no pe"}}"#)
        #expect(FieldValidation.check(bad, type: Manifests.type("Secret")).typeErrors == [
            #"Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 2"#,
        ])
        #expect(Base64.firstCorruptOffset("YWJj") == nil)
        #expect(Base64.firstCorruptOffset("YWI=") == nil)
        #expect(Base64.firstCorruptOffset("YQ==") == nil)
        #expect(Base64.firstCorruptOffset("YWJjZA") == 4)
        #expect(Base64.firstCorruptOffset("YQ==YQ==") == 4)
        #expect(Base64.firstCorruptOffset("Y===") == 1)
    }
}
