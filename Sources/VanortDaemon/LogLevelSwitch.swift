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

/// Writes to stderr, one line an event, at the level the switch holds right now.
public struct DaemonLogHandler: LogHandler {
    private var stream: StreamLogHandler
    private let levelSwitch: LogLevelSwitch

    public init(label: String, levelSwitch: LogLevelSwitch) {
        self.stream = StreamLogHandler.standardError(label: label)
        self.levelSwitch = levelSwitch
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
        stream.log(event: event)
    }
}
