import Testing
@testable import Resources

@Suite struct JSONPatchTests {
    static let doc = #"{"foo":"bar","a/b":1,"m~n":2,"list":[1,2,3],"obj":{"x":{"y":true}}}"#

    @Test(arguments: [
        (#"[{"op":"add","path":"/baz","value":"qux"}]"#, #"{"foo":"bar","a/b":1,"m~n":2,"list":[1,2,3],"obj":{"x":{"y":true}},"baz":"qux"}"#),
        (#"[{"op":"add","path":"/list/1","value":9}]"#, #"{"foo":"bar","a/b":1,"m~n":2,"list":[1,9,2,3],"obj":{"x":{"y":true}}}"#),
        (#"[{"op":"add","path":"/list/-","value":4}]"#, #"{"foo":"bar","a/b":1,"m~n":2,"list":[1,2,3,4],"obj":{"x":{"y":true}}}"#),
        (#"[{"op":"add","path":"/list/3","value":4}]"#, #"{"foo":"bar","a/b":1,"m~n":2,"list":[1,2,3,4],"obj":{"x":{"y":true}}}"#),
        (#"[{"op":"remove","path":"/a~1b"},{"op":"remove","path":"/m~0n"}]"#, #"{"foo":"bar","list":[1,2,3],"obj":{"x":{"y":true}}}"#),
        (#"[{"op":"replace","path":"/foo","value":{"n":1}}]"#, #"{"foo":{"n":1},"a/b":1,"m~n":2,"list":[1,2,3],"obj":{"x":{"y":true}}}"#),
        (#"[{"op":"replace","path":"/list/0","value":0}]"#, #"{"foo":"bar","a/b":1,"m~n":2,"list":[0,2,3],"obj":{"x":{"y":true}}}"#),
        (#"[{"op":"move","from":"/obj/x","path":"/x"}]"#, #"{"foo":"bar","a/b":1,"m~n":2,"list":[1,2,3],"obj":{},"x":{"y":true}}"#),
        (#"[{"op":"move","from":"/list/0","path":"/list/-"}]"#, #"{"foo":"bar","a/b":1,"m~n":2,"list":[2,3,1],"obj":{"x":{"y":true}}}"#),
        (#"[{"op":"copy","from":"/list","path":"/obj/l"}]"#, #"{"foo":"bar","a/b":1,"m~n":2,"list":[1,2,3],"obj":{"x":{"y":true},"l":[1,2,3]}}"#),
        (#"[{"op":"test","path":"/list","value":[1,2.0,3]},{"op":"test","path":"/obj","value":{"x":{"y":true}}}]"#, doc),
        (#"[{"op":"replace","path":"","value":[1]}]"#, "[1]"),
        (#"[]"#, doc),
    ])
    func appliesRFC6902(patch: String, expected: String) throws {
        let result = try JSONPatch.apply(parse(patch), to: parse(Self.doc))
        #expect(result.serialized() == expected)
    }

    @Test(arguments: [
        (#"[{"op":"add","path":"/missing/x","value":1}]"#, PatchError.Kind.conflict),
        (#"[{"op":"add","path":"/list/5","value":1}]"#, .conflict),
        (#"[{"op":"add","path":"/list/01","value":1}]"#, .conflict),
        (#"[{"op":"remove","path":"/nope"}]"#, .conflict),
        (#"[{"op":"remove","path":"/list/3"}]"#, .conflict),
        (#"[{"op":"replace","path":"/nope","value":1}]"#, .conflict),
        (#"[{"op":"test","path":"/foo","value":"baz"}]"#, .conflict),
        (#"[{"op":"move","from":"/obj","path":"/obj/x/z"}]"#, .invalidPatch),
        (#"[{"op":"copy","from":"/nope","path":"/x"}]"#, .conflict),
        (#"[{"op":"frob","path":"/foo"}]"#, .invalidPatch),
        (#"[{"op":"add","path":"foo","value":1}]"#, .invalidPatch),
        (#"[{"op":"add","path":"/a~2","value":1}]"#, .invalidPatch),
        (#"[{"op":"add","path":"/x"}]"#, .invalidPatch),
        (#"{"op":"add"}"#, .invalidPatch),
        (#"[{"op":"add","path":"/foo/x","value":1}]"#, .conflict),
    ])
    func rejectsBadPatches(patch: String, kind: PatchError.Kind) throws {
        let p = try parse(patch), d = try parse(Self.doc)
        do {
            _ = try JSONPatch.apply(p, to: d)
            Issue.record("patch applied")
        } catch {
            #expect(error.kind == kind, "\(error.message)")
        }
    }

    @Test func isAllOrNothing() throws {
        let d = try parse(Self.doc)
        #expect(throws: PatchError.self) {
            try JSONPatch.apply(parse(#"[{"op":"add","path":"/new","value":1},{"op":"remove","path":"/nope"}]"#), to: d)
        }
        #expect(d.serialized() == Self.doc)
    }

    @Test func pointerEscapingRoundTrips() throws {
        let p = try JSONPointer("/a~1b/~0~01/")
        #expect(p.tokens == ["a/b", "~~1", ""])
        #expect(p.description == "/a~1b/~0~01/")
    }
}
