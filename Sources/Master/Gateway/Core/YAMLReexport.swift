/// `YAMLToJSON` lived in this module before it became the `YAML` target (shared with compose
/// files); importing `Gateway` still brings it.
@_exported import YAML
