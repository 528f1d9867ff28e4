import Testing
@testable import Resources

@Suite struct LabelSelectorTests {
    static let labels = ["app": "web", "tier": "front", "version": "3", "empty": ""]

    @Test(arguments: [
        ("", true), ("app=web", true), ("app==web", true), ("app!=web", false), ("app!=db", true),
        ("missing!=x", true), ("app in (web,db)", true), ("app in (db)", false),
        ("app notin (db)", true), ("missing notin (db)", true), ("app notin (web)", false),
        ("app", true), ("!app", false), ("missing", false), ("!missing", true),
        ("app=web,tier=front", true), ("app=web,tier=back", false),
        ("  app = web ,  tier in ( front , back )  ", true),
        ("empty=", true), ("empty in (,x)", true), ("version>2", true), ("version<3", false), ("app>1", false),
        ("in=web", false), ("notin", false), ("x in (in,notin)", false),
    ])
    func matches(selector: String, expected: Bool) throws {
        #expect(try LabelSelector(parsing: selector).matches(Self.labels) == expected)
    }

    @Test(arguments: [
        ("app=web,tier in (front,back)", "app=web,tier in (back,front)"),
        ("z,!a,m notin (y,x)", "!a,m notin (x,y),z"),
        ("a==b,c!=d", "a==b,c!=d"),
    ])
    func canonicalString(selector: String, expected: String) throws {
        let s = try LabelSelector(parsing: selector)
        #expect(s.description == expected)
        #expect(try LabelSelector(parsing: s.description) == s)
    }

    @Test(arguments: [
        ("a=b c", "found 'c', expected: ',' or 'end of string'"),
        ("type=app,versionv1.0.1)", "unable to parse requirement: found ')', expected: in, notin, =, ==, !=, gt, lt"),
        ("env IN (a)", "unable to parse requirement: found 'IN', expected: in, notin, =, ==, !=, gt, lt"),
        ("e!!!!!ss", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"),
        ("x (", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"),
        ("a=b,", "found '', expected: identifier after ','"),
        (",a", "found ',', expected: !, identifier, or 'end of string'"),
        ("a in b", "unable to parse requirement: found 'b' expected: '('"),
        ("a in (b", "unable to parse requirement: found '', expected: ',' or ')'"),
        ("a foo b", "unable to parse requirement: found 'foo', expected: in, notin, =, ==, !=, gt, lt"),
        ("!a=b", "found '=', expected: ',' or 'end of string'"),
        ("a=(", "unable to parse requirement: found '(', expected: identifier"),
        ("a>x", #"unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer"#),
        ("-a=b", #"unable to parse requirement: key: Invalid value: "-a": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#),
        ("a=b_", #"unable to parse requirement: values[0]: Invalid value: "b_": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#),
        ("Example.com/a=b", #"unable to parse requirement: key: Invalid value: "Example.com/a": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#),
    ])
    func rejects(selector: String, message: String) {
        #expect(throws: SelectorError(message)) { try LabelSelector(parsing: selector) }
    }

    @Test func absurdSelectorsAreBounded() {
        let many = (0...SelectorLimits.maxRequirements).map { "k\($0)=v" }.joined(separator: ",")
        #expect(throws: SelectorError.self) { try LabelSelector(parsing: many) }
        #expect(throws: SelectorError.self) { try LabelSelector(parsing: String(repeating: "a", count: 70_000)) }
        #expect(throws: SelectorError.self) { try LabelSelector(parsing: "a=" + String(repeating: "b", count: 64)) }
    }

    @Test func randomInputNeverCrashes() {
        var g = SeededGenerator(seed: 31)
        let alphabet = Array("ab=!(), in notin<>/._-é")
        for _ in 0..<5000 {
            let s = String((0..<Int.random(in: 0...16, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            if let sel = try? LabelSelector(parsing: s) {
                #expect((try? LabelSelector(parsing: sel.description)) == sel, "\(s)")
            }
        }
    }

    @Test func structuredSelectors() throws {
        let json = try parse(#"{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["front","back"]},{"key":"canary","operator":"DoesNotExist"}]}"#)
        let s = try LabelSelector(structured: json)
        #expect(s.matches(Self.labels))
        #expect(!s.matches(["app": "web", "tier": "front", "canary": "1"]))
        #expect(s.description == "app=web,!canary,tier in (back,front)")
        #expect(try LabelSelector(structured: parse("{}")).matches([:]))
        #expect(try !LabelSelector(structured: nil).matches([:]))
        #expect(throws: SelectorError(#""Foo" is not a valid label selector operator"#)) {
            try LabelSelector(structured: parse(#"{"matchExpressions":[{"key":"a","operator":"Foo"}]}"#))
        }
        #expect(throws: SelectorError.self) {
            try LabelSelector(structured: parse(#"{"matchExpressions":[{"key":"a","operator":"In","values":[]}]}"#))
        }
        #expect(throws: SelectorError.self) {
            try LabelSelector(structured: parse(#"{"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]}"#))
        }
    }

    @Test func matchesObjects() throws {
        let pod = try parse(#"{"metadata":{"name":"p","labels":{"app":"web"}}}"#)
        #expect(try LabelSelector(parsing: "app=web").matches(object: pod))
        #expect(try !LabelSelector(parsing: "app").matches(object: parse("{}")))
    }
}

@Suite struct FieldSelectorTests {
    static let pod = #"{"metadata":{"name":"web-1","namespace":"default"},"spec":{"restartPolicy":"Always"},"status":{"phase":"Running","ready":true}}"#

    @Test(arguments: [
        ("", true), ("metadata.name=web-1", true), ("metadata.name==web-1", true), ("metadata.name!=web-1", false),
        ("metadata.namespace!=kube-system,status.phase=Running", true), ("spec.nodeName=", true),
        ("spec.nodeName!=", false), ("status.phase=Pending", false), ("status.ready=true", true),
        ("metadata.name=web\\,1", false),
    ])
    func matches(selector: String, expected: Bool) throws {
        #expect(try FieldSelector(parsing: selector).matches(parse(Self.pod)) == expected)
    }

    @Test(arguments: [
        ("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"),
        ("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"),
        ("a=b=c", "invalid field selector: unescaped character in value: ="),
        ("a=b\\x", "invalid field selector: invalid escape sequence: \\x"),
    ])
    func rejects(selector: String, message: String) {
        #expect(throws: SelectorError(message)) { try FieldSelector(parsing: selector) }
    }

    @Test func escapesRoundTrip() throws {
        let s = try FieldSelector(parsing: #"metadata.name=a\,b\=c\\d,spec.x!=y"#)
        #expect(s.terms.map(\.value) == [#"a,b=c\d"#, "y"])
        #expect(try FieldSelector(parsing: s.description) == s)
        #expect(s.matches(fields: ["metadata.name": #"a,b=c\d"#, "spec.x": "z"]))
    }
}
