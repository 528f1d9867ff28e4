/// docker compose puts its file and project options before the subcommand (`compose -f x.yaml
/// logs -f`, where the second `-f` is `--follow`). The argument parser wants a command's
/// options after its name, so the options found between `compose` and the subcommand move
/// after it, in their long spelling. Pure.
public enum ComposeArguments {
    /// - Parameter arguments: the command line without the program name.
    public static func normalize(_ arguments: [String]) -> [String] {
        guard arguments.first == "compose" else { return arguments }
        var moved: [String] = []
        var i = 1
        while i < arguments.count {
            let word = arguments[i]
            let long: String? = switch word {
            case "-f", "--file": "--file"
            case "-p", "--project-name": "--project-name"
            default: nil
            }
            if let long, i + 1 < arguments.count {
                moved += [long, arguments[i + 1]]
                i += 2
            } else if word.hasPrefix("--file=") || word.hasPrefix("--project-name=") {
                moved.append(word)
                i += 1
            } else {
                break
            }
        }
        guard i < arguments.count, !moved.isEmpty else { return arguments }
        return ["compose", arguments[i]] + moved + arguments[(i + 1)...]
    }
}
