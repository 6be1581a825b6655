import ArgumentParser
import Foundation
import VanortDaemon
import VanortDomain

/// The flags every vanortd subcommand takes: `--config`, and one `--KEY VALUE` (or
/// `--KEY=VALUE`) per setting of `Configuration.settings`, where each setting is declared
/// once; the help lists them from there.
struct SettingsOptions: ParsableArguments {
    @Option(help: "Configuration file (env VANORT_CONFIG).") var config: String?
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Settings: --KEY VALUE for any key below.", valueName: "settings"))
    var settings: [String] = []

    /// The settings as `vanortd --help` shows them: the flag, then its help and variable.
    static var help: String {
        "Settings (a flag beats the environment variable, which beats the configuration file's key = value):\n"
            + Configuration.settingsHelp.map { "  \($0.flag) VALUE\n      \($0.help); env \($0.environment)" }.joined(separator: "\n")
    }

    /// The flags that were given, by configuration key.
    private(set) var given: [String: String] = [:]

    mutating func validate() throws {
        var given: [String: String] = [:]
        var index = settings.startIndex
        while index < settings.endIndex {
            let word = settings[index]
            guard word.hasPrefix("--"), word.count > 2 else { throw ValidationError("unexpected argument '\(word)'") }
            var key = String(word.dropFirst(2))
            var value: String?
            if let equals = key.firstIndex(of: "=") {
                value = String(key[key.index(after: equals)...])
                key = String(key[..<equals])
            }
            guard Configuration.isSetting(key) else {
                let guess = EditDistance.suggestion(for: key, among: Configuration.settingKeys).map { "; did you mean --\($0)?" } ?? ""
                throw ValidationError("vanortd has no setting --\(key)\(guess) (see --help)")
            }
            if value == nil {
                index += 1
                guard index < settings.endIndex else { throw ValidationError("--\(key) needs a value") }
                value = settings[index]
            }
            given[key] = value
            index += 1
        }
        self.given = given
    }

    var source: ConfigurationSource {
        ConfigurationSource(file: config, flags: given)
    }
}
