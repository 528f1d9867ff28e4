import Resources

/// `/version`: the Kubernetes version Skiff's API speaks. kubectl's dispatcher on this machine
/// picks the kubectl binary from `minor`, so this says 1.32.
public enum VersionInfo {
    public static let gitVersion = "v1.32.5+skiff"

    public static func json(skiffVersion: String) -> JSON {
        [
            "major": "1", "minor": "32", "gitVersion": .string(gitVersion),
            "gitCommit": .string("skiff-\(skiffVersion)"), "gitTreeState": "clean",
            "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.23.8", "compiler": "gc",
            "platform": "linux/amd64",
        ]
    }
}
