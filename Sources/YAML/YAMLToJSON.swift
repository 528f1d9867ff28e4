import CYAML
import Resources

/// YAML in, JSON out, at the edge (DESIGN.md): libyaml's event parser builds a ``Resources/JSON``
/// value directly, with go-yaml's scalar resolution (``YAMLScalar``) and error wording.
///
/// Reads the first document of the stream (as `sigs.k8s.io/yaml.YAMLToJSON` does); an empty
/// stream is `null`. Supports anchors and aliases (bounded: a document that expands past
/// ``maxNodes`` values is refused, against "billion laughs"), merge keys (`<<`), and the
/// standard tags. Nesting deeper than ``maxDepth`` is refused. Never traps on any input.
public enum YAMLToJSON {
    public static let maxDepth = 512
    public static let maxNodes = 1_000_000

    public static func convert(_ bytes: [UInt8]) throws(YAMLError) -> JSON {
        var builder = Builder()
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw YAMLError("yaml: cannot initialize the parser") }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { buffer throws(YAMLError) -> JSON in
            yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { throw parserError(parser) }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return builder.root ?? .null
                case YAML_DOCUMENT_END_EVENT:
                    return builder.root ?? .null
                case YAML_SCALAR_EVENT:
                    let s = event.data.scalar
                    let text = string(s.value, s.length)
                    let value: JSON
                    if let tag = cString(s.tag), s.plain_implicit == 0 || tag != "!" {
                        guard let v = YAMLScalar.resolveTagged(text, tag: tag) else {
                            throw YAMLError("yaml: cannot decode \(text) as \(tag)")
                        }
                        value = v
                    } else if s.style == YAML_PLAIN_SCALAR_STYLE {
                        value = YAMLScalar.resolvePlain(text)
                    } else {
                        value = .string(text)
                    }
                    try builder.complete(value, nodes: 1, anchor: cString(s.anchor), raw: text, isScalar: true,
                                         plain: s.style == YAML_PLAIN_SCALAR_STYLE && s.tag == nil)
                case YAML_ALIAS_EVENT:
                    let name = cString(event.data.alias.anchor) ?? ""
                    guard let (value, nodes) = builder.anchors[name] else {
                        throw YAMLError("yaml: unknown anchor '\(name)' referenced")
                    }
                    try builder.complete(value, nodes: nodes, anchor: nil, raw: "", isScalar: false, plain: false)
                case YAML_SEQUENCE_START_EVENT:
                    try builder.open(.sequence([]), anchor: cString(event.data.sequence_start.anchor))
                case YAML_MAPPING_START_EVENT:
                    try builder.open(.mapping(JSONObject(), key: nil, merges: []),
                                     anchor: cString(event.data.mapping_start.anchor))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    try builder.close()
                default:
                    continue
                }
            }
        }
    }

    /// go-yaml's `parser.fail()`: the problem's line (one more for scanner errors, which stop
    /// before the line advances), else the context's line.
    static func parserError(_ parser: yaml_parser_t) -> YAMLError {
        var line = 0
        if parser.problem_mark.line != 0 {
            line = Int(parser.problem_mark.line)
            if parser.error == YAML_SCANNER_ERROR { line += 1 }
        } else if parser.context_mark.line != 0 {
            line = Int(parser.context_mark.line)
        }
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem parsing YAML content"
        return YAMLError("yaml: " + (line != 0 ? "line \(line): " : "") + problem)
    }

    static func string(_ p: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let p else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: length), as: UTF8.self)
    }

    static func cString(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }
}

extension YAMLToJSON {
    /// The containers being built, innermost last.
    struct Builder {
        enum Container {
            case sequence([JSON])
            /// The object so far, the key waiting for its value, and `<<` sources to merge at the end.
            case mapping(JSONObject, key: String?, merges: [JSONObject])
        }

        struct Frame {
            var container: Container
            var anchor: String?
            var nodes: Int
        }

        /// Stands for a plain `<<` key (a quoted `"<<"` is an ordinary key).
        static let mergeKey = "\u{0}<<"

        var stack: [Frame] = []
        var anchors: [String: (JSON, Int)] = [:]
        var root: JSON?
        var totalNodes = 0

        mutating func open(_ container: Container, anchor: String?) throws(YAMLError) {
            if case .mapping(_, key: nil, _)? = stack.last?.container {
                throw YAMLError("yaml: invalid map key: a mapping or sequence cannot be a key")
            }
            guard stack.count < YAMLToJSON.maxDepth else {
                throw YAMLError("yaml: exceeded max depth of \(YAMLToJSON.maxDepth)")
            }
            stack.append(Frame(container: container, anchor: anchor, nodes: 1))
        }

        mutating func close() throws(YAMLError) {
            guard let frame = stack.popLast() else { return }
            let value: JSON
            switch frame.container {
            case .sequence(let items):
                value = .array(items)
            case .mapping(var object, _, let merges):
                for source in merges {
                    for (k, v) in source where !object.contains(k) { object[k] = v }
                }
                value = .object(object)
            }
            try complete(value, nodes: frame.nodes, anchor: frame.anchor, raw: "", isScalar: false, plain: false)
        }

        /// A node is finished: hand it to its parent (or make it the root).
        mutating func complete(_ value: JSON, nodes: Int, anchor: String?, raw: String, isScalar: Bool,
                               plain: Bool) throws(YAMLError) {
            totalNodes += nodes
            guard totalNodes <= YAMLToJSON.maxNodes else { throw YAMLError("yaml: document contains excessive aliasing") }
            if let anchor { anchors[anchor] = (value, nodes) }
            guard var top = stack.popLast() else {
                if root == nil { root = value }
                return
            }
            top.nodes += nodes
            switch top.container {
            case .sequence(var items):
                top.container = .sequence([])
                items.append(value)
                top.container = .sequence(items)
            case .mapping(var object, let key, var merges):
                top.container = .mapping(JSONObject(), key: nil, merges: [])
                if let key {
                    if key == Self.mergeKey {
                        if let o = value.object {
                            merges.append(o)
                        } else if let a = value.array, a.allSatisfy({ $0.object != nil }) {
                            merges.append(contentsOf: a.compactMap(\.object))
                        } else {
                            throw YAMLError("yaml: map merge requires map or sequence of maps as the value")
                        }
                    } else {
                        object[key] = value
                    }
                    top.container = .mapping(object, key: nil, merges: merges)
                } else {
                    guard isScalar || value.object == nil && value.array == nil else {
                        throw YAMLError("yaml: invalid map key: a mapping or sequence cannot be a key")
                    }
                    let k = plain && raw == "<<" ? Self.mergeKey : YAMLScalar.keyString(value, raw: raw)
                    top.container = .mapping(object, key: k, merges: merges)
                }
            }
            stack.append(top)
        }
    }
}
