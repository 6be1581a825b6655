import Foundation

/// Where the configuration comes from, kept so SIGHUP can read it again.
public struct ConfigurationSource: Sendable {
    /// The configuration file (`--config`, else `VANORT_CONFIG`).
    public var file: String?
    public var environment: [String: String]
    /// Settings given as flags, by configuration key.
    public var flags: [String: String]

    public init(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment, flags: [String: String] = [:]) {
        self.file = file ?? environment["VANORT_CONFIG"]
        self.environment = environment
        self.flags = flags
    }

    public func load() throws(ConfigurationError) -> Configuration {
        try Configuration.load(file: file, environment: environment, flags: flags)
    }
}
