import Testing
@testable import Resources

@Suite struct JSONParsingTests {
    @Test(arguments: [
        ("null", JSON.null), ("true", .bool(true)), ("false", .bool(false)),
        ("0", .int(0)), ("-0", .int(0)), ("42", .int(42)), ("-17", .int(-17)),
        ("9223372036854775807", .int(Int64.max)), ("-9223372036854775808", .int(Int64.min)),
        ("9223372036854775808", .double(9223372036854775808)),
        ("1.5", .double(1.5)), ("1e3", .double(1000)), ("-2.5E-3", .double(-0.0025)),
        (#""a\"b\\c\/d\b\f\n\r\t""#, .string("a\"b\\c/d\u{8}\u{C}\n\r\t")),
        (#""\u00e9\u65e5\ud83d\ude00""#, .string("é日😀")),
        ("\"日本\"", .string("日本")),
        (" [ 1 , [ ] , { } ] ", JSON.array([.int(1), .array([]), .emptyObject])),
        (#"{"b":1,"a":{"c":[true,null]}}"#, JSON.object(["b": 1, "a": ["c": [true, nil]]])),
    ])
    func parsesValidDocuments(text: String, expected: JSON) throws {
        #expect(try parse(text) == expected)
    }

    @Test func integersStayExact() throws {
        #expect(try parse("12345678901234567") == .int(12345678901234567))
        if case .int = try parse("1") {} else { Issue.record("1 is not an int") }
        if case .double = try parse("1.0") {} else { Issue.record("1.0 is not a double") }
    }

    @Test func objectsKeepInsertionOrder() throws {
        let v = try parse(#"{"zeta":1,"alpha":2,"mid":3}"#)
        #expect(v.object?.keys == ["zeta", "alpha", "mid"])
        #expect(v.serialized() == #"{"zeta":1,"alpha":2,"mid":3}"#)
    }

    @Test func duplicateKeysKeepFirstPositionLastValue() throws {
        let v = try parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(v.serialized() == #"{"a":3,"b":2}"#)
    }

    @Test(arguments: [
        ("", "unexpected end of JSON input", 0),
        ("   ", "unexpected end of JSON input", 3),
        ("x", "invalid character 'x' looking for beginning of value", 0),
        ("{} x", "invalid character 'x' after top-level value", 3),
        ("[1 2]", "invalid character '2' after array element", 3),
        ("[1,]", "invalid character ']' looking for beginning of value", 3),
        (#"{"a" 1}"#, "invalid character '1' after object key", 5),
        (#"{"a":1 "b":2}"#, "invalid character '\"' after object key:value pair", 7),
        ("{1:2}", "invalid character '1' looking for beginning of object key string", 1),
        (#"{"a":1,}"#, "invalid character '}' looking for beginning of object key string", 7),
        ("01", "invalid character '1' after top-level value", 1),
        ("-x", "invalid character 'x' in numeric literal", 1),
        ("1.x", "invalid character 'x' after decimal point in numeric literal", 2),
        ("1ex", "invalid character 'x' in exponent of numeric literal", 2),
        ("tru", "unexpected end of JSON input", 3),
        ("trux", "invalid character 'x' in literal true (expecting 'e')", 3),
        ("nul1", "invalid character '1' in literal null (expecting 'l')", 3),
        (#""a\x""#, "invalid character 'x' in string escape code", 3),
        (#""\u12g4""#, "invalid character 'g' in \\u hexadecimal character escape", 5),
        ("\"a\nb\"", "invalid character '\\n' in string literal", 2),
        (#""\ud800""#, "invalid lone surrogate in string escape", 1),
        (#""\udc00x""#, "invalid lone surrogate in string escape", 1),
        (#""\ud800\u0041""#, "invalid lone surrogate in string escape", 1),
        (#""abc"#, "unexpected end of JSON input", 4),
        ("1e999", "number 1e999 is out of range", 0),
    ])
    func rejectsInvalidDocuments(text: String, message: String, offset: Int) {
        #expect(throws: JSONParseError(offset: offset, message: message)) { try JSON.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0x5C, 0x6E, 0xC0, 0xAF, 0x22]] {
            #expect(throws: JSONParseError(offset: 0, message: "invalid UTF-8 in string literal")) {
                try JSON.parse(bytes)
            }
        }
        #expect(throws: JSONParseError.self) { try JSON.parse([0xEF, 0xBB, 0xBF, 0x31]) }  // no BOM
    }

    @Test func depthIsLimited() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try JSON.parse(ok)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONParseError(offset: 512, message: "exceeded max depth")) { try JSON.parse(deep) }
        let absurd = String(repeating: "{\"a\":", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSON.parse(absurd) }
        #expect(throws: JSONParseError.self) { try JSON.parse("[[1]]", maxDepth: 1) }
    }

    @Test func parsesNonContiguousCollections() throws {
        let bytes = Array(#"{"a":[1]}"#.utf8)
        #expect(try JSON.parse(bytes.lazy.map { $0 }) == ["a": [1]])
    }
}
