import Testing
@testable import Resources

@Suite struct NameValidationTests {
    static let subdomainMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let dns1035Msg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

    @Test(arguments: ["a", "web", "web-1", "a.b.c", "1.2.3", "x" + String(repeating: "y", count: 252)])
    func validSubdomains(name: String) { #expect(NameValidation.dns1123Subdomain(name).isEmpty) }

    @Test(arguments: ["", "Web", "-a", "a-", "a..b", ".a", "a_b", "a b", "é"])
    func invalidSubdomains(name: String) { #expect(NameValidation.dns1123Subdomain(name) == [Self.subdomainMsg]) }

    @Test func lengths() {
        #expect(NameValidation.dns1123Subdomain(String(repeating: "a", count: 254)) == ["must be no more than 253 characters"])
        #expect(NameValidation.dns1123Label(String(repeating: "a", count: 64)) == ["must be no more than 63 characters"])
        #expect(NameValidation.dns1123Label("a.b") == [Self.labelMsg])
        #expect(NameValidation.dns1123Label("kube-system").isEmpty)
        #expect(NameValidation.dns1035Label("1abc") == [Self.dns1035Msg])
        #expect(NameValidation.dns1035Label("my-svc").isEmpty)
    }

    @Test func qualifiedNamesAndLabelValues() {
        #expect(NameValidation.qualifiedName("app.kubernetes.io/name").isEmpty)
        #expect(NameValidation.qualifiedName("MyName").isEmpty)
        #expect(NameValidation.qualifiedName("/a") == ["prefix part must be non-empty"])
        #expect(NameValidation.qualifiedName("a/") == ["name part must be non-empty"])
        #expect(NameValidation.qualifiedName("a/b/c").first?.hasPrefix("a qualified name must consist of") == true)
        #expect(NameValidation.qualifiedName(String(repeating: "a", count: 64)) == ["name part must be no more than 63 characters"])
        #expect(NameValidation.labelValue("").isEmpty)
        #expect(NameValidation.labelValue("v1.2_x").isEmpty)
        #expect(NameValidation.labelValue("-x").count == 1)
    }

    @Test func pathSegmentsAndGenerateName() {
        #expect(NameValidation.pathSegmentName("..") == ["may not be '..'"])
        #expect(NameValidation.pathSegmentName("a/b%") == ["may not contain '/'", "may not contain '%'"])
        #expect(NameValidation.objectName("web-", prefix: true).isEmpty)
        #expect(NameValidation.objectName("web-", prefix: false) == [Self.subdomainMsg])
    }

    @Test func generatedNames() {
        var g = SeededGenerator(seed: 41)
        for _ in 0..<200 {
            let name = GenerateName.generate(base: "web-", using: &g)
            #expect(name.hasPrefix("web-") && name.count == 9)
            #expect(name.dropFirst(4).allSatisfy { GenerateName.alphabet.contains($0) })
            #expect(NameValidation.dns1123Label(name).isEmpty)
        }
        let long = GenerateName.generate(base: String(repeating: "a", count: 100), using: &g)
        #expect(long.count == 63)
    }
}
