import ArgumentParser

/// Splits what follows a register command's verb into positional words and
/// `--key value` (or `--key=value`) options; global flags found there are applied, and
/// `--help` or `-h` there prints `command`'s help (`vanortctl visit add --help`).
struct FlagArguments {
    var positional: [String] = []
    var options: [(key: String, value: String)] = []

    static func parse(
        _ arguments: [String], globals: inout GlobalOptions, helpFor command: any ParsableCommand.Type
    ) throws -> FlagArguments {
        var result = FlagArguments()
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "--help" || word == "-h" { throw CleanExit.helpRequest(command) }
            guard word.hasPrefix("--"), word.count > 2 else {
                result.positional.append(word)
                continue
            }
            var key = String(word.dropFirst(2))
            var value: String?
            if let equals = key.firstIndex(of: "=") {
                value = String(key[key.index(after: equals)...])
                key = String(key[..<equals])
            }
            switch key {
            case "json": globals.json = true; continue
            case "csv": globals.csv = true; continue
            case "yes": globals.yes = true; continue
            case "wide": globals.wide = true; continue
            default: break
            }
            if value == nil {
                // A flag with no value (`--staff`) means true.
                if index < arguments.count, !arguments[index].hasPrefix("--") {
                    value = arguments[index]
                    index += 1
                } else {
                    value = "true"
                }
            }
            switch key {
            case "socket": globals.socket = value; continue
            case "columns": globals.columns = value; continue
            case "host": globals.host = value; continue
            case "token-file": globals.tokenFile = value; continue
            case "ca-file": globals.caFile = value; continue
            default: break
            }
            if result.options.contains(where: { $0.key == key }) {
                throw ValidationError("--\(key) given twice")
            }
            result.options.append((key, value ?? ""))
        }
        try globals.validate()
        return result
    }
}
