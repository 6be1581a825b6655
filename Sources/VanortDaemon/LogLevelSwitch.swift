import Foundation
import Logging
import Synchronization

/// The daemon's log level, shared by every logger so SIGHUP can change it in place.
public final class LogLevelSwitch: Sendable {
    private let level: Mutex<Logger.Level>

    public init(_ level: Logger.Level) {
        self.level = Mutex(level)
    }

    public var value: Logger.Level {
        get { level.withLock { $0 } }
        set { level.withLock { $0 = newValue } }
    }
}

/// Writes to stderr, one line an event, at the level the switch holds right now. Under
/// systemd (stderr is the journal: `JOURNAL_STREAM` is set) each line starts with its
/// syslog priority, `<3>` for errors, which journald turns into the entry's priority;
/// the journal adds the time itself.
public struct DaemonLogHandler: LogHandler {
    private var stream: StreamLogHandler
    private let levelSwitch: LogLevelSwitch
    private let journal: Bool
    private let label: String

    public init(
        label: String, levelSwitch: LogLevelSwitch, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.stream = StreamLogHandler.standardError(label: label)
        self.levelSwitch = levelSwitch
        self.journal = environment["JOURNAL_STREAM"] != nil
        self.label = label
    }

    public var logLevel: Logger.Level {
        get { levelSwitch.value }
        set { levelSwitch.value = newValue }
    }

    public var metadata: Logger.Metadata {
        get { stream.metadata }
        set { stream.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { stream[metadataKey: key] }
        set { stream[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        guard journal else { return stream.log(event: event) }
        var fields = stream.metadata
        if let metadata = event.metadata { fields.merge(metadata) { $1 } }
        let details = fields.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let line = "<\(Self.priority(event.level))>\(label): \(event.message)\(details)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// syslog(3)'s priority for a level.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
