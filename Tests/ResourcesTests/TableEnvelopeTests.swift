import Testing
@testable import Resources

/// The `meta.k8s.io/v1` Table envelope (`metav1.Table` as the API server's `asTable` and the
/// printers' `GenerateTable` fill it, serialized in Go's field order) and the column
/// definitions' shape for every kind.
@Suite struct TableEnvelopeTests {
    static let pod: JSON = [
        "apiVersion": "v1", "kind": "Pod",
        "metadata": ["name": "web-1", "namespace": "default", "uid": "5b1f", "resourceVersion": "102",
                     "creationTimestamp": "2024-06-01T11:55:00Z", "labels": ["app": "web"]],
        "spec": ["nodeName": "node-1", "containers": [["name": "web", "image": "nginx"]]],
        "status": ["phase": "Running", "podIP": "10.0.0.5",
                   "containerStatuses": [["name": "web", "ready": true, "restartCount": 0, "state": ["running": [:]]]]],
    ]

    @Test func podListTable() throws {
        // The shape of kubectl.md §3: kind, apiVersion, metadata.resourceVersion, nine pod columns,
        // one row whose object is a PartialObjectMetadata carrying namespace and labels.
        let table = Tables.table(for: [Self.pod], type: TableFixture.type("Pod"), now: TableFixture.now, resourceVersion: "105")
        #expect(table["kind"] == "Table")
        #expect(table["apiVersion"] == "meta.k8s.io/v1")
        #expect(table["metadata"] == ["resourceVersion": "105"])
        #expect(table["columnDefinitions"]?.array?.count == 9)
        #expect(table["rows"] == [[
            "cells": ["web-1", "1/1", "Running", "0", "5m", "10.0.0.5", "node-1", "<none>", "<none>"],
            "object": ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": Self.pod["metadata"]!],
        ]])
        // Go's field order: TypeMeta, ListMeta, columnDefinitions, rows; each column name, type, format, description, priority.
        let text = table.serialized()
        #expect(text.hasPrefix(#"{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"105"},"columnDefinitions":[{"name":"Name","type":"string","format":"name","description":"Name must be unique within a namespace."#))
        #expect(text.contains(#"{"name":"Restarts","type":"string","format":"","description":"The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.","priority":0}"#))
        #expect(text.contains(#""rows":[{"cells":["web-1","1/1","Running","0","5m","10.0.0.5","node-1","\u003cnone\u003e","\u003cnone\u003e"],"object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"web-1","namespace":"default""#))
    }

    @Test func listMetadata() {
        let type = TableFixture.type("ConfigMap")
        let paged = Tables.table(for: [], type: type, now: TableFixture.now, resourceVersion: "7", continueToken: "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ", remainingItemCount: 3)
        #expect(paged["metadata"] == ["resourceVersion": "7", "continue": "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ", "remainingItemCount": 3])
        #expect(paged["metadata"]?.object?.keys == ["resourceVersion", "continue", "remainingItemCount"])
        #expect(paged["rows"] == [])
        // omitempty: no resourceVersion, an empty continue token and no count leave metadata empty.
        #expect(Tables.table(for: [], type: type, now: 0, resourceVersion: nil, continueToken: "")["metadata"] == [:])
        #expect(Tables.table(for: [], type: type, now: 0, resourceVersion: "7", remainingItemCount: 0)["metadata"]
            == ["resourceVersion": "7", "remainingItemCount": 0])
    }

    @Test func withoutHeaders() {
        // TableOptions.noHeaders (watch events after the first): GenerateTable leaves the slice nil,
        // which Go writes as null; rows are unchanged.
        let type = TableFixture.type("Pod")
        let table = Tables.table(for: [Self.pod], type: type, now: TableFixture.now, includeHeaders: false, resourceVersion: "106")
        #expect(table["columnDefinitions"] == .null)
        #expect(table.serialized().contains(#""metadata":{"resourceVersion":"106"},"columnDefinitions":null,"rows":[{"cells":["web-1""#))
        #expect(table["rows"]?[0]?["cells"] == .array(Tables.cells(for: Self.pod, type: type, now: TableFixture.now)))
    }

    @Test func includeObject() {
        let type = TableFixture.type("Pod")
        func object(_ include: Tables.IncludeObject, _ pod: JSON = Self.pod) -> JSON? {
            Tables.table(for: [pod], type: type, now: TableFixture.now, includeObject: include, resourceVersion: "1")["rows"]?[0]?["object"]
        }
        #expect(object(.none) == .null)
        #expect(object(.object) == Self.pod)
        // An object stored without kind and apiVersion gets them from its type, first.
        var bare = Self.pod
        bare["kind"] = nil
        bare["apiVersion"] = nil
        #expect(object(.object, bare)?.object?.keys.prefix(3) == ["kind", "apiVersion", "metadata"])
        #expect(object(.object, bare) == Self.pod)
        #expect(object(.metadata, ["kind": "Pod"]) == ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": [:]])
        #expect(Tables.IncludeObject(queryValue: "") == .metadata)
        #expect(Tables.IncludeObject(queryValue: "None") == Tables.IncludeObject.none)
        #expect(Tables.IncludeObject(queryValue: "Object") == .object)
        #expect(Tables.IncludeObject(queryValue: "object") == nil)
    }

    @Test func rowsKeepOrder() {
        let type = TableFixture.type("Namespace")
        let names = ["kube-system", "default", "apps"]
        let table = Tables.table(for: names.map { ["metadata": ["name": .string($0)]] }, type: type, now: 0, resourceVersion: "9")
        #expect(table["rows"]?.array?.map { $0["cells"]?[0]?.string } == names)
    }

    @Test func everyBuiltInKindHasItsPrinter() throws {
        for type in ResourceType.builtIn {
            #expect(Tables.hasPrinter(for: type), "\(type.kind)")
            let columns = Tables.columnDefinitions(for: type)
            // One cell per column, for a bare object and a full one.
            #expect(Tables.cells(for: [:], type: type, now: TableFixture.now).count == columns.count, "\(type.kind)")
            #expect(Tables.cells(for: Self.pod, type: type, now: TableFixture.now).count == columns.count, "\(type.kind)")
            for column in columns {
                #expect(column.object?.keys == ["name", "type", "format", "description", "priority"], "\(type.kind)")
                let description = column["description"].text
                #expect(!description.isEmpty, "\(type.kind) \(column["name"].text)")
                #expect([0, 1].contains(column["priority"].number))
            }
            // Every kind but Event starts with the Name column (format "name"); Event puts it last, wide.
            let name = try #require(type.kind == "Event" ? columns.last : columns.first)
            #expect(name["name"] == "Name", "\(type.kind)")
            #expect(name["format"] == "name", "\(type.kind)")
        }
    }

    @Test func genericFallback() throws {
        // rest.NewDefaultTableConvertor: Name and Created At (type "date", RFC 3339 UTC).
        let metrics = ResourceType.metrics[0]
        #expect(!Tables.hasPrinter(for: metrics))
        #expect(Tables.columnDefinitions(for: metrics).map { [$0["name"], $0["type"], $0["format"], $0["priority"]] }
            == [["Name", "string", "name", 0], ["Created At", "date", "", 0]])
        let object = try JSON.parse(#"{"metadata":{"name":"web-1","creationTimestamp":"2024-06-01T13:55:00+02:00"}}"#)
        #expect(Tables.cells(for: object, type: metrics, now: TableFixture.now) == ["web-1", "2024-06-01T11:55:00Z"])
        #expect(Tables.cells(for: ["metadata": ["name": "x"]], type: metrics, now: 0) == ["x", "0001-01-01T00:00:00Z"])
        let crd = ResourceType(group: "example.com", version: "v1", kind: "Widget", plural: "widgets", singular: "widget", namespaced: true)
        #expect(Tables.columnDefinitions(for: crd).count == 2)
    }

    @Test func printerIsChosenByGroupAndKind() {
        // printers.go registers internal types, so any version of a group/kind uses its printer,
        // and the same kind name in another group does not.
        let v1beta1 = ResourceType(group: "batch", version: "v1beta1", kind: "CronJob", plural: "cronjobs", singular: "cronjob", namespaced: true)
        #expect(Tables.columnDefinitions(for: v1beta1) == Tables.columnDefinitions(for: TableFixture.type("CronJob")))
        let other = ResourceType(group: "example.com", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment", namespaced: true)
        #expect(!Tables.hasPrinter(for: other))
    }
}
