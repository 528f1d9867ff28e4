import Resources

/// The `pod-template-hash` of a Deployment's template (`controller.ComputeHash`): FNV-32a over
/// the template (here its canonical JSON: keys sorted) and the collision count, printed in
/// decimal and passed through `rand.SafeEncodeString` (every character mapped onto the
/// consonant-and-digit alphabet, so the label never spells a word).
public enum PodTemplateHash {
    public static func compute(_ template: JSON, collisionCount: Int? = nil) -> String {
        var hash: UInt32 = 2_166_136_261
        func feed(_ bytes: some Sequence<UInt8>) {
            for b in bytes { hash = (hash ^ UInt32(b)) &* 16_777_619 }
        }
        feed(canonical(template).utf8)
        if let collisionCount { feed(String(collisionCount).utf8) }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789".utf8)
        return String(decoding: String(hash).utf8.map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }

    /// JSON with object keys sorted, so equal values give equal text.
    public static func canonical(_ value: JSON) -> String {
        switch value {
        case .object(let o):
            let members = zip(o.keys, o.values).sorted { $0.0 < $1.0 }
                .map { JSON.string($0.0).serialized() + ":" + canonical($0.1) }
            return "{" + members.joined(separator: ",") + "}"
        case .array(let a):
            return "[" + a.map(canonical).joined(separator: ",") + "]"
        default:
            return value.serialized()
        }
    }
}
