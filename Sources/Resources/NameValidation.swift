/// Kubernetes' name and label validators (`k8s.io/apimachinery/pkg/util/validation`), with its
/// exact messages. Each returns the list of problems; empty means valid.
public enum NameValidation {
    public static let dns1123LabelMaxLength = 63
    public static let dns1123SubdomainMaxLength = 253
    public static let dns1035LabelMaxLength = 63
    public static let qualifiedNameMaxLength = 63
    public static let labelValueMaxLength = 63

    static let dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123SubdomainFmt = dns1123LabelFmt + "(\\." + dns1123LabelFmt + ")*"
    static let dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?"
    static let qualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let labelValueFmt = "(" + qualifiedNameFmt + ")?"

    static let dns1123LabelErrMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
    static let dns1123SubdomainErrMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
    static let dns1035LabelErrMsg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
    static let qualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    static let labelValueErrMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

    /// Go's `validation.RegexError`.
    static func regexError(_ msg: String, _ fmt: String, _ examples: String...) -> String {
        if examples.isEmpty { return msg + " (regex used for validation is '" + fmt + "')" }
        var s = msg + " (e.g. "
        for (i, e) in examples.enumerated() {
            if i > 0 { s += " or " }
            s += "'" + e + "', "
        }
        return s + "regex used for validation is '" + fmt + "')"
    }

    static func maxLenError(_ n: Int) -> String { "must be no more than \(n) characters" }

    /// A DNS-1123 label: Pod-template hostnames, namespace names, most label-like names.
    public static func dns1123Label(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > dns1123LabelMaxLength { errs.append(maxLenError(dns1123LabelMaxLength)) }
        if !isDNS1123Label(value.utf8) { errs.append(regexError(dns1123LabelErrMsg, dns1123LabelFmt, "my-name", "123-abc")) }
        return errs
    }

    /// A DNS-1123 subdomain: the names of most objects.
    public static func dns1123Subdomain(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > dns1123SubdomainMaxLength { errs.append(maxLenError(dns1123SubdomainMaxLength)) }
        if !isDNS1123Subdomain(value) { errs.append(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, "example.com")) }
        return errs
    }

    /// A DNS-1035 label: Service names.
    public static func dns1035Label(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > dns1035LabelMaxLength { errs.append(maxLenError(dns1035LabelMaxLength)) }
        let u = Array(value.utf8)
        let ok = !u.isEmpty && isLower(u[0]) && isLowerAlnum(u[u.count - 1]) && u.allSatisfy { isLowerAlnum($0) || $0 == 45 }
        if !ok { errs.append(regexError(dns1035LabelErrMsg, dns1035LabelFmt, "my-name", "abc-123")) }
        return errs
    }

    /// A qualified name (label and annotation keys): `[prefix/]name`, prefix a DNS-1123 subdomain.
    public static func qualifiedName(_ value: String) -> [String] {
        var errs: [String] = []
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1: name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                errs.append("prefix part must be non-empty")
            } else {
                errs += dns1123Subdomain(String(prefix)).map { "prefix part " + $0 }
            }
        default:
            return ["a qualified name " + regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            errs.append("name part must be non-empty")
        } else if name.utf8.count > qualifiedNameMaxLength {
            errs.append("name part " + maxLenError(qualifiedNameMaxLength))
        }
        if !name.isEmpty && !isQualifiedNamePart(name.utf8) {
            errs.append("name part " + regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc"))
        }
        return errs
    }

    /// A label value: empty, or up to 63 of `[A-Za-z0-9_.-]` starting and ending alphanumeric.
    public static func labelValue(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > labelValueMaxLength { errs.append(maxLenError(labelValueMaxLength)) }
        if !value.isEmpty && !isQualifiedNamePart(value.utf8) {
            errs.append(regexError(labelValueErrMsg, labelValueFmt, "MyValue", "my_value", "12345"))
        }
        return errs
    }

    /// `ValidatePathSegmentName`: what every object name must also satisfy to be a URL segment.
    public static func pathSegmentName(_ name: String, prefix: Bool = false) -> [String] {
        if !prefix && (name == "." || name == "..") { return ["may not be '\(name)'"] }
        var errs: [String] = []
        if name.contains("/") { errs.append("may not contain '/'") }
        if name.contains("%") { errs.append("may not contain '%'") }
        return errs
    }

    /// `NameIsDNSSubdomain` as `ValidateObjectMeta` uses it: with `prefix`, the value is a
    /// `generateName` and a trailing '-' is allowed. Like apimachinery's `maskTrailingDash`,
    /// the last *two* characters are replaced by `a` before checking.
    public static func objectName(_ name: String, prefix: Bool = false, rule: (String) -> [String] = dns1123Subdomain) -> [String] {
        var candidate = name
        if prefix, candidate.utf8.count > 1, candidate.hasSuffix("-") {
            candidate = String(decoding: candidate.utf8.dropLast(2), as: UTF8.self) + "a"
        }
        return rule(candidate)
    }

    static func isLower(_ c: UInt8) -> Bool { c >= 97 && c <= 122 }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isLowerAlnum(_ c: UInt8) -> Bool { isLower(c) || isDigit(c) }
    static func isAlnum(_ c: UInt8) -> Bool { isLowerAlnum(c) || (c >= 65 && c <= 90) }

    static func isDNS1123Label<C: Collection>(_ u: C) -> Bool where C.Element == UInt8 {
        guard let first = u.first, let last = u.reversed().first else { return false }
        return isLowerAlnum(first) && isLowerAlnum(last) && u.allSatisfy { isLowerAlnum($0) || $0 == 45 }
    }

    static func isDNS1123Subdomain(_ value: String) -> Bool {
        value.utf8.split(separator: 46, omittingEmptySubsequences: false).allSatisfy { isDNS1123Label($0) }
    }

    static func isQualifiedNamePart<C: Collection>(_ u: C) -> Bool where C.Element == UInt8 {
        guard let first = u.first, let last = u.reversed().first else { return false }
        return isAlnum(first) && isAlnum(last) && u.allSatisfy { isAlnum($0) || $0 == 45 || $0 == 95 || $0 == 46 }
    }
}
