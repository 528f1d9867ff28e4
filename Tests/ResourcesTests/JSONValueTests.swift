import Testing
@testable import Resources

@Suite struct JSONValueTests {
    @Test(arguments: [
        (JSON.null, "null"), (.bool(true), "true"), (.int(-5), "-5"),
        (.double(1.0), "1"), (.double(0.5), "0.5"), (.double(-0.0), "-0"),
        (.double(100), "100"), (.double(1e20), "100000000000000000000"), (.double(1e21), "1e+21"),
        (.double(1.5e300), "1.5e+300"), (.double(1e-6), "0.000001"), (.double(1e-7), "1e-7"),
        (.double(1.25e-10), "1.25e-10"), (.double(0.1), "0.1"), (.double(123456.789), "123456.789"),
        (.double(.nan), "null"),
        (.string("<a href=\"x\">&amp;</a>"), #""\u003ca href=\"x\"\u003e\u0026amp;\u003c/a\u003e""#),
        (.string("\u{0}\u{1F}\n\t\r\u{8}\u{C}\u{7F}"), #""\u0000\u001f\n\t\r\b\f\#u{7F}""#),
        (.string("line\u{2028}para\u{2029}é😀"), #""line\u2028para\u2029é😀""#),
        (JSON.object(["k": [1, "two", nil], "e": [:]]), #"{"k":[1,"two",null],"e":{}}"#),
    ])
    func serializesLikeGo(value: JSON, text: String) {
        #expect(value.serialized() == text)
    }

    @Test func accessorsAndPaths() throws {
        var v = try parse(#"{"metadata":{"name":"web","labels":{"app":"nginx"}},"spec":{"replicas":3,"list":[10,20]}}"#)
        #expect(v["metadata"]["name"]?.string == "web")
        #expect(v["spec"]["replicas"]?.int == 3)
        #expect(v["spec"]["list"][1]?.int == 20)
        #expect(v["spec"]["missing"]["deeper"] == nil)
        #expect(v.value(at: ["spec", "list", 0]) == 10)
        v["metadata"]["labels"]["tier"] = "front"
        v["status"]["phase"] = "Running"
        v["metadata"]["name"] = nil
        #expect(v.serialized() == #"{"metadata":{"labels":{"app":"nginx","tier":"front"}},"spec":{"replicas":3,"list":[10,20]},"status":{"phase":"Running"}}"#)
        v["spec"]["list"] = [1]
        var list = v["spec"]["list"]!
        list[0] = "x"
        #expect(list == ["x"])
    }

    @Test func equalityIgnoresKeyOrderAndNumberSpelling() throws {
        #expect(try parse(#"{"a":1,"b":[1.0,2]}"#) == parse(#"{"b":[1,2.0],"a":1.0}"#))
        #expect(JSON.int(1).hashValue == JSON.double(1).hashValue)
        #expect(try parse(#"{"a":1,"b":2}"#).hashValue == parse(#"{"b":2,"a":1}"#).hashValue)
        #expect(JSON.int(1) != .double(1.5))
        #expect(JSON.string("1") != .int(1))
        #expect(Set<JSON>([1, 1.0, "1"]).count == 2)
    }
}
