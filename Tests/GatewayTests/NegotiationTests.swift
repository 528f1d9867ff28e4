import Resources
import Testing
@testable import Gateway

@Suite struct NegotiationTests {
    static let kubectlTable = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

    @Test func tableIsChosenInTheClientsOrder() throws {
        #expect(try ResponseFormat.negotiate(accept: Self.kubectlTable, tableAllowed: true) == .table(version: "v1"))
        #expect(try ResponseFormat.negotiate(accept: "application/json;as=Table;v=v1beta1;g=meta.k8s.io", tableAllowed: true)
            == .table(version: "v1beta1"))
        #expect(try ResponseFormat.negotiate(accept: Self.kubectlTable, tableAllowed: false) == .object)
        #expect(try ResponseFormat.negotiate(accept: nil, tableAllowed: true) == .object)
        #expect(try ResponseFormat.negotiate(accept: "", tableAllowed: true) == .object)
        #expect(try ResponseFormat.negotiate(accept: "application/vnd.kubernetes.protobuf, */*", tableAllowed: true) == .object)
        #expect(try ResponseFormat.negotiate(accept: "application/yaml", tableAllowed: true) == .object)
        #expect(try ResponseFormat.negotiate(accept: "text/html, application/json", tableAllowed: true) == .object)
        #expect(ResponseFormat.table(version: "v1").tableAPIVersion == "meta.k8s.io/v1")
    }

    @Test func nothingAcceptableIs406() {
        for accept in ["text/html", "application/json;as=Table;v=v1;g=meta.k8s.io", "application/json;as=Foo;g=x;v=v1", "image/png, text/*"] {
            #expect(throws: StatusError.self) { try ResponseFormat.negotiate(accept: accept, tableAllowed: false) }
            do { _ = try ResponseFormat.negotiate(accept: accept, tableAllowed: false) } catch {
                #expect(error.code == 406)
                #expect(error.reason == "NotAcceptable")
            }
        }
    }

    @Test func bodyFormats() throws {
        #expect(try BodyFormat.forObject(contentType: nil) == .json)
        #expect(try BodyFormat.forObject(contentType: "application/json; charset=utf-8") == .json)
        #expect(try BodyFormat.forObject(contentType: "application/yaml") == .yaml)
        #expect(try BodyFormat.forObject(contentType: "application/vnd.kubernetes.protobuf") == .protobuf)
        #expect(try BodyFormat.forPatch(contentType: "application/strategic-merge-patch+json") ==
            ("application/strategic-merge-patch+json", .json))
        #expect(try BodyFormat.forPatch(contentType: "application/apply-patch+yaml") == ("application/apply-patch+yaml", .yaml))
        #expect(try BodyFormat.forPatch(contentType: "application/json-patch+json").patchType == "application/json-patch+json")
        #expect(try BodyFormat.forPatch(contentType: "application/merge-patch+json").patchType == "application/merge-patch+json")
        for bad in ["text/plain", "application/x-www-form-urlencoded", "nonsense"] {
            do { _ = try BodyFormat.forObject(contentType: bad); Issue.record("accepted \(bad)") } catch {
                #expect(error.code == 415)
                #expect(error.message.hasPrefix("the body of the request was in an unknown format - accepted media types include:"))
            }
        }
        for bad in [nil, "application/json", "application/yaml"] {
            do { _ = try BodyFormat.forPatch(contentType: bad); Issue.record("accepted \(String(describing: bad))") } catch {
                #expect(error.code == 415)
                #expect(error.message.contains("application/strategic-merge-patch+json"))
            }
        }
    }

    @Test func mediaRangeParsing() {
        let r = MediaRange(parsing: " Application/JSON ; as=Table; V=v1 ;g=\"meta.k8s.io\"")
        #expect(r?.essence == "application/json")
        #expect(r?.parameters == ["as": "Table", "v": "v1", "g": "meta.k8s.io"])
        #expect(MediaRange(parsing: "json") == nil)
        #expect(MediaRange.list("a/b, ,c/d;x=1").map(\.essence) == ["a/b", "c/d"])
    }
}
